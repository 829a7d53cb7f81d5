"""Batch builds: every spec found is built, failures are listed with a reason, none stops it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hostile.support import run_mou
from mou_builder.sources.library import Library
from mou_builder.workflows.batch import MAX_CHUNK, build_many, chunk_size, find_specs, output_name

from conftest import MINI_SPEC

BAD_CHECKS = MINI_SPEC.replace("  contact: the records office\n", "")  # unfilled blank
BAD_YAML = "id: [broken\n"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_CACHE_DIR", str(tmp_path / "cache"))


def district(n: int) -> str:
    return MINI_SPEC.replace("MINI-2026", f"D{n:03d}-2026").replace(
        "Lakeside School District", f"District Number {n}"
    )


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    root = tmp_path / "specs"
    (root / "north").mkdir(parents=True)
    for n in range(1, 4):
        (root / "north" / f"district-{n}.mou.yaml").write_text(district(n))
    (root / "broken-checks.mou.yaml").write_text(BAD_CHECKS)
    (root / "broken-yaml.mou.yaml").write_text(BAD_YAML)
    (root / "notes.txt").write_text("not a spec")
    return root


def complete_docx(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return archive.testzip() is None and "word/document.xml" in archive.namelist()


def test_directory_batch_builds_every_spec_and_reports_each_failure(mini_library, specs, tmp_path):
    out = tmp_path / "out"
    result = run_mou("--library", mini_library, "build", specs, "-o", out, "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "district-1.docx",
        "district-2.docx",
        "district-3.docx",
    ]
    assert all(complete_docx(p) for p in out.iterdir())
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "built                        3",
        "failed checks                1",
        "bad input                    1",
    ]
    failed = next(line for line in lines if "broken-checks.mou.yaml" in line)
    assert failed.startswith("failed checks") and "1 error(s): 'records' has no value" in failed
    bad = next(line for line in lines if "broken-yaml.mou.yaml" in line)
    assert bad.startswith("bad input") and "malformed YAML" in bad
    assert "3 of 5 agreement(s) built" in result.stdout
    assert "not built" in result.stderr and "Traceback" not in result.output


def test_all_good_exits_zero_and_draws_no_bar_when_not_a_terminal(mini_library, specs, tmp_path):
    out = tmp_path / "out"
    result = run_mou("--library", mini_library, "build", specs / "north", "-o", out)
    assert result.exit_code == 0, result.output
    assert "building" not in result.stderr  # no progress bar off a terminal
    assert len(list(out.iterdir())) == 3


def test_globs_and_several_paths(mini_library, specs, tmp_path):
    out = tmp_path / "out"
    pattern = str(specs / "north" / "district-[12].mou.yaml")
    result = run_mou(
        "--library",
        mini_library,
        "build",
        pattern,
        specs / "north" / "district-3.mou.yaml",
        "-o",
        out,
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 3


def test_missing_paths_and_empty_globs_are_bad_input(mini_library, specs, tmp_path):
    result = run_mou(
        "--library",
        mini_library,
        "build",
        specs / "north",
        tmp_path / "nope.yaml",
        str(tmp_path / "*.none.mou.yaml"),
        "-o",
        tmp_path / "out",
    )
    assert result.exit_code == 1
    assert "file not found" in result.stdout and "the pattern matches no file" in result.stdout
    assert len(list((tmp_path / "out").iterdir())) == 3


def test_specs_with_the_same_file_name_never_write_the_same_output(mini_library, tmp_path):
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "agreement.mou.yaml").write_text(district(1))
    result = build_many([tmp_path / "a", tmp_path / "b"], tmp_path / "out", 2, library=mini_library)
    assert [o.status for o in result.outcomes] == ["built", "bad-input"]
    assert "writes the same output as" in result.outcomes[1].reason
    assert result.exit_code == 1


def test_output_directory_inside_the_library_is_refused(mini_library, specs):
    result = run_mou("--library", mini_library, "build", specs, "-o", mini_library / "built")
    assert result.exit_code == 2
    assert "refusing to write inside the clause library" in result.stderr


def test_one_process_and_two_processes_build_the_same_documents(mini_library, specs, tmp_path):
    one = build_many([specs], tmp_path / "one", 1, library=mini_library)
    two = build_many([specs], tmp_path / "two", 2, library=mini_library)
    assert [(o.spec, o.status) for o in one.outcomes] == [(o.spec, o.status) for o in two.outcomes]
    for built in one.built:
        name = Path(built.output or "").name
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_progress_is_reported_for_every_spec(mini_library, specs, tmp_path):
    seen: list[tuple[str, int]] = []
    result = build_many(
        [specs],
        tmp_path / "out",
        2,
        library=mini_library,
        progress=lambda outcome, total: seen.append((outcome.status, total)),
    )
    assert len(seen) == 5 and {total for _, total in seen} == {5}
    assert sorted(status for status, _ in seen) == sorted(o.status for o in result.outcomes)


def test_spec_discovery_is_recursive_sorted_and_deduplicated(specs):
    found, missing = find_specs([specs, specs / "north" / "district-1.mou.yaml"])
    assert [p.name for p in found] == [
        "broken-checks.mou.yaml",
        "broken-yaml.mou.yaml",
        "district-1.mou.yaml",
        "district-2.mou.yaml",
        "district-3.mou.yaml",
    ]
    assert missing == []
    assert output_name(Path("x/oak.mou.yaml")) == "oak.docx"
    assert output_name(Path("x/oak.mou.yaml"), "md") == "oak.md"


def test_allow_errors_builds_the_failing_spec_as_a_marked_draft(mini_library, specs, tmp_path):
    result = build_many(
        [specs / "broken-checks.mou.yaml", specs / "north"],
        tmp_path / "out",
        2,
        library=mini_library,
        allow_errors=True,
    )
    assert [o.status for o in result.outcomes] == ["built"] * 4
    assert result.outcomes[0].reason == "DRAFT — NOT FOR APPROVAL"


@pytest.mark.parametrize("count", [1, 5, 40, 200, 13_000])
def test_work_goes_out_in_small_chunks_that_keep_every_worker_busy(count: int) -> None:
    jobs = 2
    size = chunk_size(count, jobs)
    assert 1 <= size <= MAX_CHUNK
    tasks = -(-count // size)
    assert tasks >= min(count, jobs * 8)  # a batch's end is shared, not left to one worker


def test_a_document_the_disk_refuses_is_not_reported_built(
    mini_library, specs, tmp_path, monkeypatch
):
    """Workers write each document in the background while building the next; a spec
    only counts as built once its document is on disk."""
    from mou_builder.errors import OutputError
    from mou_builder.util import atomic
    from mou_builder.workflows import batch

    real = atomic._write_bytes

    def disk_full_for_two(path: Path, data: bytes) -> None:
        if path.name.startswith("D002"):
            raise OutputError(f"{path}: cannot write: No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "_write_bytes", disk_full_for_two)
    monkeypatch.setattr(batch, "_WORKER", {"library": Library.load(mini_library), "options": {}})
    out = tmp_path / "out"
    out.mkdir()
    pairs = [
        (str(spec), str(out / f"D00{n}.docx"))
        for n, spec in enumerate(sorted((specs / "north").glob("*.mou.yaml")), start=1)
    ]
    outcomes = batch.build_chunk(pairs)
    assert [o.status for o in outcomes] == ["built", "bad-input", "built"]
    assert "No space left on device" in outcomes[1].reason and outcomes[1].output is None
    assert sorted(p.name for p in out.iterdir()) == ["D001.docx", "D003.docx"]
    assert all(complete_docx(out / name) for name in ("D001.docx", "D003.docx"))
