"""Word features real agreements use, each in the smallest document that shows it: Strict
namespaces, list numbering, note references, text boxes, page breaks, changes that are not
run text in review (the corpus test checks the same over real documents)."""

from __future__ import annotations

from lxml import etree

from mou_builder.ooxml.package import read_parts, write_package
from mou_builder.ooxml.read.document import read_package
from mou_builder.ooxml.revisions import paragraph_text
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.ooxml.strict import STRICT
from test_redline_inputs import NS, redline, texts, views, with_paragraph


def _para(body: str, ppr: str = "") -> str:
    return f"<w:p {NS}><w:pPr>{ppr}</w:pPr>{body}</w:p>" if ppr else f"<w:p {NS}>{body}</w:p>"


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_a_strict_document_is_read_and_redlined() -> None:
    data = with_paragraph(_para(_run("Six hours.")))
    parts = read_parts(data)
    transitional = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name in ("word/document.xml", "word/styles.xml"):
        parts[name] = parts[name].replace(transitional, STRICT + b"wordprocessingml/main")
    strict = write_package(parts)
    result = redline(strict, strict)
    assert result.revisions == 0
    assert "Six hours." in texts(result.data)


def test_a_list_number_added_is_a_paragraph_property_change() -> None:
    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    old = with_paragraph(_para(_run("This is a test.")))
    new = with_paragraph(_para(_run("This is a test."), numbered))
    result = redline(old, new)
    root = views(result.data)[2]
    change = next(root.iter("{*}pPrChange"))
    assert change.find("{*}pPr/{*}numPr") is None  # OLD had no number
    assert result.counts == {"pPrChange": 1}


def test_a_page_break_is_not_text() -> None:
    plain = with_paragraph(_para(_run("End of the cover.")))
    moved = with_paragraph(_para(_run("End of the cover.") + '<w:r><w:br w:type="page"/></w:r>'))
    assert redline(plain, moved).revisions == 0


def test_a_removed_note_reference_is_tracked_and_its_note_kept() -> None:
    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    old = _with_footnote(with_paragraph(_para(_run("Hours") + ref + _run(" apply."))))
    new = with_paragraph(_para(_run("Hours apply.")))
    result = redline(old, new)
    accepted, _, root = views(result.data)
    refs = list(root.iter("{*}footnoteReference"))
    assert refs and all(any(a.tag.endswith("}del") for a in r.iterancestors()) for r in refs)
    notes = etree.fromstring(read_parts(result.data)["word/footnotes.xml"])
    assert "Counted in days." in "".join(notes.itertext())
    assert "Hours apply." in accepted


def _with_footnote(data: bytes) -> bytes:
    parts = read_parts(data)
    parts["word/footnotes.xml"] = (
        f"<w:footnotes {NS}><w:footnote w:id='1'><w:p><w:r><w:footnoteRef/></w:r>"
        f"{_run(' Counted in days.')}</w:p></w:footnote></w:footnotes>"
    ).encode()
    return write_package(parts)


def test_review_reads_changes_that_are_not_run_text() -> None:
    section = (
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:sectPrChange w:id="7" w:author="Agency"'
        ' w:date="2026-02-01T00:00:00Z"><w:sectPr/></w:sectPrChange></w:sectPr>'
    )
    data = with_paragraph(_para(_run("Six hours."), section))
    parts = read_parts(data)
    doc = read_package(open_docx_bytes(write_package(parts)))
    found = [c for c in doc.changes if c.detail == "section properties"]
    assert found and found[0].author == "Agency"


def test_text_box_edits_are_tracked() -> None:
    def boxed(word: str) -> str:
        inner = _para(_run(f"The {word} box."))
        return _para(
            "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
            f"<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )

    result = redline(with_paragraph(boxed("first")), with_paragraph(boxed("second")))
    root = views(result.data)[2]
    box = next(root.iter("{*}txbxContent"))
    deleted = "".join(t.text or "" for t in box.iter("{*}delText"))
    inserted = "".join(t.text or "" for i in box.iter("{*}ins") for t in i.iter("{*}t"))
    assert (deleted, inserted) == ("first", "second")
    assert [paragraph_text(p) for p in box.iter("{*}p")]


def test_header_edits_are_tracked_in_the_header() -> None:
    import io

    import docx

    def with_header(text: str) -> bytes:
        document = docx.Document()
        document.add_paragraph("Body text stays.")
        document.sections[0].header.paragraphs[0].text = text
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    result = redline(with_header("Draft for review 1"), with_header("Draft for review 2"))
    parts = read_parts(result.data)
    header = next(v for k, v in parts.items() if k.startswith("word/header"))
    root = etree.fromstring(header)
    deleted = "".join(t.text or "" for t in root.iter("{*}delText"))
    inserted = "".join(t.text or "" for i in root.iter("{*}ins") for t in i.iter("{*}t"))
    assert (deleted, inserted) == ("1", "2")
