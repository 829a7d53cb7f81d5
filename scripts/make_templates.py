"""Generate the shipped Word templates reproducibly with python-docx.

    .venv/bin/python scripts/make_templates.py   # writes src/mou_builder/data/templates/*.docx

Two templates come out of this script:

- ``default.docx``     plain board style: serif body, sans headings, cover page without header
- ``letterhead.docx``  an alternate example: district letterhead on the cover (first-page header)
                       and a coloured rule, the district's emblem over the title (a picture
                       with alternative text), sans-serif throughout

A district can open either in Word and restyle it (fonts, margins, letterhead, the built-in
Heading 1 / Body Text / Title styles) or write its own. What mou-builder needs from a template:

- a paragraph holding only ``{{ clauses }}``: the numbered clauses are generated there;
- alternative text on every picture (a tagged PDF describes it; mou refuses a template
  with a picture that has none);
- optional docxtpl/Jinja tags anywhere in the body, header and footer, using the names listed
  in ``mou_builder.ooxml.write.CONTEXT_NAMES`` (title, agreement_id, revision, date, term,
  district, agency, signatories, board_name, draft, stamp, approval ...); ``{%p ... %}`` and
  ``{%tr ... %}`` tags repeat or drop whole paragraphs and table rows, as in docxtpl.

The files are byte-for-byte reproducible (fixed zip order and timestamps, fixed core
properties), so regenerating them only changes what the script changes.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from mou_builder.ooxml.package import read_parts, write_package  # noqa: E402

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
RED = RGBColor(0xB0, 0x1C, 0x1C)
GREY = RGBColor(0x55, 0x55, 0x55)

# Schema order matters to Word: new property elements go before these siblings.
PBDR_SUCCESSORS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
TBL_CELL_MAR_SUCCESSORS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
TBL_BORDERS_SUCCESSORS = ("w:shd", "w:tblLayout", "w:tblCellMar", *TBL_CELL_MAR_SUCCESSORS)


def set_font(style, name: str) -> None:
    """Set a style's font on every script and drop theme fonts (which would win)."""
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (begin / instrText / separate / cached result / end)."""

    def run_with(child) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def bottom_border(paragraph, colour: str = "1F3A5F", size: int = 8) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), colour)
    borders.append(bottom)
    ppr.insert_element_before(borders, *PBDR_SUCCESSORS)


def cell_margins(table, top: int = 80, bottom: int = 80) -> None:
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", top), ("bottom", bottom)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.insert_element_before(margins, *TBL_CELL_MAR_SUCCESSORS)


def no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tblpr.insert_element_before(borders, *TBL_BORDERS_SUCCESSORS)


def outline_level(ppr, level: int) -> None:
    """``w:outlineLvl`` (0 = a level-1 heading): what Word's navigation pane, a PDF's bookmarks
    and its H1, H2, H3 tags are made from. ``ppr`` is a style's or a paragraph's ``w:pPr``."""
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.insert_element_before(element, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def setup_styles(doc, *, body_font: str, heading_font: str, accent: RGBColor) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    set_font(normal, body_font)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)

    body = styles["Body Text"]
    set_font(body, body_font)
    body.font.size = Pt(11)
    body.paragraph_format.space_after = Pt(8)
    body.paragraph_format.line_spacing = 1.12
    body.paragraph_format.left_indent = Cm(1.0)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    h1 = styles["Heading 1"]
    set_font(h1, heading_font)
    h1.font.size = Pt(12.5)
    h1.font.bold = True
    h1.font.color.rgb = accent
    h1.paragraph_format.space_before = Pt(16)
    h1.paragraph_format.space_after = Pt(6)
    h1.paragraph_format.keep_with_next = True

    title = styles["Title"]
    set_font(title, heading_font)
    title.font.size = Pt(26)
    title.font.bold = True
    title.font.color.rgb = accent
    title.paragraph_format.space_after = Pt(18)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # python-docx's Title has a coloured bottom border; keep the look plain.
    ppr = title.element.find(qn("w:pPr"))
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    outline_level(title.element.get_or_add_pPr(), 0)  # the title is the one level-1 heading

    for name in ("Header", "Footer"):
        style = styles[name]
        set_font(style, heading_font)
        style.font.size = Pt(8.5)
        style.font.color.rgb = GREY
        # one right-aligned stop at the text margin (python-docx's are for A4-less margins)
        style.paragraph_format.tab_stops.clear_all()
        style.paragraph_format.tab_stops.add_tab_stop(Cm(16.51), WD_TAB_ALIGNMENT.RIGHT)

    label = paragraph_style(doc, "Cover Label")
    set_font(label, heading_font)
    label.font.size = Pt(11)
    label.font.all_caps = True
    label.font.color.rgb = GREY
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label.paragraph_format.space_after = Pt(6)

    party = paragraph_style(doc, "Cover Party")
    set_font(party, heading_font)
    party.font.size = Pt(15)
    party.font.bold = True
    party.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    party.paragraph_format.space_after = Pt(4)

    detail = paragraph_style(doc, "Cover Detail")
    set_font(detail, body_font)
    detail.font.size = Pt(11)
    detail.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    detail.paragraph_format.space_after = Pt(3)

    stamp = paragraph_style(doc, "Draft Stamp")
    set_font(stamp, heading_font)
    stamp.font.size = Pt(18)
    stamp.font.bold = True
    stamp.font.color.rgb = RED
    stamp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    stamp.paragraph_format.space_before = Pt(18)
    stamp.paragraph_format.space_after = Pt(6)

    part = paragraph_style(doc, "Part Heading")
    set_font(part, heading_font)
    part.font.size = Pt(14)
    part.font.bold = True
    part.font.color.rgb = accent
    part.paragraph_format.space_before = Pt(6)
    part.paragraph_format.space_after = Pt(10)
    part.paragraph_format.keep_with_next = True
    # a part (the signatures) sits beside the numbered sections: level 2; the title over the
    # text repeats the cover's (level 1); the approval block is a part of the signature page
    # (level 3). Levels live in styles, not paragraphs: LibreOffice saves a paragraph's own
    # outline level with a numbering reset, which would read as an edit.
    outline_level(part.element.get_or_add_pPr(), 1)
    for name, level in (("Text Title", 0), ("Part Subheading", 2)):
        style = paragraph_style(doc, name, "Part Heading")
        outline_level(style.element.get_or_add_pPr(), level)

    sig = paragraph_style(doc, "Signature Text")
    set_font(sig, body_font)
    sig.font.size = Pt(10.5)
    sig.paragraph_format.space_after = Pt(0)
    sig.paragraph_format.keep_with_next = True

    intro = paragraph_style(doc, "Intro Text", "Body Text")
    intro.paragraph_format.left_indent = Cm(0)


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width = Cm(21.59)
    section.page_height = Cm(27.94)
    section.left_margin = section.right_margin = Cm(2.54)
    section.top_margin = Cm(2.54)
    section.bottom_margin = Cm(2.3)
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.1)
    section.different_first_page_header_footer = True
    assert section.start_type == WD_SECTION.NEW_PAGE


def running_header_footer(doc) -> None:
    section = doc.sections[0]
    # a stamp or draft mark on a line of its own, right-aligned above the running line
    opening = section.header.paragraphs[0]
    opening.style = doc.styles["Header"]
    opening.add_run("{%p if draft %}")
    mark = section.header.add_paragraph(style=doc.styles["Header"])
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = mark.add_run("{{ stamp or 'DRAFT' }}")
    run.bold = True
    run.font.color.rgb = RED
    section.header.add_paragraph("{%p endif %}", style=doc.styles["Header"])
    header = section.header.add_paragraph(style=doc.styles["Header"])
    width = section.page_width - section.left_margin - section.right_margin
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    header.add_run("{{ title }}")
    header.add_run("\t{{ agreement_id }} · Revision {{ revision }}")
    bottom_border(header, "A0A0A0", 4)

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")


def cover(doc, *, letterhead: bool) -> None:
    p = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    p.style = doc.styles["Cover Detail"]
    p.paragraph_format.space_before = Pt(96 if not letterhead else 24)
    if letterhead:
        # the district's emblem heads the cover, in the text (a header is page furniture,
        # which a tagged PDF leaves out of what is read: a picture there is never described)
        logo = p.add_run().add_picture(io.BytesIO(logo_png()), width=Cm(2.4))
        set_alt_text(logo, LOGO_ALT)
        p.paragraph_format.space_after = Pt(12)
    doc.add_paragraph("{%p if stamp %}", style="Draft Stamp")
    doc.add_paragraph("{{ stamp }}", style="Draft Stamp")
    doc.add_paragraph("{%p elif draft %}", style="Draft Stamp")
    doc.add_paragraph("DRAFT", style="Draft Stamp")
    doc.add_paragraph("{%p endif %}", style="Draft Stamp")
    # the label, unless the title already ends with it
    doc.add_paragraph("{%p if cover_label %}", style="Cover Label")
    doc.add_paragraph("{{ cover_label }}", style="Cover Label")
    doc.add_paragraph("{%p endif %}", style="Cover Label")
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("between", style="Cover Label")
    doc.add_paragraph("{{ district.name }}", style="Cover Party")
    doc.add_paragraph("and", style="Cover Label")
    last = doc.add_paragraph("{{ agency.name }}", style="Cover Party")
    last.paragraph_format.space_after = Pt(36)
    rows = [
        ("Agreement", "{{ agreement_id }}"),
        ("Revision", "{{ revision }}"),
        ("Term", "{{ term_text }}"),
        ("Date", "{{ date_text }}"),
        ("Status", "{{ status_text }}"),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    cell_margins(table, 40, 40)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].width = Cm(4.0)
        row.cells[1].width = Cm(9.0)
        left = row.cells[0].paragraphs[0]
        left.style = doc.styles["Cover Detail"]
        left.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = left.add_run(label)
        run.bold = True
        run.font.color.rgb = GREY
        right = row.cells[1].paragraphs[0]
        right.style = doc.styles["Cover Detail"]
        right.alignment = WD_ALIGN_PARAGRAPH.LEFT
        right.add_run(value)
    note = doc.add_paragraph("{{ draft_note }}", style="Cover Detail")
    note.paragraph_format.space_before = Pt(30)


def agreement_opening(doc) -> None:
    heading = doc.add_paragraph("{{ title }}", style="Text Title")
    heading.paragraph_format.page_break_before = True
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    intro = doc.add_paragraph(style="Intro Text")
    intro.add_run("{{ intro_text }}")
    doc.add_paragraph("{{ clauses }}", style="Body Text")


def signature_page(doc) -> None:
    heading = doc.add_paragraph("Signatures", style="Part Heading")
    heading.paragraph_format.page_break_before = True
    doc.add_paragraph("{{ signature_intro }}", style="Intro Text")
    table = doc.add_table(rows=3, cols=2)
    no_borders(table)
    cell_margins(table, 160, 160)
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for s in signatories %}")
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    row = table.rows[1]
    cant_split(row)
    left, right = row.cells
    left.width = Cm(10.0)
    right.width = Cm(6.5)
    lines = [
        ("{{ s.organisation }}", True),
        ("", False),
        ("", False),
        ("______________________________________", False),
        ("Signature", False),
        ("{{ s.name }}", True),
        ("{{ s.title }}", False),
    ]
    first = True
    for text, bold in lines:
        p = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        p.style = doc.styles["Signature Text"]
        run = p.add_run(text)
        run.bold = bold
    right_lines = ["", "", "", "______________________", "Date"]
    first = True
    for text in right_lines:
        p = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        p.style = doc.styles["Signature Text"]
        p.add_run(text)


def approval_block(doc) -> None:
    heading = doc.add_paragraph("Board Approval", style="Part Subheading")
    heading.paragraph_format.space_before = Pt(24)
    doc.add_paragraph("{{ approval_text }}", style="Intro Text")
    # the board's president and its clerk sign side by side, each with a date
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    cell_margins(table, 200, 80)
    cant_split(table.rows[0])
    for index, cell in enumerate(table.rows[0].cells):
        lines = [
            "",
            "________________________________",
            f"{{{{ approval_signers[{index}].label }}}}",
            "",
            "Date: __________________",
        ]
        for number, text in enumerate(lines):
            p = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            p.style = doc.styles["Signature Text"]
            p.add_run(text)


#: the letterhead logo's alternative text (a template image must have one: mou refuses it
#: otherwise); a Jinja tag, so the tagged PDF names the district
LOGO_ALT = "Logo of {{ district.name }}"


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGB PNG from raw rows (no timestamp or other varying chunk: same bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    dpi = struct.pack(">IIB", 11811, 11811, 1)  # 300 dpi
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"pHYs", dpi)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def logo_png(size: int = 192) -> bytes:
    """The example letterhead's emblem: a schoolhouse in a green disc, drawn pixel by pixel
    (4 x 4 samples a pixel, so the edges are smooth)."""
    green, white = (0x0B, 0x5D, 0x3B), (0xFF, 0xFF, 0xFF)

    def inside(x: float, y: float) -> bool:  # on the disc, outside the white house
        dx, dy = x - 0.5, y - 0.5
        if dx * dx + dy * dy > 0.25:
            return False
        ring = 0.19 < dx * dx + dy * dy < 0.21
        roof = 0.22 <= y <= 0.45 and abs(x - 0.5) <= (y - 0.22) * 1.2
        walls = 0.45 <= y <= 0.74 and 0.3 <= x <= 0.7
        door = 0.58 <= y <= 0.74 and 0.45 <= x <= 0.55
        return not (ring or roof or (walls and not door))

    samples = [(i + 0.5) / 4 for i in range(4)]
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            cover = sum(
                inside((px + sx) / size, (py + sy) / size) for sx in samples for sy in samples
            )
            share = cover / 16
            row += bytes(round(w + (g - w) * share) for g, w in zip(green, white, strict=True))
        rows.append(bytes(row))
    return _png(size, size, rows)


def set_alt_text(shape, text: str) -> None:
    """The picture's alternative text (``wp:docPr/@descr``), read out and put in a tagged PDF."""
    shape._inline.docPr.set("descr", text)


def letterhead_header(doc) -> None:
    section = doc.sections[0]
    head = section.first_page_header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = head.add_run("{{ district.name }}")
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = RGBColor(0x0B, 0x5D, 0x3B)
    line = section.first_page_header.add_paragraph()
    small = line.add_run("{{ district.address or 'Office of the Superintendent' }}")
    small.font.size = Pt(9)
    small.font.color.rgb = GREY
    bottom_border(line, "0B5D3B", 12)
    foot = section.first_page_footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = foot.add_run("Prepared for the {{ board_name }} · {{ agreement_id }}")
    r.font.size = Pt(8.5)
    r.font.color.rgb = GREY


def make(letterhead: bool) -> bytes:
    doc = Document()
    if letterhead:
        setup_styles(
            doc, body_font="Arial", heading_font="Arial", accent=RGBColor(0x0B, 0x5D, 0x3B)
        )
    else:
        setup_styles(doc, body_font="Times New Roman", heading_font="Arial", accent=NAVY)
    page_setup(doc)
    running_header_footer(doc)
    if letterhead:
        letterhead_header(doc)
    cover(doc, letterhead=letterhead)
    agreement_opening(doc)
    signature_page(doc)
    approval_block(doc)
    core = doc.core_properties
    core.title = "School Resource Officer agreement template"
    core.author = "mou-builder"
    core.last_modified_by = "mou-builder"
    core.revision = 1
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)
    core.created = core.modified = fixed
    core.last_printed = fixed
    buffer = io.BytesIO()
    doc.save(buffer)
    parts = read_parts(buffer.getvalue())
    # python-docx's blank-page thumbnail would misrepresent the template
    parts.pop("docProps/thumbnail.jpeg", None)
    rels = parts["_rels/.rels"].decode()
    import re

    rels = re.sub(r"<Relationship [^>]*thumbnail[^>]*/>", "", rels)
    parts["_rels/.rels"] = rels.encode()
    return write_package(parts)


def main() -> None:
    for name, letterhead in (("default.docx", False), ("letterhead.docx", True)):
        target = HERE.parent / "src" / "mou_builder" / "data" / "templates" / name
        target.write_bytes(make(letterhead))
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
