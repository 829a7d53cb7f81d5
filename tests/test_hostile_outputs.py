"""No lost work: outputs are replaced whole or not at all, and never land on inputs.

A full disk or a permission error in the middle of a write leaves the previous file as it
was and says so; output paths inside the clause library or onto an input are refused.
"""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest

from hostile.support import assert_clean_failure, run_mou
from mou_builder.errors import OutputError
from mou_builder.util import atomic
from mou_builder.util.outputs import check_output, check_output_dir

OLD = b"the previous, complete output"


def _no_temp_files(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.endswith(".tmp")]


def _raise(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("replace", errno.ENOSPC),
        ("fsync", errno.ENOSPC),
        ("replace", errno.EACCES),
        ("mkstemp", errno.EACCES),
        ("fsync", errno.EIO),
    ],
)
def test_failed_write_keeps_the_previous_file_and_says_so(tmp_path, monkeypatch, target, code):
    out = tmp_path / "agreement.docx"
    out.write_bytes(OLD)
    owner = atomic.tempfile if target == "mkstemp" else atomic.os
    monkeypatch.setattr(owner, target, _raise(code))
    with pytest.raises(OutputError) as info:
        atomic.write_bytes_atomic(out, b"new bytes that never fully arrive")
    assert os.strerror(code) in str(info.value)
    if target != "mkstemp":
        assert "the previous file, if any, is unchanged" in str(info.value)
    assert out.read_bytes() == OLD
    assert _no_temp_files(tmp_path)


def test_write_that_fails_half_way_leaves_no_half_file(tmp_path, monkeypatch):
    out = tmp_path / "agreement.docx"
    out.write_bytes(OLD)

    with pytest.raises(OutputError), atomic.atomic_output(out) as handle:
        handle.write(b"PK\x03\x04 half of a zip")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert out.read_bytes() == OLD
    assert _no_temp_files(tmp_path)


def test_interrupted_write_leaves_no_temp_file(tmp_path):
    out = tmp_path / "agreement.docx"
    out.write_bytes(OLD)
    with pytest.raises(KeyboardInterrupt), atomic.atomic_output(out) as handle:
        handle.write(b"partial")
        raise KeyboardInterrupt
    assert out.read_bytes() == OLD
    assert _no_temp_files(tmp_path)


def test_mou_build_on_a_full_disk_keeps_the_previous_document(
    mini_library, write_spec, tmp_path, monkeypatch
):
    out = tmp_path / "out" / "agreement.docx"
    first = run_mou("--library", mini_library, "build", write_spec(), "-o", out)
    assert first.exit_code == 0, first.output
    before = out.read_bytes()
    monkeypatch.setattr(atomic.os, "replace", _raise(errno.ENOSPC))
    second = run_mou("--library", mini_library, "build", write_spec(), "-o", out)
    assert_clean_failure(
        second, 2, "No space left on device; the previous file, if any, is unchanged"
    )
    assert out.read_bytes() == before
    with zipfile.ZipFile(out) as archive:
        assert "word/document.xml" in archive.namelist()
    assert _no_temp_files(out.parent)


# --- output paths -------------------------------------------------------------------


def test_output_inside_the_library_is_refused(tmp_path):
    library = tmp_path / "clauses"
    library.mkdir()
    for path in (
        library / "purpose.yaml",
        library / "sub" / "x.docx",
        library,
        tmp_path / "out" / ".." / "clauses" / "new.docx",
    ):
        with pytest.raises(OutputError, match="inside the clause library"):
            check_output(path, library=library)


def test_output_through_a_symlink_into_the_library_is_refused(tmp_path):
    library = tmp_path / "clauses"
    library.mkdir()
    (tmp_path / "innocent").symlink_to(library)
    with pytest.raises(OutputError, match="inside the clause library"):
        check_output(tmp_path / "innocent" / "agreement.docx", library=library)


def test_output_onto_an_input_is_refused(tmp_path, monkeypatch):
    spec = tmp_path / "a.mou.yaml"
    spec.write_text("id: x\n")
    monkeypatch.chdir(tmp_path)
    for path in (spec, Path("a.mou.yaml"), tmp_path / "sub" / ".." / "a.mou.yaml"):
        with pytest.raises(OutputError, match="refusing to overwrite the input file"):
            check_output(path, inputs=[spec])
    link = tmp_path / "hard.docx"
    os.link(spec, link)
    with pytest.raises(OutputError, match="refusing to overwrite the input file"):
        check_output(link, inputs=[spec])


def test_ordinary_outputs_are_allowed(tmp_path):
    library = tmp_path / "clauses"
    library.mkdir()
    spec = tmp_path / "a.mou.yaml"
    spec.write_text("id: x\n")
    assert check_output(tmp_path / "out" / "a.docx", inputs=[spec], library=library) == (
        tmp_path / "out" / "a.docx"
    )
    assert check_output(tmp_path / "clauses-report.docx", library=library)
    assert check_output_dir(tmp_path / "out", inputs=[spec], library=library)


def test_output_directory_inside_the_library_is_refused(tmp_path):
    library = tmp_path / "clauses"
    library.mkdir()
    with pytest.raises(OutputError):
        check_output_dir(library / "built", library=library)


# --- commands that write one output: refuse the library and the inputs --------------


@pytest.mark.parametrize("where", ["spec", "library"])
def test_mou_build_refuses_to_write_over_its_spec_or_into_the_library(
    mini_library, write_spec, where
):
    spec = write_spec()
    before = spec.read_bytes()
    target = spec if where == "spec" else mini_library / "agreement.docx"
    result = run_mou("--library", mini_library, "build", spec, "-o", target)
    assert result.exit_code == 2, result.output
    assert "refusing to" in result.stderr
    assert spec.read_bytes() == before
    assert not (mini_library / "agreement.docx").exists()


def test_mou_redline_refuses_to_write_over_an_input(mini_library, write_spec, tmp_path):
    old = write_spec()
    new = write_spec(name="new.mou.yaml")
    before = old.read_bytes()
    result = run_mou("--library", mini_library, "redline", old, new, "-o", old)
    assert result.exit_code == 2 and "refusing to" in result.stderr
    assert old.read_bytes() == before


def test_mou_final_refuses_to_write_into_the_library(mini_library, write_spec):
    spec = write_spec()
    result = run_mou(
        "--library",
        mini_library,
        "final",
        spec,
        "--board-date",
        "2026-06-18",
        "--item",
        "7.3",
        "-o",
        mini_library / "final",
    )
    assert result.exit_code == 2, result.output
    assert "refusing to write inside the clause library" in result.stderr
    assert not (mini_library / "final").exists()


def test_mou_new_refuses_to_scaffold_into_the_library(mini_library, tmp_path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "mini.yaml").write_text(
        "id: mini\ntitle: Mini\nauthority: t\njurisdiction: t\nrequirements:\n"
        "  - {id: m.hours, element: hours, message: hours, citation: X 1}\n"
    )
    result = run_mou(
        "--library",
        mini_library,
        "new",
        mini_library,
        "--profile",
        "mini",
        env={"MOU_PROFILES": str(profiles)},
    )
    assert result.exit_code == 2, result.output
    assert "refusing to write inside the clause library" in result.stderr
