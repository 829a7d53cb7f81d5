"""Stealth content outside the body's own runs: headers, footers, notes, comments and text
boxes are read with the body's checks, and review names the part each finding is in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.docx_edits import CLAUSE, NEW, edit_docx
from hostile.story_edits import EXCEPTION, MAY, STORY_CASES
from hostile.support import build_example, review_json
from mou_builder.cli import mou

SPEC = Path(__file__).resolve().parents[1] / "examples" / "oakview-ca.mou.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("built"))


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


def _box(style: str) -> str:
    from hostile.docx_edits import _paragraph, _run

    return _paragraph(
        '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
        f'style="{style}"><v:textbox><w:txbxContent>{_paragraph(_run(NEW))}</w:txbxContent>'
        "</v:textbox></v:shape></w:pict></w:r>"
    )


_ANCHORED = (
    '<w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/'
    '2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
    'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>-40000000'
    '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>0'
    '</wp:posOffset></wp:positionV><wp:extent cx="3000000" cy="500000"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
    'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>'
    f"<w:txbxContent><w:p><w:r><w:t>{NEW}</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
    "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
)


@pytest.mark.parametrize(
    ("box", "why"),
    [
        (_box("position:absolute;margin-left:-2000pt;width:300pt;height:40pt"), "off the page"),
        (_box("width:300pt;height:40pt;visibility:hidden"), "styled hidden"),
        (_box("width:0.5pt;height:40pt"), "too small"),
        (_ANCHORED, "off the page"),
        (_box("width:300pt;height:40pt"), None),
    ],
)
def test_a_text_box_no_reader_sees_says_so(built: Path, tmp_path: Path, box: str, why: str | None):
    from hostile.docx_edits import PLAIN_PARAGRAPH, _replace

    document = edit_docx(
        built, tmp_path / "box.docx", _replace(PLAIN_PARAGRAPH, PLAIN_PARAGRAPH + box)
    )
    data = review_json(document, "--spec", str(SPEC))
    [finding] = [f for f in data["findings"] if f["kind"] == "text-box"]
    assert finding["clause"] == CLAUSE and finding["text"] == NEW
    if why is None:
        assert finding["seen"] == "the text-box text"
    else:
        assert finding["seen"].startswith("nothing: ") and why in finding["seen"]


def test_accept_all_names_stealth_content_of_a_footnote_and_does_not_take_it(
    built: Path, tmp_path: Path
):
    edit, _ = STORY_CASES["footnote-hidden"]
    document = edit_docx(built, tmp_path / "note.docx", edit)
    out = tmp_path / "next.mou.yaml"
    result = CliRunner().invoke(
        mou, ["accept", str(document), "--spec", str(SPEC), "--all", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "hidden in qualifications-selection (word/footnotes.xml)" in result.output
    assert "accepted: none" in result.output
    assert "Chief decides" not in out.read_text()


def test_a_body_level_choice_reads_as_word_shows_it(built: Path, tmp_path: Path):
    """The new paragraph in a body-level mc:Choice is a finding, and an untracked edit of
    the clause it sits in (Word and LibreOffice show it)."""
    from hostile.docx_edits import CASES

    document = edit_docx(built, tmp_path / "choice.docx", CASES["alternate-content"])
    data = review_json(document, "--spec", str(SPEC))
    assert [(f["kind"], f["clause"]) for f in data["findings"]] == [("alternate-content", CLAUSE)]
    [edit_seen] = data["changes"]
    assert edit_seen["clause"] == CLAUSE and edit_seen["text"] == NEW
