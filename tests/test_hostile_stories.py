"""Stealth content outside the body's own runs: headers, footers, notes, comments and text
boxes are read with the body's checks, and review names the part each finding is in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.docx_edits import CLAUSE, NEW, edit_docx
from hostile.story_edits import EXCEPTION, MAY, STORY_CASES
from mou_builder.cli import mou

SPEC = Path(__file__).resolve().parents[1] / "examples" / "oakview-ca.mou.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "oakview.docx"
    result = CliRunner().invoke(mou, ["build", str(SPEC), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def review_json(document: Path, *args: str) -> dict:
    result = CliRunner().invoke(mou, ["review", str(document), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_document_as_built_has_no_findings(built: Path):
    assert review_json(built, "--spec", str(SPEC))["findings"] == []


@pytest.mark.parametrize("case", sorted(STORY_CASES))
def test_review_reports_stealth_content_with_its_part_and_clause(
    built: Path, tmp_path: Path, case: str
):
    edit, (kind, clause, part) = STORY_CASES[case]
    document = edit_docx(built, tmp_path / f"{case}.docx", edit)
    data = review_json(document, "--spec", str(SPEC))
    found = [(f["kind"], f["clause"], f["part"], f["severity"]) for f in data["findings"]]
    assert (kind, clause, part, "error") in found, found


def test_hidden_text_in_a_footnote_is_named_with_what_it_says(built: Path, tmp_path: Path):
    edit, _ = STORY_CASES["footnote-hidden"]
    document = edit_docx(built, tmp_path / "note.docx", edit)
    data = review_json(document, "--spec", str(SPEC))
    [hidden] = [f for f in data["findings"] if f["kind"] == "hidden"]
    assert hidden["text"] == EXCEPTION and hidden["section"] == 7
    result = CliRunner().invoke(mou, ["review", str(document), "--spec", str(SPEC)])
    assert "hidden in word/footnotes.xml" in result.output


def test_white_header_text_is_found_without_a_spec_too(built: Path, tmp_path: Path):
    edit, _ = STORY_CASES["header-white"]
    document = edit_docx(built, tmp_path / "white.docx", edit)
    [finding] = review_json(document)["findings"]
    assert finding["text"] == NEW and "FFFFFF" in finding["seen"]


def test_a_paragraph_reads_as_its_choice_and_the_other_branch_is_named(built: Path, tmp_path: Path):
    """Word and LibreOffice show the mc:Choice; the sentence sent survives in the mc:Fallback
    only. Review reads the Choice (the untracked edit) and reports both branches."""
    edit, _ = STORY_CASES["paragraph-alternate"]
    document = edit_docx(built, tmp_path / "alt.docx", edit)
    data = review_json(document, "--spec", str(SPEC))
    [finding] = [f for f in data["findings"] if f["kind"] == "alternate-content"]
    assert MAY in finding["seen"] and "shall not assign" in finding["seen"]
    edits = [c for c in data["changes"] if c["kind"] == "untracked"]
    assert {c["clause"] for c in edits} == {CLAUSE}
    assert "[-shall not assign an-]{+may assign any+} officer" in edits[0]["context"]


def test_same_branches_of_alternate_content_are_no_finding(built: Path, tmp_path: Path):
    from hostile.docx_edits import PLAIN_RUN, _replace
    from hostile.story_edits import _alternate

    same = _replace(PLAIN_RUN, _alternate(PLAIN_RUN, PLAIN_RUN))
    document = edit_docx(built, tmp_path / "same.docx", same)
    data = review_json(document, "--spec", str(SPEC))
    assert data["findings"] == [] and data["changes"] == []


def test_verify_names_the_part_of_hidden_header_text(tmp_path: Path):
    args = ["--board-date", "2026-06-15", "--item", "7.2", "--resolution", "2026-41"]
    spec = tmp_path / "oakview.mou.yaml"
    spec.write_text(
        SPEC.read_text().replace(
            "  - id: hours-full-time\n    version: 1\n", "  - id: hours-full-time\n    version: 2\n"
        )
    )
    result = CliRunner().invoke(mou, ["final", str(spec), *args, "-o", str(tmp_path / "final")])
    assert result.exit_code == 0, result.output
    record = next((tmp_path / "final").glob("*-final.docx"))
    edit, _ = STORY_CASES["header-white"]
    document = edit_docx(record, tmp_path / "white.docx", edit)
    result = CliRunner().invoke(mou, ["verify", str(document)])
    assert result.exit_code == 1, result.output
    assert "word/header1.xml" in result.output and "as approved" not in result.output


def test_cell_shading_hides_text_of_its_colour():
    from lxml import etree

    from mou_builder.ooxml.text import hidden_reason

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cell = etree.fromstring(
        f'<w:tc xmlns:w="{w}"><w:tcPr><w:shd w:fill="1F3864"/></w:tcPr><w:p><w:r><w:rPr>'
        '<w:color w:val="1F3864"/></w:rPr><w:t>not</w:t></w:r><w:r><w:rPr><w:color '
        'w:val="FFFFFF"/></w:rPr><w:t>shown</w:t></w:r></w:p></w:tc>'
    )
    dark, light = cell.iter(f"{{{w}}}r")
    assert hidden_reason(dark) == "text coloured 1F3864 on 1F3864"
    assert hidden_reason(light) is None
