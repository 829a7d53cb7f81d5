"""`mou packet`: the agreement for approval, the compliance matrix, the redline and the memo,
built from the shipped Oakview example (renewal: the hours clause moves to version 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mou_builder.cli import mou
from mou_builder.ooxml.inspection import clause_texts, document_text, revision_marks
from mou_builder.ooxml.safezip import open_docx
from mou_builder.sources.profiles import ProfileSet

from conftest import CLAUSES, EXAMPLES

EXAMPLE = EXAMPLES / "oakview-ca.mou.yaml"


def renewal_text() -> str:
    text = EXAMPLE.read_text()
    old = "  - id: hours-full-time\n    version: 1\n"
    assert old in text, "the example no longer pins hours-full-time@1"
    return text.replace(old, "  - id: hours-full-time\n    version: 2\n").replace(
        'revision: "1"', 'revision: "2"'
    )


def invoke(*args: str):
    return CliRunner().invoke(mou, ["--library", str(CLAUSES), *args])


@pytest.fixture(scope="module")
def packet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("packet")
    spec = root / "oakview-2027.mou.yaml"
    spec.write_text(renewal_text())
    result = invoke(
        "packet",
        str(spec),
        "--prior",
        str(EXAMPLE),
        "-o",
        str(root / "packet"),
        "--board-date",
        "2026-06-15",
        "--item",
        "7.2",
        "--no-pdf",
    )
    assert result.exit_code == 0, result.output
    return root


def test_packet_holds_the_four_documents_and_an_index(packet_dir: Path) -> None:
    names = sorted(p.name for p in (packet_dir / "packet").iterdir())
    assert names == [
        "OAKVIEW-SRO-2026-changes.docx",
        "OAKVIEW-SRO-2026-compliance-matrix.docx",
        "OAKVIEW-SRO-2026-for-approval.docx",
        "OAKVIEW-SRO-2026-redline.docx",
        "packet.json",
    ]
    index = json.loads((packet_dir / "packet" / "packet.json").read_text())
    assert index["board_date"] == "2026-06-15" and index["agenda_item"] == "7.2"
    assert set(index["files"]) == set(names) - {"packet.json"}
    assert index["prior"]["file"] == "oakview-ca.mou.yaml"
    assert index["record"]["approval"] is None


def test_matrix_names_every_required_element_by_its_title(packet_dir: Path) -> None:
    from mou_builder.model.elements import ELEMENTS

    package = open_docx(packet_dir / "packet" / "OAKVIEW-SRO-2026-compliance-matrix.docx")
    text = document_text(package)
    profile = ProfileSet.load().resolve("ca-bp-3515-31")
    required = [r for r in profile.requirements if r.element and r.check == "element"]
    assert len(required) >= 6
    for req in required:
        assert ELEMENTS[req.element] in text, req.element
        assert req.citation in text, req.citation
        if "_" in req.element:  # an internal id, never a word of the prose
            assert req.element not in text, req.element
    assert "California board policy" in text
    assert "Satisfied by" in text and "Section " in text
    assert "Not met" not in text
    # no hashes in the prose: the spec's hash is a document property
    assert "sha256" not in text
    assert "sha256:" in package.parts["docProps/custom.xml"].decode()
    # the agreement's running footer: page numbers
    footers = [n for n in package.parts if n.startswith("word/footer")]
    assert any(b"NUMPAGES" in package.parts[n] for n in footers)


def test_agreement_for_approval_is_clean_and_unapproved(packet_dir: Path, tmp_path) -> None:
    copy = open_docx(packet_dir / "packet" / "OAKVIEW-SRO-2026-for-approval.docx")
    assert revision_marks(copy) == []
    text = document_text(copy)
    assert "at its meeting of June 15, 2026" not in text
    assert "at its meeting of ____" in text  # the approval block waits for the vote
    assert "Draft for discussion" not in text
    # the same code path as `mou final`: after the vote, the clauses read the same
    result = invoke(
        "final",
        str(packet_dir / "oakview-2027.mou.yaml"),
        "--board-date",
        "2026-06-15",
        "--item",
        "7.2",
        "-o",
        str(tmp_path / "final"),
    )
    assert result.exit_code == 0, result.output
    record = open_docx(tmp_path / "final" / "OAKVIEW-SRO-2026-final.docx")
    assert [c.text for c in clause_texts(copy)] == [c.text for c in clause_texts(record)]


def test_redline_tracks_the_changed_clause(packet_dir: Path) -> None:
    redline = open_docx(packet_dir / "packet" / "OAKVIEW-SRO-2026-redline.docx")
    marks = revision_marks(redline)
    assert any("tracked insertion" in m for m in marks)
    assert any("tracked deletion" in m for m in marks)


def test_redline_opens_with_a_legend(packet_dir: Path) -> None:
    text = document_text(open_docx(packet_dir / "packet" / "OAKVIEW-SRO-2026-redline.docx"))
    first = text.strip().split("\n")[0]
    assert first.startswith("Redline: OAKVIEW-SRO-2026 revision 1 compared with")
    assert "revision 2" in text.split("\n")[0] + text.split("\n")[1]


def test_memo_names_the_change_in_plain_words(packet_dir: Path) -> None:
    text = document_text(open_docx(packet_dir / "packet" / "OAKVIEW-SRO-2026-changes.docx"))
    assert "Sections changed" in text
    assert "Assigned Hours of Duty" in text and "version 2" in text
    assert "**" not in text and "becomes" not in text


def test_memo_in_markdown_on_request(packet_dir: Path, tmp_path: Path) -> None:
    result = invoke(
        "packet",
        str(packet_dir / "oakview-2027.mou.yaml"),
        "--prior",
        str(EXAMPLE),
        "-o",
        str(tmp_path / "md"),
        "--no-pdf",
        "--format",
        "md",
    )
    assert result.exit_code == 0, result.output
    memo = (tmp_path / "md" / "OAKVIEW-SRO-2026-changes.md").read_text()
    assert memo.startswith("# Changes to ")
    assert (tmp_path / "md" / "OAKVIEW-SRO-2026-compliance-matrix.md").exists()


def test_packet_is_reproducible(packet_dir: Path, tmp_path) -> None:
    result = invoke(
        "packet",
        str(packet_dir / "oakview-2027.mou.yaml"),
        "--prior",
        str(EXAMPLE),
        "-o",
        str(tmp_path / "again"),
        "--board-date",
        "2026-06-15",
        "--item",
        "7.2",
        "--no-pdf",
    )
    assert result.exit_code == 0, result.output
    for path in (packet_dir / "packet").iterdir():
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name


def test_prior_may_be_a_docx(packet_dir: Path, tmp_path) -> None:
    """Next year's packet against this year's agreement as circulated (a .docx)."""
    prior = packet_dir / "packet" / "OAKVIEW-SRO-2026-for-approval.docx"
    spec = tmp_path / "oakview-2028.mou.yaml"
    spec.write_text(renewal_text().replace("training_hours: 120", "training_hours: 140"))
    result = invoke(
        "packet", str(spec), "--prior", str(prior), "-o", str(tmp_path / "p"), "--no-pdf"
    )
    assert result.exit_code == 0, result.output
    memo = document_text(open_docx(tmp_path / "p" / "OAKVIEW-SRO-2026-changes.docx"))
    assert "140" in memo


def test_packet_is_refused_like_a_final_copy(tmp_path) -> None:
    result = invoke(
        "packet", str(EXAMPLE), "--prior", str(EXAMPLE), "-o", str(tmp_path / "p"), "--no-pdf"
    )
    assert result.exit_code == 1
    assert "board packet: refused" in result.output and "superseded" in result.output
    assert not (tmp_path / "p").exists()


def test_missing_prior_is_exit_two(tmp_path) -> None:
    spec = tmp_path / "s.mou.yaml"
    spec.write_text(renewal_text())
    result = invoke(
        "packet", str(spec), "--prior", str(tmp_path / "nope.mou.yaml"), "-o", str(tmp_path / "p")
    )
    assert result.exit_code == 2 and "prior agreement not found" in result.output


def test_every_document_of_the_packet_uses_the_districts_template(
    packet_dir: Path, tmp_path: Path
) -> None:
    """--template: the memo, the matrix and the agreement carry the letterhead's styles."""
    import zipfile

    from conftest import DATA

    letterhead = DATA / "templates" / "letterhead.docx"
    result = invoke(
        "packet",
        str(packet_dir / "oakview-2027.mou.yaml"),
        "--prior",
        str(EXAMPLE),
        "-o",
        str(tmp_path / "lh"),
        "--no-pdf",
        "--template",
        str(letterhead),
    )
    assert result.exit_code == 0, result.output
    theirs = zipfile.ZipFile(letterhead).read("word/styles.xml")
    for name in ("changes", "compliance-matrix", "for-approval"):
        with zipfile.ZipFile(tmp_path / "lh" / f"OAKVIEW-SRO-2026-{name}.docx") as built:
            assert b'w:ascii="Times New Roman"' not in built.read("word/styles.xml"), name
    assert b'w:ascii="Times New Roman"' not in theirs  # the letterhead is sans-serif throughout
