"""Tracked-change markup written by the redline: what Word and LibreOffice will see."""

from __future__ import annotations

import io

import docx
import pytest
from lxml import etree

from mou_builder.ooxml.ns import w
from mou_builder.ooxml.redlining import RedlineResult, redline_packages
from mou_builder.ooxml.revisions import accept_all, paragraph_text, paragraph_texts, reject_all
from mou_builder.ooxml.safezip import open_docx_bytes
from redline_support import Clause, Free, Part, accepted, document_xml, make_docx, rejected

DATE = "2026-03-01T00:00:00Z"


def redline(old: list[Part], new: list[Part], author: str = "Counsel") -> RedlineResult:
    return redline_packages(
        open_docx_bytes(make_docx(old)), open_docx_bytes(make_docx(new)), author=author, date=DATE
    )


def hours(text: str, *more: str) -> list[Part]:
    return [Free(["Cover"]), Clause("hours", 1, "Hours", [text, *more]), Free(["Signed"])]


def revisions(data: bytes, tag: str) -> list:
    return list(document_xml(data).iter(w(tag)))


def texts_of(elements: list, tag: str) -> list[str]:
    return ["".join(t.text or "" for t in el.iter(w(tag))) for el in elements]


def test_a_one_word_edit_is_one_deletion_and_one_insertion() -> None:
    result = redline(
        hours("The officer works six hours a day."), hours("The officer works eight hours a day.")
    )
    dels, inss = revisions(result.data, "del"), revisions(result.data, "ins")
    assert texts_of(dels, "delText") == ["six"]
    assert texts_of(inss, "t") == ["eight"]
    assert result.revisions == 2
    for el in dels + inss:
        assert el.get(w("author")) == "Counsel" and el.get(w("date")) == DATE


def test_identical_documents_have_no_revisions() -> None:
    parts = hours("Same words.", [["School", "Hours"], ["Lakeside", "3"]])
    result = redline(parts, parts)
    assert result.revisions == 0
    assert not revisions(result.data, "ins") and not revisions(result.data, "del")


def test_formatting_of_unchanged_and_deleted_text_is_kept() -> None:
    result = redline(
        hours("Works *six* hours, plain tail."), hours("Works seven hours, plain tail.")
    )
    root = document_xml(result.data)
    deleted_run = next(root.iter(w("del"))).find(w("r"))
    inserted_run = next(root.iter(w("ins"))).find(w("r"))
    assert deleted_run.find(f"{w('rPr')}/{w('b')}") is not None  # OLD's bold
    assert inserted_run.find(f"{w('rPr')}/{w('b')}") is None  # NEW's plain
    # a bold word kept in NEW stays bold after its run is split
    result = redline(hours("Works *six long* hours."), hours("Works *six short* hours."))
    root = document_xml(result.data)
    bold_texts = [
        "".join(t.text for t in r.iter(w("t"), w("delText")))
        for r in root.iter(w("r"))
        if r.find(f"{w('rPr')}/{w('b')}") is not None
    ]
    assert bold_texts == ["six ", "long", "short"]


def test_removed_clause_is_deleted_paragraphs_with_deleted_marks_outside_clauses() -> None:
    old = [
        Free(["Cover"]),
        Clause("a", 1, "Alpha", ["One."]),
        Clause("b", 1, "Beta", ["Two."]),
        Clause("c", 1, "Gamma", ["Three."]),
    ]
    new = [Free(["Cover"]), Clause("a", 1, "Alpha", ["One."]), Clause("c", 1, "Gamma", ["Three."])]
    result = redline(old, new)
    body = document_xml(result.data).find(w("body"))
    deleted = [
        p for p in body.findall(w("p")) if p.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None
    ]
    assert [paragraph_text(p) for p in deleted] == ["Beta", "Two."]
    assert deleted[0].find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Heading1"
    order = [paragraph_text(p) for p in body.iter(w("p"))]
    assert order == ["Cover", "Alpha", "One.", "Beta", "Two.", "Gamma", "Three."]
    assert accepted(result.data) == ["Cover", "Alpha", "One.", "Gamma", "Three."]


def test_added_paragraph_marks_its_paragraph_mark_inserted() -> None:
    result = redline(hours("First."), hours("First.", "Second, new."))
    root = document_xml(result.data)
    new_p = next(p for p in root.iter(w("p")) if paragraph_text(p) == "Second, new.")
    assert new_p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None
    assert rejected(result.data) == ["Cover", "Hours", "First.", "Signed"]


def test_deleted_paragraph_stays_between_its_neighbours() -> None:
    result = redline(hours("One.", "Two.", "Three."), hours("One.", "Three."))
    assert [paragraph_text(p) for p in document_xml(result.data).iter(w("p"))] == [
        "Cover",
        "Hours",
        "One.",
        "Two.",
        "Three.",
        "Signed",
    ]


def test_table_rows_inserted_and_cells_edited() -> None:
    old = hours("Schools:", [["School", "Hours"], ["Lakeside High", "30"]])
    new = hours(
        "Schools:", [["School", "Hours"], ["Lakeside High", "32"], ["Lakeside Middle", "10"]]
    )
    result = redline(old, new)
    rows = list(document_xml(result.data).iter(w("tr")))
    assert [r.find(f"{w('trPr')}/{w('ins')}") is not None for r in rows] == [False, False, True]
    assert texts_of(revisions(result.data, "del"), "delText") == ["30"]
    assert accepted(result.data) == [
        "Cover",
        "Hours",
        "Schools:",
        "School",
        "Hours",
        "Lakeside High",
        "32",
        "Lakeside Middle",
        "10",
        "Signed",
    ]
    assert rejected(result.data) == [
        "Cover",
        "Hours",
        "Schools:",
        "School",
        "Hours",
        "Lakeside High",
        "30",
        "Signed",
    ]


def test_revision_ids_start_above_ids_already_in_the_document() -> None:
    new = hours("Eight hours.")
    data = make_docx(new)
    package = open_docx_bytes(data)
    root = package.xml("word/document.xml")
    p = next(p for p in root.iter(w("p")) if paragraph_text(p) == "Eight hours.")
    start = etree.SubElement(p, w("bookmarkStart"))
    start.set(w("id"), "41")
    start.set(w("name"), "keep")
    end = etree.SubElement(p, w("bookmarkEnd"))
    end.set(w("id"), "41")
    package.parts["word/document.xml"] = etree.tostring(root)
    result = redline_packages(
        open_docx_bytes(make_docx(hours("Six hours."))), package, author="A", date=DATE
    )
    ids = [int(el.get(w("id"))) for el in document_xml(result.data).iter(w("ins"), w("del"))]
    assert ids and min(ids) > 41 and len(ids) == len(set(ids))


def test_same_inputs_give_the_same_bytes_and_python_docx_opens_them() -> None:
    old, new = hours("Six hours a day."), hours("Eight hours a school day.", "More.")
    first, second = redline(old, new), redline(old, new)
    assert first.data == second.data
    assert redline(old, new, author="Other").data != first.data
    document = docx.Document(io.BytesIO(first.data))
    assert document.paragraphs  # opens; python-docx ignores text inside w:ins/w:del


@pytest.fixture
def marked() -> etree._Element:
    xml = f"""<w:body xmlns:w="{w("")[1:-1]}">
      <w:p><w:r><w:t xml:space="preserve">keep </w:t></w:r>
        <w:del w:id="1" w:author="A"><w:r><w:delText>old</w:delText></w:r></w:del>
        <w:ins w:id="2" w:author="A"><w:r><w:t>new</w:t></w:r></w:ins>
        <w:moveFrom w:id="3" w:author="A"><w:r><w:t> gone</w:t></w:r></w:moveFrom></w:p>
      <w:p><w:pPr><w:rPr><w:ins w:id="4" w:author="A"/></w:rPr></w:pPr>
        <w:ins w:id="5" w:author="A"><w:r><w:t>inserted paragraph</w:t></w:r></w:ins></w:p>
      <w:p><w:pPr><w:rPr><w:del w:id="6" w:author="A"/></w:rPr></w:pPr>
        <w:del w:id="7" w:author="A"><w:r><w:delText>deleted paragraph</w:delText></w:r>
        </w:del></w:p>
      <w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="8" w:author="A"><w:rPr><w:i/></w:rPr>
        </w:rPrChange></w:rPr><w:t>styled</w:t></w:r></w:p>
    </w:body>"""
    return etree.fromstring(xml)


def test_paragraph_text_views(marked: etree._Element) -> None:
    first = marked.find(w("p"))
    assert paragraph_text(first) == "keep oldnew gone"
    assert paragraph_text(first, "accepted") == "keep new"
    assert paragraph_text(first, "rejected") == "keep old gone"


def test_accept_all_and_reject_all_resolve_every_kind(marked: etree._Element) -> None:
    import copy

    accepted_tree = accept_all(copy.deepcopy(marked))
    assert paragraph_texts(accepted_tree) == ["keep new", "inserted paragraph", "styled"]
    run = accepted_tree.findall(w("p"))[-1].find(w("r"))
    assert run.find(f"{w('rPr')}/{w('b')}") is not None
    rejected_tree = reject_all(copy.deepcopy(marked))
    assert paragraph_texts(rejected_tree) == ["keep old gone", "deleted paragraph", "styled"]
    run = rejected_tree.findall(w("p"))[-1].find(w("r"))
    assert run.find(f"{w('rPr')}/{w('i')}") is not None
    assert run.find(f"{w('rPr')}/{w('b')}") is None
    for tree in (accepted_tree, rejected_tree):
        assert not any(
            el.tag in (w("ins"), w("del"), w("moveFrom"), w("rPrChange")) for el in tree.iter()
        )


def test_formatting_only_changes_are_tracked_as_run_property_changes() -> None:
    import copy

    result = redline(
        hours("The officer works six hours.", "Plain *bold* tail."),
        hours("The officer works *six* hours.", "Plain bold tail."),
    )
    assert result.counts == {"rPrChange": 2}
    root = document_xml(result.data)
    changes = list(root.iter(w("rPrChange")))
    assert [c.getparent().getparent().find(w("t")).text for c in changes] == ["six", "bold"]
    assert changes[0].find(f"{w('rPr')}/{w('b')}") is None  # OLD: plain
    assert changes[1].find(f"{w('rPr')}/{w('b')}") is not None  # OLD: bold

    def bold_words(tree) -> list[str]:
        return [
            r.find(w("t")).text
            for r in tree.iter(w("r"))
            if r.find(f"{w('rPr')}/{w('b')}") is not None
        ]

    assert bold_words(accept_all(copy.deepcopy(root))) == ["six"]
    assert bold_words(reject_all(copy.deepcopy(root))) == ["bold"]


def test_formatting_changes_next_to_a_word_edit_are_tracked_too() -> None:
    result = redline(hours("Works six long hours."), hours("Works *six* short hours."))
    assert result.counts == {"del": 1, "ins": 1, "rPrChange": 1}
    root = document_xml(result.data)
    change = next(root.iter(w("rPrChange")))
    assert change.getparent().getparent().find(w("t")).text == "six"
    assert texts_of(revisions(result.data, "del"), "delText") == ["long"]


def test_unchanged_clauses_keep_new_markup_exactly_beside_an_edited_one() -> None:
    def agreement(hours_text: str) -> list[Part]:
        return [
            Free(["Cover"]),
            Clause("duties", 1, "Duties", ["The officer *patrols* the campus.", "And more."]),
            Clause("hours", 1, "Hours", [hours_text, "Plain tail."]),
            Free(["Signed"]),
        ]

    new_data = make_docx(agreement("Eight hours a day."))
    result = redline_packages(
        open_docx_bytes(make_docx(agreement("Six hours a day."))),
        open_docx_bytes(new_data),
        author="Counsel",
        date=DATE,
    )

    def markup(data: bytes) -> dict[str, bytes]:
        return {
            paragraph_text(p): etree.tostring(p, with_tail=False)
            for p in document_xml(data).iter(w("p"))
        }

    sent, written = markup(new_data), markup(result.data)
    for text in ("Cover", "Duties", "The officer patrols the campus.", "And more.", "Signed"):
        assert written[text] == sent[text]
    assert texts_of(revisions(result.data, "del"), "delText") == ["Six"]
    assert texts_of(revisions(result.data, "ins"), "t") == ["Eight"]
