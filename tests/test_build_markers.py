"""Clause markers: tags, bookmark names, and reading clause spans back (with fallbacks)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from mou_builder.assembly.assembler import assemble
from mou_builder.ooxml import clausemap, markers
from mou_builder.ooxml import write as writer
from mou_builder.ooxml.ns import W, w
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def agreement(mini_library: Path, write_spec):
    return assemble(load_spec(write_spec()), Library.load(mini_library))


@pytest.fixture
def document(agreement):
    return open_docx_bytes(writer.build_docx(agreement)).xml("word/document.xml")


def texts(elements) -> list[str]:
    return ["".join(t.text or "" for t in e.iter(w("t"))) for e in elements]


def unwrap_content_controls(root):
    """What LibreOffice 7.4 does on a docx round trip: block content controls disappear."""
    root = copy.deepcopy(root)
    for sdt in list(root.iter(w("sdt"))):
        content = sdt.find(w("sdtContent"))
        parent = sdt.getparent()
        index = parent.index(sdt)
        for offset, child in enumerate(list(content)):
            parent.insert(index + offset, child)
        parent.remove(sdt)
    return root


def test_tags_round_trip():
    assert markers.clause_tag("data-sharing", 2) == "mou:clause:data-sharing@2"
    assert markers.parse_tag("mou:clause:data-sharing@2") == ("data-sharing", 2)
    assert markers.parse_tag("mou:clause:purpose") == ("purpose", None)
    assert markers.parse_tag("something else") is None
    assert markers.parse_tag(None) is None


def test_bookmark_names_fit_word_and_decode():
    name = markers.bookmark_name("data-sharing", 2, 14)
    assert name == "mou_14_2_data_sharing"
    assert markers.parse_bookmark(name) == ("data-sharing", 2, 14)
    long = markers.bookmark_name("student-interviews-searches-california-schools", 3, 120)
    assert len(long) <= 40
    clause_id, version, section = markers.parse_bookmark(long)
    assert "student-interviews-searches-california-schools".startswith(clause_id)
    assert (version, section) == (3, 120)
    assert markers.parse_bookmark("_GoBack") is None


def test_spans_cover_heading_and_body_but_not_cover_or_signatures(document, agreement):
    spans = clausemap.clause_spans(document)
    assert texts(spans[1].elements) == [
        "Duties",
        "The SRO shall not administer student discipline.",
        "patrol the campus;",
        "respond to crimes.",
    ]
    inside = {id(e) for span in spans for e in span.elements}
    outside = [
        t
        for p, t in zip(document.iter(w("p")), texts(document.iter(w("p"))), strict=True)
        if id(p) not in inside and t
    ]
    assert "Signatures" in outside and "Memorandum of Understanding" in outside
    # the body element works as well as the document element
    assert len(clausemap.clause_spans(document.find(w("body")))) == len(agreement.sections)


def test_bookmarks_give_the_same_spans_when_content_controls_are_gone(document):
    with_sdt = clausemap.clause_spans(document)
    without = clausemap.clause_spans(unwrap_content_controls(document))
    assert [s.source for s in without] == ["bookmark"] * len(with_sdt)
    assert [(s.clause_id, s.version, s.section, texts(s.elements)) for s in without] == [
        (s.clause_id, s.version, s.section, texts(s.elements)) for s in with_sdt
    ]


def test_bookmarks_split_by_libreoffice_are_read_by_name():
    # LibreOffice 7.4 writes a start without an end on the heading, then a second
    # start/end pair with the same name in the clause's last paragraph.
    xml = f"""<w:document xmlns:w="{W}"><w:body>
      <w:p><w:r><w:t>Cover</w:t></w:r></w:p>
      <w:p><w:bookmarkStart w:id="0" w:name="mou_1_1_purpose"/><w:r><w:t>Purpose</w:t></w:r></w:p>
      <w:p><w:r><w:t>Body one</w:t></w:r></w:p>
      <w:p><w:bookmarkStart w:id="1" w:name="mou_1_1_purpose"/><w:r><w:t>Last</w:t></w:r>
           <w:bookmarkEnd w:id="1"/></w:p>
      <w:p><w:bookmarkStart w:id="2" w:name="mou_2_3_records_access"/>
           <w:r><w:t>Records</w:t></w:r></w:p>
      <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r><w:bookmarkEnd w:id="2"/></w:p></w:tc>
      </w:tr></w:tbl>
      <w:p><w:r><w:t>Signatures</w:t></w:r></w:p>
    </w:body></w:document>"""
    spans = clausemap.clause_spans(etree.fromstring(xml))
    assert [(s.clause_id, s.version, s.section) for s in spans] == [
        ("purpose", 1, 1),
        ("records-access", 3, 2),
    ]
    assert texts(spans[0].elements) == ["Purpose", "Body one", "Last"]
    assert texts(spans[1].elements) == ["Records", "cell"]


def test_manifest_completes_cut_bookmark_ids():
    long_id = "student-interviews-searches-california-schools"
    name = markers.bookmark_name(long_id, 1, 7)
    xml = (
        f'<w:body xmlns:w="{W}"><w:p><w:bookmarkStart w:id="5" w:name="{name}"/>'
        '<w:r><w:t>Heading</w:t></w:r><w:bookmarkEnd w:id="5"/></w:p></w:body>'
    )
    manifest = {"clauses": [{"id": long_id, "version": 1, "section": 7}]}
    spans = clausemap.clause_spans(etree.fromstring(xml), manifest)
    assert spans[0].clause_id == long_id


def test_each_heading_carries_an_empty_tagged_control_and_keeps_its_text_outside(
    document, agreement
):
    headings = [p for p in document.iter(w("p")) if p.find(w("sdt")) is not None]
    assert len(headings) == len(agreement.sections)
    for paragraph, section in zip(headings, agreement.sections, strict=True):
        control = paragraph.find(w("sdt"))
        tag = control.find(f"{w('sdtPr')}/{w('tag')}").get(w("val"))
        assert markers.parse_tag(tag) == (section.clause_id, section.version)
        assert len(control.find(w("sdtContent"))) == 0  # nothing a comment could sit on
        assert texts([paragraph]) == [section.title]
    # no block-level control wraps a clause any more
    assert document.find(f"{w('body')}/{w('sdt')}") is None
