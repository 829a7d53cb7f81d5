"""`mou build`: where the file goes, checks first, atomic output, Markdown, exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from mou_builder.cli import mou
from mou_builder.ooxml.ns import w
from mou_builder.sources.library import Library
from mou_builder.workflows.build import DRAFT_STAMP, BuildBlocked, build, output_path

from conftest import MINI_SPEC

BROKEN_SPEC = MINI_SPEC.replace("  - rules-of-duty@1\n", "")  # purpose refers to it


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_CACHE_DIR", str(tmp_path / "cache"))


def run(runner: CliRunner, library: Path, *args: str):
    return runner.invoke(mou, ["--library", str(library), "build", *args])


def paragraphs(path: Path) -> list[str]:
    """Every paragraph's text, clause content controls included (python-docx skips those)."""
    body = docx.Document(io.BytesIO(path.read_bytes())).element.body
    return ["".join(t.text or "" for t in p.iter(w("t"))) for p in body.iter(w("p"))]


def test_output_directory_gets_a_file_named_after_the_spec_id(
    runner, mini_library, write_spec, tmp_path
):
    out = tmp_path / "out"
    result = run(runner, mini_library, str(write_spec()), "-o", f"{out}/")
    assert result.exit_code == 0, result.output
    target = out / "MINI-2026.docx"
    assert f"wrote {target}" in result.output
    assert "Purpose" in paragraphs(target)


def test_output_may_be_a_file(runner, mini_library, write_spec, tmp_path):
    target = tmp_path / "board" / "packet.docx"
    result = run(runner, mini_library, str(write_spec()), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert not list(target.parent.glob(".*.tmp"))


def test_default_output_is_out_slash_id(runner, mini_library, write_spec, tmp_path, monkeypatch):
    spec = write_spec()
    monkeypatch.chdir(tmp_path)
    result = run(runner, mini_library, str(spec))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "MINI-2026.docx").is_file()


def test_output_path_rules(tmp_path):
    assert output_path(None, "A-1") == Path("out/A-1.docx")
    assert output_path(tmp_path, "A-1", "md") == tmp_path / "A-1.md"
    assert output_path(tmp_path / "x.docx", "A-1") == tmp_path / "x.docx"
    assert output_path(tmp_path / "newdir", "A-1") == tmp_path / "newdir" / "A-1.docx"


def test_check_errors_stop_the_build_with_exit_one(runner, mini_library, write_spec, tmp_path):
    out = tmp_path / "out"
    result = run(runner, mini_library, str(write_spec(BROKEN_SPEC)), "-o", str(out))
    assert result.exit_code == 1
    assert "refers to 'rules-of-duty'" in result.output
    assert "(dangling-reference)" in result.output
    assert "--allow-errors" in result.output
    assert not out.exists() or not list(out.iterdir())


def test_allow_errors_builds_a_stamped_draft(runner, mini_library, write_spec, tmp_path):
    out = tmp_path / "out"
    result = run(
        runner,
        mini_library,
        str(write_spec(BROKEN_SPEC)),
        "-o",
        str(out),
        "--allow-errors",
        "--no-draft",
    )
    assert result.exit_code == 0, result.output
    assert DRAFT_STAMP in result.output
    document = docx.Document(str(out / "MINI-2026.docx"))
    assert DRAFT_STAMP in [p.text for p in document.paragraphs]
    header = document.sections[0].header
    assert DRAFT_STAMP in "".join(p.text for p in header.paragraphs)


def test_a_failed_build_leaves_the_existing_output_intact(
    runner, mini_library, write_spec, tmp_path
):
    target = tmp_path / "agreement.docx"
    assert run(runner, mini_library, str(write_spec()), "-o", str(target)).exit_code == 0
    before = target.read_bytes()
    # checks fail: nothing is written
    spec = write_spec(BROKEN_SPEC, "broken.mou.yaml")
    assert run(runner, mini_library, str(spec), "-o", str(target)).exit_code == 1
    assert target.read_bytes() == before
    # a bad template fails while writing would be under way: still intact, no temp files
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run(runner, mini_library, str(write_spec()), "-o", str(target), "--template", str(bad))
    assert result.exit_code == 2
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_bad_template_is_one_clear_line_and_exit_two(runner, mini_library, write_spec, tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    result = run(
        runner, mini_library, str(write_spec()), "-o", str(tmp_path / "o"), "--template", str(plain)
    )
    assert result.exit_code == 2
    assert "{{ clauses }}" in result.output
    assert "Traceback" not in result.output
    missing = run(
        runner, mini_library, str(write_spec()), "--template", str(tmp_path / "nope.docx")
    )
    assert missing.exit_code == 2
    assert "template not found" in missing.output


def test_markdown_has_cover_sections_items_tables_and_signatures(
    runner, mini_library, write_spec, tmp_path
):
    result = run(runner, mini_library, str(write_spec()), "-o", str(tmp_path), "--format", "md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "MINI-2026.md").read_text().replace("\u00a0", " ")
    assert text.startswith("**DRAFT**\n\n# School Resource Officer Agreement\n")
    assert "| Term | July 1, 2026 to June 30, 2027 |" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. Purpose",
        "## 2. Duties",
        "## 3. Hours",
        "## 4. Student Records",
        "## 5. Training",
        "## Signatures",
        "## Board Approval",
    ]
    assert "- (a) patrol the campus;\n- (b) respond to crimes." in text
    assert "| School | Hours |\n|---|---|\n| Lakeside High | 30 |" in text
    assert "Duties are limited as Section 2 provides." in text
    assert "*youth-focused*" in text
    assert "Ana Park, Superintendent" in text and "Lee Stone, Chief of Police" in text


def test_core_build_returns_the_result(mini_library, write_spec, tmp_path):
    result = build(write_spec(), tmp_path, library=Library.load(mini_library))
    assert result.path == tmp_path / "MINI-2026.docx"
    assert result.stamp is None and result.check.ok()
    with pytest.raises(BuildBlocked):
        build(write_spec(BROKEN_SPEC, "b.mou.yaml"), tmp_path, library=Library.load(mini_library))
