"""The reader's text views agree with the shared revision code, and single-change views
compose: accepting every change one by one gives the accept-all text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mou_builder.ooxml import revisions
from mou_builder.ooxml.read import ALL, read_package, read_returned
from mou_builder.ooxml.safezip import open_docx_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "review"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(
    "name", ["lo-tracked.docx", "lo-untracked.docx", "word-constructs.docx", "sent.docx"]
)
def test_paragraph_views_match_the_shared_revision_code(name):
    doc = read_returned(FIXTURES / name)
    for block in doc.blocks:
        for para in block.paras():
            assert para.text(frozenset(), doc.revs) == revisions.paragraph_text(
                para.element, "rejected"
            )
            assert para.text(ALL, doc.revs) == revisions.paragraph_text(para.element, "accepted")


def _paragraph(text: str):
    p = etree.Element(f"{{{W_NS}}}p")
    r = etree.SubElement(p, f"{{{W_NS}}}r")
    t = etree.SubElement(r, f"{{{W_NS}}}t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def _docx(paragraphs) -> bytes:
    body = "".join(etree.tostring(p, encoding="unicode") for p in paragraphs)
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", document)
    return out.getvalue()


WORDS = st.sampled_from(
    [
        "the",
        "SRO",
        "will",
        "not",
        "six",
        "eight",
        "hours",
        "school",
        "principal",
        "records",
        ",",
        ".",
    ]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(old=SENTENCE, new=SENTENCE)
def test_redlined_paragraph_reads_back_old_and_new(old, new):
    new_p = _paragraph(new)
    rev = revisions.Revisions("Tester", "2026-06-01T00:00:00Z")
    revisions.redline_paragraph(_paragraph(old), new_p, rev)
    doc = read_package(open_docx_bytes(_docx([new_p]), "prop.docx"))
    assert doc.block_texts(doc.blocks) == [old]
    assert doc.block_texts(doc.blocks, ALL) == [new]
    keys = {k for change in doc.changes for k in change.keys}
    assert doc.block_texts(doc.blocks, keys) == [new]
    assert all(c.kind in ("insert", "delete") for c in doc.changes)
    assert len({c.id for c in doc.changes}) == len(doc.changes)
