"""Documents from outside: existing tracked changes, comments, links, fields, tabs."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from mou_builder.errors import DocumentError
from mou_builder.ooxml.ns import R, W, w
from mou_builder.ooxml.package import read_parts, write_package
from mou_builder.ooxml.redlining import redline_packages
from mou_builder.ooxml.revisions import accept_all, paragraph_text, paragraph_texts, reject_all
from mou_builder.ooxml.safezip import open_docx_bytes
from redline_support import Clause, Free, make_docx

NS = f'xmlns:w="{W}" xmlns:r="{R}"'
DATE = "2026-03-01T00:00:00Z"


def with_paragraph(xml: str, text_before: str = "Body.") -> bytes:
    """A built document whose paragraph ``text_before`` is replaced by raw ``xml``."""
    data = make_docx([Free(["Cover"]), Clause("c", 1, "Clause", [text_before, "Tail."])])
    parts = read_parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    target = next(p for p in root.iter(w("p")) if paragraph_text(p) == text_before)
    target.getparent().replace(target, etree.fromstring(xml))
    parts["word/document.xml"] = etree.tostring(root)
    return write_package(parts)


def redline(old: bytes, new: bytes):
    return redline_packages(open_docx_bytes(old), open_docx_bytes(new), author="Counsel", date=DATE)


def views(data: bytes) -> tuple[list[str], list[str], etree._Element]:
    root = open_docx_bytes(data).xml("word/document.xml")
    return (
        paragraph_texts(accept_all(copy.deepcopy(root))),
        paragraph_texts(reject_all(copy.deepcopy(root))),
        root,
    )


def texts(data: bytes) -> list[str]:
    return paragraph_texts(accept_all(open_docx_bytes(data).xml("word/document.xml")))


def test_new_with_its_own_tracked_changes_and_comments() -> None:
    old = with_paragraph(f"<w:p {NS}><w:r><w:t>Six hours a day.</w:t></w:r></w:p>")
    new = with_paragraph(
        f'<w:p {NS}><w:commentRangeStart w:id="90"/><w:r><w:t xml:space="preserve">Eight hours'
        f'</w:t></w:r><w:ins w:id="91" w:author="Agency" w:date="2026-02-01T00:00:00Z"><w:r>'
        f'<w:t xml:space="preserve"> a school</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">'
        f' day.</w:t></w:r><w:commentRangeEnd w:id="90"/><w:r><w:commentReference w:id="90"/>'
        f"</w:r></w:p>"
    )
    result = redline(old, new)
    accepted, rejected, root = views(result.data)
    assert accepted == texts(new)
    assert rejected == texts(old)
    marks = list(root.iter(w("ins"), w("del")))
    assert {m.get(w("author")) for m in marks} == {"Counsel"}
    assert min(int(m.get(w("id"))) for m in marks) > 91
    assert next(root.iter(w("commentReference"))).get(w("id")) == "90"


def test_deleted_old_content_brings_no_links_bookmarks_or_pictures_along() -> None:
    old = make_docx([Free(["Cover"]), Clause("c", 1, "Clause", ["Stays.", "Goes.", "Tail."])])
    parts = read_parts(old)
    root = etree.fromstring(parts["word/document.xml"])
    goes = next(p for p in root.iter(w("p")) if paragraph_text(p) == "Goes.")
    run = goes.find(w("r"))
    link = etree.SubElement(goes, w("hyperlink"))
    link.set(f"{{{R}}}id", "rId999")
    goes.remove(run)
    link.append(run)
    start = etree.Element(w("bookmarkStart"))
    start.set(w("id"), "5")
    start.set(w("name"), "old_mark")
    goes.insert(0, start)
    etree.SubElement(etree.SubElement(goes, w("r")), w("drawing"))
    parts["word/document.xml"] = etree.tostring(root)
    new = make_docx([Free(["Cover"]), Clause("c", 1, "Clause", ["Stays.", "Tail."])])
    result = redline(write_package(parts), new)
    accepted, rejected, out = views(result.data)
    assert accepted == texts(new)
    assert rejected == ["Cover", "Clause", "Stays.", "Goes.", "Tail."]
    assert not out.xpath("//@*[. = 'rId999']")
    assert [
        b.get(w("name")) for b in out.iter(w("bookmarkStart")) if b.get(w("name")) == "old_mark"
    ] == []
    assert next(out.iter(w("drawing")), None) is None


def test_a_removed_clause_keeps_its_bookmark_only_as_mou_writes_one() -> None:
    """OLD's clause bookmark goes onto the removed clause's deleted copy rebuilt from its
    parts (at most 40 characters), whatever OLD's own name was."""
    long_id = "x" * 5000
    old = make_docx(
        [Free(["Cover"]), Clause("a", 1, "Kept", ["Stays."]), Clause("g", 1, "Gone", ["Goes."])]
    )
    parts = read_parts(old)
    root = etree.fromstring(parts["word/document.xml"])
    heading = next(p for p in root.iter(w("p")) if paragraph_text(p) == "Gone")
    start = etree.SubElement(
        heading, w("bookmarkStart"), {w("id"): "9", w("name"): f"mou_07_1_{long_id}"}
    )
    heading.insert(0, start)
    parts["word/document.xml"] = etree.tostring(root)
    new = make_docx([Free(["Cover"]), Clause("a", 1, "Kept", ["Stays."])])
    _, rejected, out = views(redline(write_package(parts), new).data)
    assert rejected == ["Cover", "Kept", "Stays.", "Gone", "Goes."]
    names = [b.get(w("name")) for b in out.iter(w("bookmarkStart"))]
    assert names == [f"mou_7_1_{long_id}"[:40]]


def test_tabs_breaks_and_fields_survive_a_word_edit() -> None:
    def paragraph(word: str) -> str:
        return (
            f'<w:p {NS}><w:r><w:t xml:space="preserve">Call </w:t><w:tab/>'
            f'<w:t xml:space="preserve">the {word} office</w:t><w:br/></w:r>'
            f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            f'<w:r><w:t xml:space="preserve"> today.</w:t></w:r></w:p>'
        )

    old, new = with_paragraph(paragraph("records")), with_paragraph(paragraph("district"))
    result = redline(old, new)
    accepted, rejected, root = views(result.data)
    assert accepted == texts(new) and rejected == texts(old)
    assert "Call \tthe district office\n3 today." in accepted
    assert result.revisions == 2
    assert len(list(root.iter(w("fldChar")))) == 3
    assert [t.text for t in root.iter(w("instrText"))] == [" PAGE "]
    assert len(list(root.iter(w("tab")))) == 1 and len(list(root.iter(w("br")))) == 1


def test_a_document_without_markers_is_compared_paragraph_by_paragraph() -> None:
    old = make_docx(
        [Free(["Title", "First point is here.", "Second point stays.", "Third point goes."])]
    )
    new = make_docx(
        [Free(["Title", "First point is right here.", "A new point.", "Second point stays."])]
    )
    result = redline(old, new)
    assert not result.clause_aware
    accepted, rejected, root = views(result.data)
    assert accepted == texts(new) and rejected == texts(old)
    inserted = [
        paragraph_text(p)
        for p in root.iter(w("p"))
        if p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None
    ]
    assert inserted == ["A new point."]
    assert [
        "".join(t.text for t in i.iter(w("t")))
        for i in root.iter(w("ins"))
        if i.getparent().tag != w("rPr")
    ] == ["right ", "A new point."]


def test_diff_of_a_marked_and_an_unmarked_document_compares_paragraphs(tmp_path) -> None:
    from mou_builder.workflows.redline import diff

    marked = tmp_path / "sent.docx"
    marked.write_bytes(
        make_docx([Free(["Cover"]), Clause("c", 1, "Hours", ["Six hours a day.", "Tail."])])
    )
    unmarked = tmp_path / "returned.docx"
    unmarked.write_bytes(make_docx([Free(["Cover", "Hours", "Eight hours a day.", "Tail."])]))
    changes = diff(marked, unmarked)
    assert [(c.kind, c.clause, c.title, c.before, c.after) for c in changes] == [
        ("modified", None, "Document text", "Six hours a day.", "Eight hours a day.")
    ]


def test_a_part_copied_as_it_is_must_be_readable_or_the_redline_is_refused() -> None:
    """NEW's parts that the redline does not rewrite (fonts, settings, themes) go into the
    output as they are: a malformed one is refused with its name, not copied broken."""
    data = make_docx([Free(["Cover"]), Clause("c", 1, "Clause", ["Body."])])
    parts = read_parts(data)
    parts["word/fontTable.xml"] = f'<w:fonts {NS}><w:font w:name="Arial">'.encode()
    broken = write_package(parts)
    with pytest.raises(DocumentError) as refused:
        redline(data, broken)
    assert "word/fontTable.xml" in str(refused.value) and "malformed XML" in str(refused.value)
    parts["word/fontTable.xml"] = f'<w:fonts {NS}><w:font w:name="Arial"/></w:fonts>'.encode()
    assert redline(data, write_package(parts)).revisions == 0
