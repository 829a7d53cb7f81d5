"""Hostile edits made without Track Changes: `mou review` reports each in its clause,
`mou accept` does not take it silently, `mou verify` does not call it approved."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.docx_edits import CASES, CLAUSE, edit_docx
from hostile.support import build_example, review_json
from mou_builder.cli import mou

#: cases whose change is on every page, in no clause
OUTSIDE = {"header-text", "footer-text"}

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "examples" / "oakview-ca.mou.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("built"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_review_reports_each_hostile_edit_in_its_clause(built: Path, tmp_path: Path, case: str):
    edit = CASES[case]
    document = edit_docx(built, tmp_path / f"{case}.docx", edit)
    data = review_json(document, "--spec", str(SPEC))
    clause = None if case in OUTSIDE else CLAUSE
    findings = [f for f in data["findings"] if f["clause"] == clause]
    assert findings, data["findings"]
    assert all(f["severity"] in ("error", "warning") and f["seen"] for f in findings)
    assert data["summary"]["findings"] == len(data["findings"])


def test_hidden_text_is_an_untracked_edit_too(built: Path, tmp_path: Path):
    document = edit_docx(built, tmp_path / "vanish.docx", CASES["vanish"])
    data = review_json(document, "--spec", str(SPEC))
    untracked = [c for c in data["changes"] if c["kind"] == "untracked"]
    assert [c["clause"] for c in untracked] == [CLAUSE]
    assert "[-not -]" in untracked[0]["context"]
    assert data["findings"][0]["kind"] == "hidden"


def test_text_view_escapes_invisible_characters(built: Path, tmp_path: Path):
    document = edit_docx(built, tmp_path / "zw.docx", CASES["zero-width"])
    result = CliRunner().invoke(mou, ["review", str(document), "--spec", str(SPEC)])
    assert "no<U+200B>t" in result.output
    assert "1 finding(s)" in result.output


def test_a_look_alike_letter_does_not_hide_discipline_duties(built: Path, tmp_path: Path):
    document = edit_docx(built, tmp_path / "dress.docx", CASES["dress-code-homoglyph"])
    data = review_json(document, "--spec", str(SPEC))
    assert any(f["rule"] == "discipline-duties" for f in data["flags"]), data["flags"]
    assert any(f["kind"] == "mixed-script" for f in data["findings"])


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A record copy of the example (its one superseded pin moved to the approved version)."""
    root = tmp_path_factory.mktemp("record")
    spec = root / "oakview.mou.yaml"
    text = SPEC.read_text().replace(
        "  - id: hours-full-time\n    version: 1\n", "  - id: hours-full-time\n    version: 2\n"
    )
    spec.write_text(text)
    args = ["--board-date", "2026-06-15", "--item", "7.2", "--resolution", "2026-41"]
    result = CliRunner().invoke(mou, ["final", str(spec), *args, "-o", str(root / "final")])
    assert result.exit_code == 0, result.output
    return next((root / "final").glob("*-final.docx"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_verify_names_what_a_reader_sees_differently(record: Path, tmp_path: Path, case: str):
    manifest = next(record.parent.glob("*.manifest.json"))
    document = edit_docx(record, tmp_path / f"{case}.docx", CASES[case])
    result = CliRunner().invoke(mou, ["verify", str(document), "--manifest", str(manifest)])
    assert result.exit_code == 1, result.output
    assert "as approved" not in result.output
    if case in OUTSIDE:
        assert "text a reader sees on every page" in result.output
    else:
        assert "qualifications-selection" in result.output


def test_a_part_above_the_bounds_is_refused_clearly(built: Path, monkeypatch: pytest.MonkeyPatch):
    from mou_builder.ooxml import safezip

    monkeypatch.setattr(safezip, "MAX_RUNS", 50)
    result = CliRunner().invoke(mou, ["review", str(built)])
    assert result.exit_code == 2
    assert "too large to review" in result.output and "runs (the limit is 50)" in result.output


def test_redline_of_a_returned_package_drops_hostile_parts(built: Path, tmp_path: Path):
    import zipfile

    from hostile.docx_edits import PAYLOAD

    returned = edit_docx(built, tmp_path / "payload.docx", PAYLOAD)
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(mou, ["redline", str(SPEC), str(returned), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for reported in ("vbaProject.bin", "attachedTemplate", "x.xlsx", "INCLUDEPICTURE", "item7"):
        assert reported in result.output
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        everything = b"".join(package.read(n) for n in names)
    assert not [n for n in names if n.endswith(".bin") or "activeX" in n or "item7" in n]
    for gone in (b"attacker.example", b"x.xlsx", b"INCLUDEPICTURE", b"DOCTYPE", b"vbaProject"):
        assert gone not in everything
    review = CliRunner().invoke(mou, ["review", str(out)])
    assert review.exit_code == 0, review.output


def test_a_forged_author_is_still_the_other_party(built: Path, tmp_path: Path):
    from hostile.docx_edits import FORGED

    document = edit_docx(built, tmp_path / "forged.docx", FORGED)
    data = review_json(document, "--spec", str(SPEC))
    [change] = [c for c in data["changes"] if c["kind"] == "insert"]
    assert change["author"] == "District Counsel" and change["party"] == "other party"
    result = CliRunner().invoke(mou, ["review", str(document), "--spec", str(SPEC)])
    assert "District Counsel (other party)" in result.output


@pytest.mark.parametrize("case", ["vanish", "data-binding", "homoglyph"])
def test_accept_all_does_not_take_a_hostile_edit_silently(built: Path, tmp_path: Path, case: str):
    document = edit_docx(built, tmp_path / f"{case}.docx", CASES[case])
    out = tmp_path / "next.mou.yaml"
    result = CliRunner().invoke(
        mou, ["accept", str(document), "--spec", str(SPEC), "--all", "-o", str(out)]
    )
    assert "what a reader sees differs" in result.output, result.output
    assert CLAUSE in result.output
    assert result.exit_code == 0, result.output
    assert "negotiated" not in out.read_text()  # the clause stays as it was sent


def test_a_deleted_mark_merging_a_heading_is_named_and_not_carried(built: Path, tmp_path: Path):
    from hostile.docx_edits import MERGED

    document = edit_docx(built, tmp_path / "merged.docx", MERGED)
    data = review_json(document, "--spec", str(SPEC))
    [change] = data["changes"]
    assert "merges the heading of Section 7 (qualifications-selection)" in change["context"]
    assert [f["rule"] for f in data["flags"]] == ["merges-sections"]
    out = tmp_path / "next.mou.yaml"
    result = CliRunner().invoke(
        mou, ["accept", str(document), "--spec", str(SPEC), "--all", "-o", str(out)]
    )
    assert "not carried: 9100: it merges the heading" in result.output


def test_a_defined_term_made_hidden_is_a_finding_in_the_definitions(built: Path, tmp_path: Path):
    from hostile.docx_edits import HIDDEN_TERM

    document = edit_docx(built, tmp_path / "term.docx", HIDDEN_TERM)
    data = review_json(document, "--spec", str(SPEC))
    assert [(f["clause"], f["kind"]) for f in data["findings"]] == [("definitions", "hidden")]
    assert [c["clause"] for c in data["changes"] if c["kind"] == "untracked"] == ["definitions"]


def test_a_bound_control_shows_what_word_would_show(built: Path, tmp_path: Path):
    from hostile.docx_edits import NEW

    document = edit_docx(built, tmp_path / "bound.docx", CASES["data-binding"])
    data = review_json(document, "--spec", str(SPEC))
    [finding] = data["findings"]
    assert finding["kind"] == "data-binding" and NEW in finding["seen"]


def test_the_district_s_own_redline_is_the_sender_s_and_a_forgery_in_it_is_not(tmp_path: Path):
    """The redline records the revisions it carries in its manifest: review of the copy that
    comes back attributes those to the sender, and a change added later under the sender's
    name to the other party."""
    import re

    from hostile.docx_edits import _replace

    old = tmp_path / "old.mou.yaml"
    new = tmp_path / "new.mou.yaml"
    old.write_text(SPEC.read_text())
    new.write_text(
        SPEC.read_text().replace("termination_notice_days: 30", "termination_notice_days: 45")
    )
    redline = tmp_path / "redline.docx"
    result = CliRunner().invoke(
        mou, ["redline", str(old), str(new), "-o", str(redline), "--author", "District Counsel"]
    )
    assert result.exit_code == 0, result.output
    sent = review_json(redline, "--spec", str(new))
    tracked = [c for c in sent["changes"] if c["kind"] != "untracked"]
    assert tracked and all(c["party"] == "sender" for c in tracked)

    def forge(parts: dict[str, str]) -> None:
        body = parts["word/document.xml"]
        first = re.search(r"<w:p\b[^>]*>(?:(?!</w:p>).)*?45(?:(?!</w:p>).)*?</w:p>", body, re.S)
        assert first is not None
        forged = (
            '<w:ins w:id="9901" w:author="District Counsel" w:date="2026-06-01T00:00:00Z">'
            '<w:r><w:t xml:space="preserve"> unless the Chief decides otherwise</w:t></w:r></w:ins>'
        )
        paragraph = first.group(0)
        _replace(paragraph, paragraph.replace("</w:p>", forged + "</w:p>"))(parts)

    returned = edit_docx(redline, tmp_path / "returned.docx", forge)
    back = review_json(returned, "--spec", str(new))
    [forged] = [c for c in back["changes"] if c["id"] == "9901"]
    assert forged["author"] == "District Counsel" and forged["party"] == "other party"
    assert all(
        c["party"] == "sender" for c in back["changes"] if c["id"] in {t["id"] for t in tracked}
    )


def test_without_a_spec_the_document_as_built_has_no_untracked_edits(built: Path, tmp_path: Path):
    """The manifest hashes the text as built (no-break spaces in dates and all): review reads
    the same text, so nothing is an edit until a reader would see one."""
    assert review_json(built)["changes"] == []
    from hostile.docx_edits import PLAIN_RUN, _replace

    spaced = _replace(PLAIN_RUN, PLAIN_RUN.replace("shall not", "shall\u00a0not"))
    document = edit_docx(built, tmp_path / "nbsp.docx", spaced)
    assert review_json(document)["changes"] == []
    reworded = _replace(PLAIN_RUN, PLAIN_RUN.replace("shall not", "shall"))
    document = edit_docx(built, tmp_path / "reworded.docx", reworded)
    assert [c["clause"] for c in review_json(document)["changes"]] == [CLAUSE]
