"""Comments the document carried when it was sent: recorded in the redline's manifest, and a
``comment-missing`` finding, naming the clause it was on, when the returned copy lost one
(issue 14, item 13: LibreOffice drops a comment inside a content control when it saves)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from mou_builder.ooxml.package import read_parts, write_package
from mou_builder.ooxml.properties import read_manifest
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.sources.library import Library
from mou_builder.workflows.redline import load_side, redline_bytes
from mou_builder.workflows.review import review

FIXTURES = Path(__file__).parent / "fixtures" / "review"
REMARK = "Please confirm the  hours with the principals."


@pytest.fixture(autouse=True)
def _profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_PROFILES", str(FIXTURES / "profiles"))


def _commented(data: bytes, on: str | None = None) -> bytes:
    """``data`` with a comment on its first paragraph with text (``on``: the one saying that)."""
    document = docx.Document(io.BytesIO(data))
    every = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
    paragraph = next(p for p in every if p.text.strip() and p.runs and on in (None, p.text))
    document.add_comment(paragraph.runs, text=REMARK, author="District Liaison", initials="DL")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _without_comments(data: bytes) -> bytes:
    parts = read_parts(data)
    body = parts["word/document.xml"].decode()
    body = re.sub(r"<w:comment(RangeStart|RangeEnd|Reference)\b[^>]*/>", "", body)
    parts["word/document.xml"] = body.encode()
    parts["word/comments.xml"] = re.sub(
        rb"<w:comment\b.*?</w:comment>", b"", parts["word/comments.xml"], flags=re.S
    )
    return write_package(parts)


def _redline(root: Path, on: str | None = None) -> Path:
    new = root / "new.docx"
    new.write_bytes(_commented((FIXTURES / "sent.docx").read_bytes(), on))
    out = root / "redline.docx"
    out.write_bytes(redline_bytes(load_side(FIXTURES / "sent.docx"), load_side(new)).data)
    return out


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _redline(tmp_path_factory.mktemp("comments"))


def _missing(path: Path) -> list:
    result = review(path, library=Library.load(FIXTURES / "clauses"), flags=False)
    return [f for f in result.findings if f.kind == "comment-missing"]


def test_the_redline_records_the_comments_it_carries(sent: Path) -> None:
    manifest = read_manifest(open_docx_bytes(sent.read_bytes()))
    assert manifest is not None
    assert manifest["comments"] == [
        {"author": "District Liaison", "text": "Please confirm the hours with the principals."}
    ]


def test_a_comment_still_there_is_no_finding(sent: Path) -> None:
    assert _missing(sent) == []


def test_a_lost_comment_is_a_comment_missing_warning(sent: Path, tmp_path: Path) -> None:
    returned = tmp_path / "returned.docx"
    returned.write_bytes(_without_comments(sent.read_bytes()))
    (finding,) = _missing(returned)
    assert finding.severity == "warning"
    assert finding.text == "Please confirm the hours with the principals."
    assert "District Liaison" in finding.seen


def test_a_lost_comment_on_a_heading_names_its_clause(tmp_path: Path) -> None:
    sent = _redline(tmp_path, on="Hours of Duty")
    manifest = read_manifest(open_docx_bytes(sent.read_bytes()))
    assert manifest is not None
    (recorded,) = manifest["comments"]
    assert (recorded["clause"], recorded["section"], recorded["title"]) == (
        "sro-hours",
        2,
        "Hours of Duty",
    )
    returned = tmp_path / "returned.docx"
    returned.write_bytes(_without_comments(sent.read_bytes()))
    (finding,) = _missing(returned)
    assert (finding.clause, finding.section) == ("sro-hours", 2)
    assert "District Liaison on Section 2 (Hours of Duty)" in finding.seen
