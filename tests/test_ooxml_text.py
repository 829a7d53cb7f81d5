"""The one text model (ooxml/text.py): every special element in every view, on small trees."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from mou_builder.ooxml import text
from mou_builder.ooxml.inspection import clause_texts
from mou_builder.ooxml.ns import W
from mou_builder.ooxml.package import read_parts, write_package
from mou_builder.ooxml.read import ALL, read_package
from mou_builder.ooxml.revisions import paragraph_text as revisions_paragraph_text
from mou_builder.ooxml.safezip import open_docx_bytes
from redline_support import make_docx

NS = f'xmlns:w="{W}"'
VIEWS = ("current", "accepted", "rejected")


def el(xml: str) -> etree._Element:
    """A small tree from markup using the ``w:`` prefix (python-docx cxml style, as XML)."""
    name = re.match(r"<([\w:]+)", xml)
    assert name is not None
    head = len(name.group(0))
    return etree.fromstring(f"{xml[:head]} {NS}{xml[head:]}")


def para(inner: str) -> etree._Element:
    return el(f"<w:p>{inner}</w:p>")


#: (markup inside a paragraph, current, accepted, rejected)
PARAGRAPHS = [
    ("<w:r><w:t>plain</w:t></w:r>", "plain", "plain", "plain"),
    ('<w:r><w:t xml:space="preserve"> a b </w:t></w:r>', " a b ", " a b ", " a b "),
    ("<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>", "a\tb", "a\tb", "a\tb"),
    ("<w:r><w:t>a</w:t><w:ptab/><w:t>b</w:t></w:r>", "a\tb", "a\tb", "a\tb"),
    ("<w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r>", "a\nb", "a\nb", "a\nb"),
    ("<w:r><w:t>a</w:t><w:cr/><w:t>b</w:t></w:r>", "a\nb", "a\nb", "a\nb"),
    ("<w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t></w:r>", "a-b", "a-b", "a-b"),
    ("<w:r><w:t>a</w:t><w:softHyphen/><w:t>b</w:t></w:r>", "ab", "ab", "ab"),
    ('<w:r><w:t>a</w:t><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>', "a", "a", "a"),
    ("<w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r>", "bold", "bold", "bold"),
    # fields: the code is not text, the result is
    (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>7</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        "7",
        "7",
        "7",
    ),
    ('<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>', "7", "7", "7"),
    # wrappers the text flows through
    ("<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>", "link", "link", "link"),
    ("<w:smartTag><w:r><w:t>tag</w:t></w:r></w:smartTag>", "tag", "tag", "tag"),
    ("<w:sdt><w:sdtContent><w:r><w:t>cc</w:t></w:r></w:sdtContent></w:sdt>", "cc", "cc", "cc"),
    # tracked changes: delText only where deleted text shows
    (
        "<w:r><w:t>a </w:t></w:r>"
        '<w:del w:id="1" w:author="A"><w:r><w:delText>old</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>new</w:t></w:r></w:ins>',
        "a oldnew",
        "a new",
        "a old",
    ),
    (
        '<w:moveFrom w:id="3" w:author="A"><w:r><w:t>gone</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="4" w:author="A"><w:r><w:t>here</w:t></w:r></w:moveTo>',
        "gonehere",
        "here",
        "gone",
    ),
    (
        '<w:del w:id="5" w:author="A"><w:r><w:delInstrText> PAGE </w:delInstrText></w:r></w:del>',
        "",
        "",
        "",
    ),
    # a text box's paragraphs are paragraphs of their own, not text of the one holding it
    (
        "<w:r><w:t>outer</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>box</w:t>"
        "</w:r></w:p></w:txbxContent></w:drawing></w:r>",
        "outer",
        "outer",
        "outer",
    ),
]


@pytest.mark.parametrize(("inner", "current", "accepted", "rejected"), PARAGRAPHS)
def test_paragraph_text_in_every_view(inner: str, current: str, accepted: str, rejected: str):
    p = para(inner)
    expected = {"current": current, "accepted": accepted, "rejected": rejected}
    for view in VIEWS:
        assert text.paragraph_text(p, view) == expected[view], view
        assert text.block_text(p, view) == expected[view], view


def test_tab_stops_are_not_text() -> None:
    p = para(
        '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>x</w:t></w:r>'
    )
    assert [text.paragraph_text(p, v) for v in VIEWS] == ["x", "x", "x"]


def test_item_text_rules() -> None:
    assert text.item_text(el("<w:t>x</w:t>")) == "x"
    assert text.item_text(el("<w:delText>y</w:delText>")) == "y"
    assert text.item_text(el("<w:instrText>PAGE</w:instrText>")) is None
    assert text.item_text(el("<w:fldChar/>")) is None
    assert text.item_text(el("<w:noBreakHyphen/>")) == "-"
    assert text.item_text(el("<w:softHyphen/>")) == ""


TABLE = (
    "<w:tbl>"
    "<w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t> c </w:t></w:r></w:p></w:tc></w:tr>"
    '<w:tr><w:trPr><w:ins w:id="1" w:author="A"/></w:trPr>'
    "<w:tc><w:p><w:r><w:t>new row</w:t></w:r></w:p></w:tc></w:tr>"
    '<w:tr><w:trPr><w:del w:id="2" w:author="A"/></w:trPr>'
    "<w:tc><w:p><w:r><w:t>old row</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>nested</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:t>after</w:t></w:r></w:p></w:tc></w:tr>"
    "</w:tbl>"
)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("current", "a\nb\t c \nnew row\nold row\nafter"),
        ("accepted", "a\nb\t c \nnew row\nafter"),
        ("rejected", "a\nb\t c \nold row\nafter"),
    ],
)
def test_table_text_cells_rows_and_views(view: text.View, expected: str) -> None:
    tbl = el(TABLE)
    assert text.table_text(tbl, view) == expected
    assert text.block_text(tbl, view) == expected
    assert text.CELL_SEP == "\t" and text.ROW_SEP == "\n" and text.CELL_PARAGRAPH_SEP == "\n"


def test_other_blocks_have_no_text() -> None:
    assert text.block_text(el("<w:sectPr/>")) == ""


def test_revisions_reader_and_inspection_read_the_same_text() -> None:
    """The three readers that used to disagree now share text.py's rules."""
    inner = (
        "<w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:ptab/><w:t>c</w:t>"
        "<w:softHyphen/><w:t>d</w:t><w:tab/><w:t>e</w:t></w:r>"
    )
    body = f'<w:body><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>{inner}</w:p>{TABLE}</w:body>'
    parts = read_parts(make_docx([]))
    parts["word/document.xml"] = f"<w:document {NS}>{body}</w:document>".encode()
    package = open_docx_bytes(write_package(parts))
    root = package.xml("word/document.xml")
    p, tbl = root.find(f"{{{W}}}body")[:2]
    assert revisions_paragraph_text(p) == "a-b\tcd\te"
    doc = read_package(package)
    for view, keys in (("accepted", ALL), ("rejected", None)):
        assert doc.block_texts(doc.blocks, keys) == [
            text.paragraph_text(p, view),  # type: ignore[arg-type]
            text.table_text(tbl, view),  # type: ignore[arg-type]
        ]
    assert clause_texts(package) == []  # no markers: nothing to map
