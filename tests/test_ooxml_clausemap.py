"""The one clause mapper (ooxml/clausemap.py): content controls, then bookmarks, then gaps."""

from __future__ import annotations

from lxml import etree

from mou_builder.ooxml import clausemap
from mou_builder.ooxml.ns import W

NS = f'xmlns:w="{W}"'


def p(text: str, inner: str = "") -> str:
    return f"<w:p>{inner}<w:r><w:t>{text}</w:t></w:r></w:p>"


def sdt(tag: str, *blocks: str) -> str:
    return (
        f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/></w:sdtPr><w:sdtContent>{"".join(blocks)}'
        "</w:sdtContent></w:sdt>"
    )


def body(*blocks: str) -> etree._Element:
    return etree.fromstring(f"<w:body {NS}>{''.join(blocks)}</w:body>")


def texts(elements: list[etree._Element]) -> list[str]:
    return ["".join(el.itertext()) for el in elements]


def test_content_controls_then_bookmarks_then_gaps() -> None:
    root = body(
        p("Cover"),
        sdt("mou:clause:purpose@1", p("1. Purpose"), p("body one")),
        p("added between"),
        p("2. Data", '<w:bookmarkStart w:id="7" w:name="mou_2_3_data_sharing"/>'),
        p("data body", '<w:bookmarkEnd w:id="7"/>'),
        p("Signatures"),
    )
    spans = clausemap.clause_spans(root)
    assert [(s.clause_id, s.version, s.source, texts(s.elements)) for s in spans] == [
        ("purpose", 1, "sdt", ["1. Purpose", "body one"]),
        ("data-sharing", 3, "bookmark", ["2. Data", "data body"]),
    ]
    blocks = clausemap.body_blocks(root)
    gaps = clausemap.unmapped_blocks(blocks, spans)
    assert [(g.start, texts(g.elements), g.after, g.before) for g in gaps] == [
        (0, ["Cover"], None, "purpose"),
        (3, ["added between"], "purpose", "data-sharing"),
        (6, ["Signatures"], "data-sharing", None),
    ]


def test_a_split_bookmark_runs_to_its_last_end_and_a_cut_id_comes_from_the_manifest() -> None:
    root = body(
        p("3. Heading", '<w:bookmarkStart w:id="1" w:name="mou_3_1_a_very_long"/>'),
        p("middle"),
        p(
            "last",
            '<w:bookmarkStart w:id="2" w:name="mou_3_1_a_very_long"/><w:bookmarkEnd w:id="2"/>',
        ),
        p("4. Next", '<w:bookmarkStart w:id="3" w:name="mou_4_1_next"/>'),
    )
    manifest = {"clauses": [{"id": "a-very-long-clause-id", "section": 3, "version": 1}]}
    spans = clausemap.clause_spans(root, manifest)
    assert [(s.clause_id, texts(s.elements)) for s in spans] == [
        ("a-very-long-clause-id", ["3. Heading", "middle", "last"]),
        ("next", ["4. Next"]),
    ]
    assert clausemap.unmapped_blocks(clausemap.body_blocks(root), spans) == []


def marker(tag: str) -> str:
    """The empty content control a built heading carries (see ooxml/markers.py)."""
    return f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/></w:sdtPr><w:sdtContent/></w:sdt>'


def test_a_heading_marker_names_the_clause_and_its_bookmark_gives_the_extent() -> None:
    root = body(
        p("Cover"),
        p(
            "1. Purpose",
            '<w:bookmarkStart w:id="1" w:name="mou_1_2_purpose"/>' + marker("mou:clause:purpose@2"),
        ),
        p("purpose body", '<w:bookmarkEnd w:id="1"/>'),
        p(
            "2. Records",
            '<w:bookmarkStart w:id="2" w:name="mou_2_1_student_records_and_data_sh"/>'
            + marker("mou:clause:student-records-and-data-sharing@1"),
        ),
        p("records body", '<w:bookmarkEnd w:id="2"/>'),
        p("Signatures"),
    )
    spans = clausemap.clause_spans(root)
    assert [(s.clause_id, s.version, s.section, s.source, texts(s.elements)) for s in spans] == [
        ("purpose", 2, 1, "sdt", ["1. Purpose", "purpose body"]),
        ("student-records-and-data-sharing", 1, 2, "sdt", ["2. Records", "records body"]),
    ]


def test_a_heading_marker_without_its_bookmark_runs_to_the_next_heading() -> None:
    root = body(
        p("1. Purpose", marker("mou:clause:purpose@1")),
        p("purpose body"),
        p("2. Data", marker("mou:clause:data-sharing@3")),
        p("data body"),
    )
    spans = clausemap.clause_spans(root)
    assert [(s.clause_id, s.version, texts(s.elements)) for s in spans] == [
        ("purpose", 1, ["1. Purpose", "purpose body"]),
        ("data-sharing", 3, ["2. Data", "data body"]),
    ]


def test_a_content_control_around_text_in_a_paragraph_is_not_a_heading_marker() -> None:
    inline = '<w:sdt><w:sdtPr><w:tag w:val="other"/></w:sdtPr><w:sdtContent/></w:sdt>'
    root = body(p("1. Purpose", inline), p("body"))
    assert clausemap.clause_spans(root) == []
