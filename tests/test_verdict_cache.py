"""The verdict cache: a read-only invocation asked again, with nothing it read changed, prints
the same bytes and exits with the same code without loading click or the models; any change
to what it read (or to how it would run) makes it run again."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mou_builder.cli.verdict import MAGIC, checksum

from conftest import EXAMPLES, MINI_SPEC, PROFILES

HEAVY = ("click", "pydantic", "yaml", "jinja2")
PROBE = f"""
import sys
from mou_builder.cli import main
report, args = sys.argv[1], sys.argv[2:]
try:
    code = main(args)
except SystemExit as exc:
    code = exc.code
finally:
    loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
    with open(report, "w") as handle:
        handle.write(" ".join(loaded))
sys.exit(code)
"""


@dataclass(frozen=True)
class Run:
    out: bytes
    err: bytes
    code: int
    loaded: str  # the heavy packages the run imported

    @property
    def replayed(self) -> bool:
        return self.loaded == ""

    def same_as(self, other: Run) -> bool:
        return (self.out, self.err, self.code) == (other.out, other.err, other.code)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def mou(tmp_path: Path, cache: Path) -> Callable[..., Run]:
    def run(*args: str, cwd: Path = tmp_path, cached: bool = True, **env: str) -> Run:
        report = tmp_path / "loaded.txt"
        environ = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "MOU_TODAY": "2026-08-01",
            "MOU_CACHE_DIR": str(cache) if cached else "off",
            **env,
        }
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(report), *args],
            cwd=cwd,
            env=environ,
            capture_output=True,
            check=False,
            timeout=120,
        )
        return Run(done.stdout, done.stderr, done.returncode, report.read_text())

    return run


@pytest.fixture
def project(tmp_path: Path, mini_library: Path, write_spec: Callable[..., Path]) -> Path:
    """A project directory with its own ./clauses and a spec."""
    write_spec()
    return tmp_path


def _first_second_and_cold(mou: Callable[..., Run], *args: str, **env: str) -> list[Run]:
    return [mou(*args, **env), mou(*args, **env), mou(*args, cached=False, **env)]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "spec.mou.yaml"], 0),
        (["check", "spec.mou.yaml", "--format", "json"], 0),
        (["--library", "clauses", "check", "--matrix", "spec.mou.yaml"], 0),
        (["check", "spec.mou.yaml", "--profile", "ca-bp-3515-31"], 1),
        (["check", "spec.mou.yaml", "--profile", "ca-bp-3515-31", "--format=json"], 1),
        (["check", "missing.mou.yaml"], 2),
    ],
)
def test_a_second_check_replays_the_first_byte_for_byte(
    project: Path, mou: Callable[..., Run], args: list[str], code: int
) -> None:
    first, second, cold = _first_second_and_cold(mou, *args)
    assert cold.code == code
    assert not first.replayed and first.same_as(cold)
    assert second.replayed and second.same_as(cold)


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["check", "--help"], ["clauses", "--help"], ["chek", "--help"]]
)
def test_help_replayed_is_clicks_own_rendering(mou: Callable[..., Run], args: list[str]) -> None:
    first, second, cold = _first_second_and_cold(mou, *args)
    assert (cold.code, bool(cold.out)) in ((0, True), (2, False))  # chek: no such command
    assert second.replayed and second.same_as(cold) and first.same_as(cold)


def test_an_example_check_replays_the_same_findings(mou: Callable[..., Run]) -> None:
    spec = str(EXAMPLES / "oakview-ca.mou.yaml")
    first, second, cold = _first_second_and_cold(mou, "check", spec, "--strict")
    assert cold.code == 1 and b"warning" in cold.out
    assert second.replayed and second.same_as(cold) and first.same_as(cold)


def _edit_spec(project: Path) -> dict[str, str]:
    (project / "spec.mou.yaml").write_text(MINI_SPEC.replace("hours_per_day: 7", "x: 1"))
    return {}


def _edit_clause(project: Path) -> dict[str, str]:
    clause = project / "clauses" / "training.yaml"
    clause.write_text(clause.read_text().replace("youth-focused", "youth-centred"))
    return {}


def _add_clause_file(project: Path) -> dict[str, str]:
    (project / "clauses" / "stray.yaml").write_text("id: stray\n")
    return {}


def _remove_project_library(project: Path) -> dict[str, str]:
    shutil.rmtree(project / "clauses")
    return {}


def _name_a_library(project: Path) -> dict[str, str]:
    other = project / "other"
    shutil.copytree(project / "clauses", other)
    return {"MOU_CLAUSES": str(other)}


def _another_day(project: Path) -> dict[str, str]:
    return {"MOU_TODAY": "2027-08-01"}  # the agreement has expired


def _terminal_width(project: Path) -> dict[str, str]:
    return {"COLUMNS": "60"}


@pytest.mark.parametrize(
    "change",
    [
        _edit_spec,
        _edit_clause,
        _add_clause_file,
        _remove_project_library,
        _name_a_library,
        _another_day,
        _terminal_width,
    ],
)
def test_a_change_to_what_check_read_runs_it_again(
    project: Path, mou: Callable[..., Run], change: Callable[[Path], dict[str, str]]
) -> None:
    mou("check", "spec.mou.yaml")
    assert mou("check", "spec.mou.yaml").replayed
    env = change(project)
    after, again, cold = _first_second_and_cold(mou, "check", "spec.mou.yaml", **env)
    assert not after.replayed and after.same_as(cold)
    assert again.replayed and again.same_as(cold)


def test_a_project_library_appearing_is_seen(
    tmp_path: Path, mou: Callable[..., Run], write_spec: Callable[..., Path], mini_library: Path
) -> None:
    """With no ./clauses the shipped library is used; one created afterwards takes over."""
    write_spec()
    mini_library.rename(tmp_path / "kept")
    before = mou("check", "spec.mou.yaml")
    assert mou("check", "spec.mou.yaml").replayed
    (tmp_path / "kept").rename(tmp_path / "clauses")
    after, cold = mou("check", "spec.mou.yaml"), mou("check", "spec.mou.yaml", cached=False)
    assert not after.replayed and after.same_as(cold) and not after.same_as(before)


def test_an_edited_profile_runs_again(project: Path, mou: Callable[..., Run]) -> None:
    profiles = project / "profiles"
    profiles.mkdir()
    shutil.copy(PROFILES / "ca-bp-3515-31.yaml", profiles)
    args = ("check", "spec.mou.yaml", "--profile", "ca-bp-3515-31")
    mou(*args)
    assert mou(*args).replayed
    profile = profiles / "ca-bp-3515-31.yaml"
    profile.write_text(profile.read_text() + "\n# reviewed\n")
    assert not mou(*args).replayed
    assert mou(*args).replayed


def test_another_working_directory_runs_again(project: Path, mou: Callable[..., Run]) -> None:
    mou("--help")
    assert mou("--help").replayed
    elsewhere = project / "sub"
    elsewhere.mkdir()
    assert not mou("--help", cwd=elsewhere).replayed


def _entry_file(cache: Path) -> Path:
    (entry,) = (cache / "verdicts").iterdir()
    return entry


def _rewrite(file: Path, change: Callable[[tuple], tuple]) -> None:
    """Change an entry's content and sign it again, as a well-formed but stale entry."""
    data = file.read_bytes()
    body = data[len(MAGIC) + 65 :]
    entry = change(marshal.loads(body))
    body = marshal.dumps(entry)
    file.write_bytes(MAGIC + checksum(entry[0], body) + b"\n" + body)


def test_changed_mou_code_runs_again(project: Path, mou: Callable[..., Run], cache: Path) -> None:
    """Each mou module that made the verdict is stamped (size and modification time)."""
    first = mou("--help")
    file = _entry_file(cache)
    _rewrite(file, lambda e: (*e[:6], tuple((p, s + 1, m) for p, s, m in e[6]), *e[7:]))
    after = mou("--help")
    assert not after.replayed and after.same_as(first)
    assert mou("--help").replayed


def test_a_replay_with_a_changed_output_is_possible_only_through_a_valid_entry(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    """The test above is not vacuous: a re-signed entry with intact stamps is replayed as is."""
    mou("--help")
    _rewrite(_entry_file(cache), lambda e: (e[0], e[1], ((1, b"forged\n"),), *e[3:]))
    assert mou("--help").out == b"forged\n"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"mou-verdict-0\n" + data[len(MAGIC) :],  # another format
        lambda data: b"",  # empty
        lambda data: os.urandom(len(data)),  # noise
    ],
)
def test_a_damaged_entry_is_ignored_and_written_again(
    project: Path, mou: Callable[..., Run], cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    cold = mou("check", "spec.mou.yaml", cached=False)
    mou("check", "spec.mou.yaml")
    file = _entry_file(cache)
    file.write_bytes(damage(file.read_bytes()))
    after = mou("check", "spec.mou.yaml")
    assert not after.replayed and after.same_as(cold)
    again = mou("check", "spec.mou.yaml")
    assert again.replayed and again.same_as(cold)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_an_entry_that_is_not_a_regular_file_is_ignored_and_replaced(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    """A named pipe where the entry was would block a reader forever."""
    cold = mou("--help", cached=False)
    mou("--help")
    file = _entry_file(cache)
    file.unlink()
    os.mkfifo(file)
    after = mou("--help")
    assert not after.replayed and after.same_as(cold)
    assert mou("--help").replayed


def test_the_cache_switch_turns_verdicts_off(mou: Callable[..., Run], cache: Path) -> None:
    mou("--help", cached=False)
    assert not mou("--help", cached=False).replayed
    assert not (cache / "verdicts").exists()


def test_the_verdict_switch_turns_only_verdicts_off(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    for _ in range(2):
        assert not mou("check", "spec.mou.yaml", MOU_VERDICTS="off").replayed
    assert not (cache / "verdicts").exists()
    assert (cache / "parsed").is_dir()  # the parsed inputs are still cached


def test_commands_that_write_other_than_build_are_never_replayed(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    for _ in range(2):
        run = mou("final", "spec.mou.yaml", "-o", str(project / "final"), "--approved-on", "x")
        assert not run.replayed
        run = mou("upgrade", "spec.mou.yaml")
        assert not run.replayed
    assert not (cache / "verdicts").exists()


BUILD = ("build", "spec.mou.yaml", "-o", "out/")


def _built(project: Path) -> bytes:
    return (project / "out" / "MINI-2026.docx").read_bytes()


def _cold_build(project: Path, mou: Callable[..., Run], *args: str) -> tuple[Run, bytes]:
    """What the build prints and writes without the cache (then the document is removed)."""
    cold = mou(*args, cached=False)
    document = _built(project)
    (project / "out" / "MINI-2026.docx").unlink()
    return cold, document


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (BUILD, 0),
        ((*BUILD, "--format", "md"), 0),
        ((*BUILD, "--no-draft", "--lang", "es"), 0),
        ((*BUILD, "--profile", "ca-bp-3515-31", "--allow-errors"), 0),
        ((*BUILD, "--profile", "ca-bp-3515-31"), 1),  # blocked: nothing written
    ],
)
def test_a_second_build_writes_the_same_document_and_output_without_the_models(
    project: Path, mou: Callable[..., Run], args: tuple[str, ...], code: int
) -> None:
    (project / "out").mkdir()
    suffix = ".md" if "md" in args else ".docx"
    document = project / "out" / f"MINI-2026{suffix}"
    cold = mou(*args, cached=False)
    made = document.read_bytes() if document.exists() else None
    document.unlink(missing_ok=True)
    first, second = mou(*args), mou(*args)
    assert cold.code == code and (made is not None) == (code == 0)
    assert not first.replayed and first.same_as(cold)
    document.unlink(missing_ok=True)  # a replay writes it again
    third = mou(*args)
    assert second.replayed and second.same_as(cold)
    assert third.replayed and third.same_as(cold)
    assert (document.read_bytes() if document.exists() else None) == made


def _edit_spec_title(project: Path) -> None:
    spec = project / "spec.mou.yaml"
    spec.write_text(spec.read_text().replace("Resource Officer Agreement", "Officer Agreement"))


def _edit_a_clause(project: Path) -> None:
    _edit_clause(project)


def _output_made_a_directory(project: Path) -> None:
    """``-o out/x.docx`` is a directory now: the document goes inside it."""
    (project / "out" / "MINI-2026.docx").unlink()
    (project / "out" / "MINI-2026.docx").mkdir()


def _output_linked_to_the_spec(project: Path) -> None:
    (project / "out" / "MINI-2026.docx").unlink()
    os.link(project / "spec.mou.yaml", project / "out" / "MINI-2026.docx")


def _output_became_a_final_copy(project: Path) -> None:
    """A final copy's manifest beside the document: it is the board's record now."""
    (project / "out" / "MINI-2026.manifest.json").write_text("{}\n")


def _output_directory_moved(project: Path) -> None:
    """``out`` is now a link to a directory elsewhere."""
    (project / "out").rename(project / "elsewhere")
    (project / "out").symlink_to(project / "clauses")


@pytest.mark.parametrize(
    "change",
    [
        _edit_spec_title,
        _edit_a_clause,
        _output_made_a_directory,
        _output_linked_to_the_spec,
        _output_became_a_final_copy,
        _output_directory_moved,
    ],
)
def test_a_change_to_what_build_read_or_where_it_writes_runs_it_again(
    project: Path, mou: Callable[..., Run], change: Callable[[Path], None]
) -> None:
    (project / "out").mkdir()
    mou(*BUILD), mou(*BUILD)
    assert mou(*BUILD).replayed
    change(project)
    spec = (project / "spec.mou.yaml").read_bytes()
    after = mou(*BUILD)
    cold = mou(*BUILD, cached=False)
    assert not after.replayed and after.same_as(cold)
    assert (project / "spec.mou.yaml").read_bytes() == spec  # never over an input


def test_an_edited_spec_is_built_again_not_replayed(project: Path, mou: Callable[..., Run]) -> None:
    (project / "out").mkdir()
    mou(*BUILD), mou(*BUILD)
    _edit_spec_title(project)
    _, expected = _cold_build(project, mou, *BUILD)
    assert not mou(*BUILD).replayed
    assert _built(project) == expected
    assert mou(*BUILD).replayed and _built(project) == expected


def test_a_build_into_a_directory_it_must_make_is_not_kept(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    for _ in range(2):
        shutil.rmtree(project / "new", ignore_errors=True)
        assert not mou("build", "spec.mou.yaml", "-o", "new/").replayed
        assert (project / "new" / "MINI-2026.docx").is_file()


def test_a_replay_that_cannot_write_runs_the_build_instead(
    project: Path, mou: Callable[..., Run]
) -> None:
    """``out/`` removed since: the replay cannot write there; the build runs and makes it."""
    (project / "out").mkdir()
    mou(*BUILD), mou(*BUILD)
    cold, expected = _cold_build(project, mou, *BUILD)
    shutil.rmtree(project / "out")
    run = mou(*BUILD)
    assert not run.replayed and run.same_as(cold) and _built(project) == expected
    assert [p.name for p in (project / "out").iterdir()] == ["MINI-2026.docx"]  # no temp file


def test_a_batch_build_is_never_replayed(project: Path, mou: Callable[..., Run]) -> None:
    (project / "out").mkdir()
    for _ in range(3):
        assert not mou("build", "*.mou.yaml", "-o", "out/").replayed
        assert not mou("build", ".", "-o", "out/", "-q").replayed
