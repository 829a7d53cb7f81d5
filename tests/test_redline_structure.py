"""Where a redline's tracked marks sit, so that LibreOffice's Accept All / Reject All give
NEW and OLD: rows whose cells hold several paragraphs, rows whose cells merge differently,
paragraphs replaced right before a table, and the break before a numbered heading (the
corpus test checks the same over real documents)."""

from __future__ import annotations

import copy
import io
import struct
import zlib

import docx
from lxml import etree

from mou_builder.ooxml.ns import w
from mou_builder.ooxml.package import read_parts, write_package
from mou_builder.ooxml.read.document import read_package
from mou_builder.ooxml.redlining import redline_packages
from mou_builder.ooxml.revisions import accept_all, paragraph_text, reject_all
from mou_builder.ooxml.safezip import open_docx_bytes
from redline_support import Clause, Free, accepted, expected_texts, make_docx, rejected
from test_redline_inputs import NS, redline, views, with_paragraph


def _p(text: str, ppr: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run}</w:p>"


def _tc(*paragraphs: str, merge: str = "") -> str:
    tcpr = f'<w:tcPr><w:vMerge w:val="{merge}"/></w:tcPr>' if merge == "restart" else ""
    tcpr = "<w:tcPr><w:vMerge/></w:tcPr>" if merge == "continue" else tcpr
    return f"<w:tc>{tcpr}{''.join(_p(t) for t in paragraphs)}</w:tc>"


def _table(*rows: str) -> str:
    grid = '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
    return f"<w:tbl {NS}><w:tblPr/>{grid}{''.join(f'<w:tr>{r}</w:tr>' for r in rows)}</w:tbl>"


def _body(*blocks: str) -> bytes:
    """A built document whose body paragraph is replaced by ``blocks`` (in order)."""
    wrapper = f"<w:sdt {NS}><w:sdtContent>{''.join(blocks)}</w:sdtContent></w:sdt>"
    return with_paragraph(wrapper)


def _mark(p: etree._Element) -> str | None:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    for child in rpr if rpr is not None else []:
        if child.tag in (w("ins"), w("del")):
            return etree.QName(child).localname
    return None


def test_a_deleted_row_tracks_the_marks_of_all_but_the_last_paragraph_of_each_cell() -> None:
    old = _body(_table(_tc("Lakeside", "High") + _tc("30"), _tc("Keep") + _tc("1")))
    new = _body(_table(_tc("Keep") + _tc("1")))
    accepted, rejected, root = views(redline(old, new).data)
    deleted = next(tr for tr in root.iter(w("tr")) if "Lakeside" in "".join(tr.itertext()))
    marks = [[_mark(p) for p in tc.iter(w("p"))] for tc in deleted.iter(w("tc"))]
    assert marks == [["del", None], [None]]  # a cell keeps its last mark; the row goes
    assert "Lakeside" not in accepted and rejected[2:5] == ["Lakeside", "High", "30"]


def test_rows_whose_cells_merge_differently_are_replaced_deleted_first() -> None:
    old = _body(_table(_tc("1") + _tc("2"), _tc("4") + _tc("5")))
    rows = _table(_tc("1", "4", merge="restart") + _tc("2"), _tc("", merge="continue") + _tc("5"))
    new = _body(rows)
    accepted, rejected, root = views(redline(old, new).data)
    kinds = [
        "ins" if tr.find(f"{w('trPr')}/{w('ins')}") is not None else "del"
        for tr in root.iter(w("tr"))
        if tr.find(w("trPr")) is not None
    ]
    assert kinds == ["del", "del", "ins", "ins"]
    assert accepted[2:7] == ["1", "4", "2", "", "5"]
    assert rejected[2:6] == ["1", "2", "4", "5"]


def test_a_paragraph_replaced_by_several_before_a_table_keeps_one_untracked_break() -> None:
    table = _table(_tc("A") + _tc("B"))
    old = _body(_p("Kept."), _p("Old one."), _p("Old two."), table)
    new = _body(_p("Kept."), _p("New one."), _p("New two."), _p(""), table)
    accepted, rejected, root = views(redline(old, new).data)
    before = next(t for t in root.iter(w("tbl"))).getprevious()
    while before.tag != w("p"):
        before = before.getprevious()
    assert _mark(before) is None  # LibreOffice cannot join a paragraph to a table
    assert accepted[2:6] == ["Kept.", "New one.", "New two.", ""]
    assert rejected[2:5] == ["Kept.", "Old one.", "Old two."]


def test_deleted_paragraphs_go_after_an_inserted_table_past_a_table_without_rows() -> None:
    """A table with no rows shows nothing (Word and LibreOffice alike) and has no row to
    track: the paragraphs deleted before it still go after the inserted table, where
    LibreOffice's Accept All can remove them (a real document from the corpus has two)."""
    rowless = f'<w:tbl {NS}><w:tblPr/><w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid></w:tbl>'
    old = _body(_p("Kept."), _p("Gone one."), _p("Gone two."), rowless, _p("End."))
    new = _body(_p("Kept."), _table(_tc("X") + _tc("Y")), _p("End."))
    accepted, rejected, root = views(redline(old, new).data)
    inserted = next(t for t in root.iter(w("tbl")) if t.find(w("tr")) is not None)
    before = inserted.getprevious()
    while before is not None and before.tag == w("tbl"):
        before = before.getprevious()
    assert before is not None and paragraph_text(before) == "Kept."
    assert accepted[2:6] == ["Kept.", "X", "Y", "End."]
    assert rejected[2:6] == ["Kept.", "Gone one.", "Gone two.", "End."]


def test_no_tracked_break_touches_a_numbered_heading() -> None:
    """LibreOffice takes a list paragraph right after an inserted break for an inserted
    item: "10.[9.]" for every later heading (issue 14, item 12)."""
    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    old = _body(_p("Intro."), _p("Hours end at four."), _p("Leave", numbered), _p("Text."))
    new = _body(
        _p("Intro."),
        _p("Hours end at five."),
        _p("Events too."),
        _p("Leave", numbered),
        _p("Text."),
    )
    accepted, rejected, root = views(redline(old, new).data)
    heading = next(p for p in root.iter(w("p")) if paragraph_text(p) == "Leave")
    assert _mark(heading.getprevious()) is None
    assert accepted[2:6] == ["Intro.", "Hours end at five.", "Events too.", "Leave"]
    assert rejected[2:5] == ["Intro.", "Hours end at four.", "Leave"]


def _png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _with_pictures(*texts: str) -> bytes:
    """A document of paragraphs; a text starting with "pic:" also holds the picture."""
    document = docx.Document()
    for text in texts:
        paragraph = document.add_paragraph(text.removeprefix("pic:"))
        if text.startswith("pic:"):
            paragraph.add_run().add_picture(io.BytesIO(_png()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_deleted_picture_stays_inside_the_deletion_with_news_image() -> None:
    old = _with_pictures("Intro.", "pic:Logo one.", "pic:Logo two.")
    new = _with_pictures("Intro.", "pic:Logo two.")
    result = redline(old, new)
    accepted, rejected, root = views(result.data)
    deleted = next(p for p in root.iter(w("p")) if "Logo one." in "".join(p.itertext()))
    assert next(deleted.iter(w("drawing")), None) is not None
    embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    ids = {el.get(embed) for el in root.iter() if el.get(embed) is not None}
    rels = etree.fromstring(
        __import__("zipfile")
        .ZipFile(__import__("io").BytesIO(result.data))
        .read("word/_rels/document.xml.rels")
    )
    images = {r.get("Id") for r in rels if r.get("Type", "").endswith("/image")}
    assert ids and ids <= images  # every picture points at an image of the output
    assert "Logo one." not in accepted and "Logo one." in rejected


def test_a_deleted_picture_whose_image_new_lacks_is_left_out() -> None:
    result = redline(_with_pictures("Intro.", "pic:Logo one."), _with_pictures("Intro."))
    _, rejected, root = views(result.data)
    assert next(root.iter(w("drawing")), None) is None
    assert "Logo one." in rejected


def test_table_row_and_cell_properties_that_changed_are_tracked_with_olds() -> None:
    def table(border: str, height: str, shade: str) -> str:
        tblpr = (
            f'<w:tblPr><w:tblBorders><w:top w:val="{border}" w:sz="4"/></w:tblBorders></w:tblPr>'
        )
        trpr = f'<w:trPr><w:trHeight w:val="{height}"/></w:trPr>'
        tcpr = f'<w:tcPr><w:shd w:val="clear" w:fill="{shade}"/></w:tcPr>'
        grid = '<w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid>'
        return (
            f"<w:tbl {NS}>{tblpr}{grid}<w:tr>{trpr}<w:tc>{tcpr}{_p('Same')}</w:tc></w:tr></w:tbl>"
        )

    old, new = _body(table("single", "300", "FFFFFF")), _body(table("double", "600", "DDDDDD"))
    result = redline(old, new)
    root = views(result.data)[2]
    olds = {name: root.find(f".//{w(name)}Change/{w(name)}") for name in ("tblPr", "trPr", "tcPr")}
    assert olds["tblPr"].find(f"{w('tblBorders')}/{w('top')}").get(w("val")) == "single"
    assert olds["trPr"].find(w("trHeight")).get(w("val")) == "300"
    assert olds["tcPr"].find(w("shd")).get(w("fill")) == "FFFFFF"
    rejected = copy.deepcopy(root)
    reject_all(rejected)
    assert rejected.find(f".//{w('trHeight')}").get(w("val")) == "300"
    assert next(rejected.iter(w("tcPrChange")), None) is None
    assert redline(new, new).revisions == 0


def _gridded(*widths: int | str, text: str = "Same") -> bytes:
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{_p(text)}</w:tc>'
        for width in widths
    )
    return _body(f"<w:tbl {NS}><w:tblPr/><w:tblGrid>{grid}</w:tblGrid><w:tr>{cells}</w:tr></w:tbl>")


def _grid(root: etree._Element) -> list[str | None]:
    return [c.get(w("w")) for c in root.find(f".//{w('tblGrid')}").findall(w("gridCol"))]


def test_changed_column_widths_are_a_grid_change_that_reject_undoes() -> None:
    """Checked on the XML and mou's own Reject All: LibreOffice 7.4 reads no table property
    change (Word's or mou's), its Reject All keeps NEW's widths."""
    result = redline(_gridded(3000, 3000), _gridded(1500, 4500))
    root = views(result.data)[2]
    [change] = root.iter(w("tblGridChange"))
    assert _grid(change) == ["3000", "3000"]
    assert change.get(w("author")) is None  # Word's w:tblGridChange has an id only
    assert root.find(f".//{w('tblPrChange')}").get(w("author")) == "Counsel"
    old_widths = [c.find(f"{w('tcPr')}/{w('tcW')}").get(w("w")) for c in root.iter(w("tcPrChange"))]
    assert old_widths == ["3000", "3000"]
    rejected, accepted = reject_all(copy.deepcopy(root)), accept_all(copy.deepcopy(root))
    assert _grid(rejected) == ["3000", "3000"]
    assert [t.get(w("w")) for t in rejected.iter(w("tcW"))] == ["3000", "3000"]
    assert _grid(accepted) == ["1500", "4500"]
    assert next(accepted.iter(w("tblGridChange")), None) is None


def test_a_grid_change_also_tracks_in_a_table_whose_text_changed() -> None:
    old = _gridded(3000, 3000, text="The officer works six hours a day.")
    new = _gridded(2000, 4000, text="The officer works eight hours a day.")
    root = views(redline(old, new).data)[2]
    assert len(list(root.iter(w("tbl")))) == 1
    assert _grid(root.find(f".//{w('tblGridChange')}")) == ["3000", "3000"]


def test_widths_an_editor_only_rounds_or_scales_are_no_change() -> None:
    assert redline(_gridded(3000, 3000), _gridded(3010, 2990)).revisions == 0
    assert redline(_gridded(3000, 1000), _gridded(6000, 2000)).revisions == 0


def test_column_widths_that_are_not_numbers_are_no_change_and_no_crash() -> None:
    hostile = _gridded("wide", "-1e400")
    assert redline(hostile, _gridded(1500, 4500)).revisions == 0
    assert redline(_gridded(1500, 4500), hostile).revisions == 0


def test_review_reads_a_grid_change_as_a_table_change_of_its_author() -> None:
    result = redline(_gridded(3000, 3000), _gridded(1500, 4500))
    doc = read_package(open_docx_bytes(result.data))
    table = [c for c in doc.changes if c.detail.startswith("table properties")]
    assert [(c.author, c.detail) for c in table] == [
        ("Counsel", "table properties and column widths")
    ]


def test_a_changed_page_setup_is_a_section_change_and_reject_keeps_the_header() -> None:
    def section(width: str) -> bytes:
        data = _body(_p("Text."))
        parts = read_parts(data)
        root = etree.fromstring(parts["word/document.xml"])
        sect = root.find(f"{w('body')}/{w('sectPr')}")
        sect.insert(0, etree.fromstring(f'<w:headerReference {NS} w:type="default" r:id="rIdH"/>'))
        size = sect.find(w("pgSz"))
        if size is None:
            size = etree.SubElement(sect, w("pgSz"))
        size.set(w("w"), width)
        parts["word/document.xml"] = etree.tostring(root)
        return write_package(parts)

    result = redline(section("12240"), section("11906"))
    root = views(result.data)[2]
    change = root.find(f".//{w('sectPrChange')}")
    assert change is not None and change.find(f"{w('sectPr')}/{w('pgSz')}").get(w("w")) == "12240"
    sect = reject_all(copy.deepcopy(root)).find(f"{w('body')}/{w('sectPr')}")
    assert sect[0].tag == w("headerReference")
    assert sect.find(w("pgSz")).get(w("w")) == "12240"


def test_a_clause_moved_unchanged_is_a_native_move_between_named_ranges() -> None:
    alpha = Clause("a", 1, "Alpha", ["Alpha text one.", "Alpha text two."])
    beta, gamma = Clause("b", 1, "Beta", ["Beta text."]), Clause("c", 1, "Gamma", ["Gamma."])
    old = [Free(["Cover"]), alpha, beta, gamma, Free(["Signed"])]
    new = [Free(["Cover"]), beta, gamma, alpha, Free(["Signed"])]
    result = redline_packages(
        open_docx_bytes(make_docx(old)),
        open_docx_bytes(make_docx(new)),
        author="Counsel",
        date="2026-03-01T00:00:00Z",
    )
    root = open_docx_bytes(result.data).xml("word/document.xml")
    assert set(result.counts) == {"moveFrom", "moveTo"}  # no deletion, no insertion
    moved_from = "".join(t.text or "" for m in root.iter(w("moveFrom")) for t in m.iter(w("t")))
    moved_to = "".join(t.text or "" for m in root.iter(w("moveTo")) for t in m.iter(w("t")))
    assert moved_from == moved_to == "AlphaAlpha text one.Alpha text two."
    names = {
        kind: [el.get(w("name")) for el in root.iter(w(f"{kind}RangeStart"))]
        for kind in ("moveFrom", "moveTo")
    }
    assert names["moveFrom"] == names["moveTo"] == ["mouMove1"]
    assert accepted(result.data) == expected_texts(new)
    assert rejected(result.data) == expected_texts(old)
