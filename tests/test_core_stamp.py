"""`mou clauses stamp`: hashes recorded for new versions, approved text never re-approved."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mou_builder.cli import mou

CLAUSE = """\
# Counsel's note: keep this comment.
id: notices
title: Notices
elements: [notices]
versions:
  - version: 1
    status: approved
    effective: 2025-01-01
    text:
      - Notices go to the addresses on the signature page.
"""


def invoke(runner: CliRunner, library: Path, *args: str):
    return runner.invoke(mou, ["--library", str(library), "clauses", "stamp", *args])


def test_stamp_records_the_hash_and_keeps_comments(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notices.yaml").write_text(CLAUSE)
    result = invoke(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("notices@1: recorded sha256:")
    text = (tmp_path / "notices.yaml").read_text()
    assert text.startswith("# Counsel's note: keep this comment.\n")
    assert "    hash: sha256:" in text
    assert invoke(runner, tmp_path).output == "all versions carry their hashes\n"


def test_check_mode_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notices.yaml").write_text(CLAUSE)
    result = invoke(runner, tmp_path, "--check")
    assert result.exit_code == 1
    assert "would record" in result.output
    assert (tmp_path / "notices.yaml").read_text() == CLAUSE


def test_changed_approved_text_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notices.yaml"
    path.write_text(CLAUSE)
    invoke(runner, tmp_path)
    path.write_text(path.read_text().replace("signature page", "cover page"))
    result = invoke(runner, tmp_path)
    assert result.exit_code == 2
    assert "notices.yaml:6:5: clause 'notices' v1 is approved and its text no longer matches" in (
        result.output
    )
