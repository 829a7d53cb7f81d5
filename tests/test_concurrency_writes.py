"""Interrupted and concurrent builds: only complete documents, never a mixed or half file.

These start real `mou` processes (the way a user or a scheduler does) and use signals.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import MINI_SPEC

MOU = [sys.executable, "-m", "mou_builder"]


@pytest.fixture
def env(tmp_path: Path, mini_library: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MOU_CLAUSES": str(mini_library),
        "MOU_CACHE_DIR": str(tmp_path / "cache"),
        "MOU_TODAY": "2026-08-01",
    }


def district(n: int, title: str = "School Resource Officer Agreement") -> str:
    return (
        MINI_SPEC.replace("MINI-2026", f"D{n:04d}-2026")
        .replace("Lakeside School District", f"District Number {n}")
        .replace("title: School Resource Officer Agreement", f"title: {title}")
    )


def complete(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None and "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


@pytest.mark.parametrize("whole_group", [False, True], ids=["parent", "terminal-ctrl-c"])
def test_ctrl_c_during_a_batch_leaves_only_complete_files(tmp_path, env, whole_group):
    """SIGINT to the parent only, or to the whole process group as a terminal's Ctrl-C."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for n in range(300):
        (specs / f"district-{n:04d}.mou.yaml").write_text(district(n))
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*MOU, "build", str(specs), "-o", str(out), "--jobs", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and any(p.suffix == ".docx" for p in out.iterdir()):
            break
        time.sleep(0.02)
    assert process.poll() is None, "the batch finished before it could be interrupted"
    if whole_group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    written = sorted(out.iterdir())
    assert written, "at least the first document was written"
    assert [p for p in written if p.suffix != ".docx"] == []  # no temporary files left
    assert all(complete(p) for p in written)
    assert len(written) < 300
    assert "not built (interrupted)" in stdout


def test_two_builds_writing_the_same_output_end_with_one_complete_file(tmp_path, env):
    alpha, beta = tmp_path / "alpha.mou.yaml", tmp_path / "beta.mou.yaml"
    alpha.write_text(district(1, "Alpha Agreement"))
    beta.write_text(district(1, "Beta Agreement"))
    out = tmp_path / "out" / "shared.docx"
    for _ in range(3):
        runs = [
            subprocess.Popen(
                [*MOU, "build", str(spec), "-o", str(out)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for spec in (alpha, beta)
        ]
        for run in runs:
            run.communicate(timeout=120)
            assert run.returncode == 0
        assert complete(out)
        with zipfile.ZipFile(out) as archive:
            document = archive.read("word/document.xml").decode()
        assert ("Alpha Agreement" in document) != ("Beta Agreement" in document)
        assert [p.name for p in out.parent.iterdir()] == ["shared.docx"]
