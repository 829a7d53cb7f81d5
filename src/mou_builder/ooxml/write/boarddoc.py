"""The board's other documents (change memo, compliance matrix) in the agreement's template.

They share the agreement's styles, running header and footer (page X of Y) and page setup,
so the packet reads as one set; only the body differs. A body is a list of blocks:

- ``("h1", text)``, ``("h2", text)``: headings (in the template's heading style, unnumbered);
- ``("p", text)``: a paragraph; ``("item", text)``: a bulleted line;
- ``("table", header, rows, widths)``: a table with a repeated header row, widths in
  fractions of the text width.

A document in another language than English (the agreement's, ``agreement.lang``) has its
template's fixed words in that language, and each passage of a text marked as English
(:func:`mou_builder.model.language.governing_passage`) is a run tagged ``en-US``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ...model.agreement import Agreement
from ...model.cover import Block
from ...model.language import passages, unmarked
from ..package import write_package
from ..properties import (
    AGREEMENT,
    CUSTOM_PART,
    REVISION,
    SPEC_HASH,
    core_xml,
    custom_xml,
    manifest_part_xml,
)
from .body import _esc, _rpr
from .compiled import XML_DECL
from .docx import _check_xml, _render, _renumber_drawings, template_context
from .parts import item_lists_numbering
from .tagging import DEFAULT_LANGUAGE, SECTION_LEVEL, STYLES_PART, outline, styles_for_language
from .template import load_template
from .words import translate_static_parts, translate_words

_SECT = re.compile(r"<w:sectPr\b(?:(?!<w:sectPr\b).)*?</w:sectPr>\s*</w:body>", re.S)


def _run(text: str, *, bold: bool = False) -> str:
    """The runs of ``text``: one per passage, an English one tagged with its language."""
    return "".join(
        f'<w:r>{_rpr(bold, False, lang)}<w:t xml:space="preserve">{_esc(piece)}</w:t></w:r>'
        for piece, lang in passages(text) or [("", None)]
    )


def _paragraph(style: str, text: str, *, extra: str = "", bold: bool = False) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{_run(text, bold=bold)}</w:p>'


def _table(
    styles: dict[str, str],
    width: int,
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
) -> str:
    cols = [int(width * w) for w in widths]
    grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)

    def cell(text: str, col: int, bold: bool) -> str:
        paragraphs = "".join(
            _paragraph(styles["normal"], line, bold=bold) for line in (text.split("\n") or [""])
        )
        return f'<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'

    head = "".join(cell(t, c, True) for t, c in zip(header, cols, strict=True))
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(cell(t, c, False) for t, c in zip(row, cols, strict=True))
        + "</w:tr>"
        for row in rows
    )
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{styles["table"]}"/><w:tblW w:w="{sum(cols)}" '
        'w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{head}</w:tr>{body}</w:tbl>"
        f'<w:p><w:pPr><w:pStyle w:val="{styles["body"]}"/></w:pPr></w:p>'
    )


def blocks_xml(blocks: list[Block], styles: dict[str, str], width: int) -> str:
    out = []
    heading = styles["heading"]
    for block in blocks:
        kind = block[0]
        if kind == "h1":
            size = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
            out.append(_paragraph(heading, block[1], extra=size + "<w:keepNext/>"))
        elif kind == "h2":
            extra = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr><w:keepNext/>'
            extra += outline(SECTION_LEVEL)  # a heading under the document's title: H2
            out.append(
                f'<w:p><w:pPr><w:pStyle w:val="{styles["body"]}"/>{extra}</w:pPr>'
                f"{_run(block[1], bold=True)}</w:p>"
            )
        elif kind == "item":
            ind = '<w:ind w:left="360" w:hanging="360"/>'
            out.append(_paragraph(styles["body"], "\u2022\t" + block[1], extra=ind))
        elif kind == "table":
            out.append(_table(styles, width, block[1], block[2], block[3]))
        else:
            out.append(_paragraph(styles["body"], block[1]))
    return "".join(out)


def board_docx(
    agreement: Agreement,
    blocks: list[Block],
    *,
    title: str,
    subject: str,
    template: Path | None = None,
    description: str = "",
    landscape: bool = False,
) -> bytes:
    """A board document in the template of ``agreement``'s copies, in its language;
    reproducible."""
    tpl = load_template(template)
    lang, title = agreement.lang, unmarked(title)
    styles = styles_for_language(tpl, lang if lang != "en" else DEFAULT_LANGUAGE)
    context = template_context(agreement, draft=False, stamp=None, approval=None)
    rendered = translate_words(_render(tpl, tpl.document, "word/document.xml", context), lang)
    found = _SECT.search(rendered)
    sect = found.group(0).rsplit("</w:body>", 1)[0] if found else "<w:sectPr/>"
    sect = sect.replace("<w:titlePg/>", "")  # the running header and page numbers throughout
    width = tpl.text_width
    if landscape:
        sect, width = _landscape(sect, width)
    head_end = rendered.find("<w:body>")
    head = rendered[: head_end + len("<w:body>")] if head_end >= 0 else "<w:document><w:body>"
    document = head + blocks_xml(blocks, tpl.style, width) + sect + "</w:body></w:document>"
    _check_xml(tpl, "word/document.xml", document)
    parts = dict(tpl.parts)
    translate_static_parts(parts, tpl.rendered_parts, lang)
    parts["word/document.xml"] = (XML_DECL + document).encode("utf-8")
    parts[tpl.numbering_part] = item_lists_numbering(tpl, 0)
    for index, (name, part) in enumerate(sorted(tpl.rendered_parts.items()), start=2):
        text = _renumber_drawings(_render(tpl, part, name, context), index)
        text = translate_words(text, lang)
        parts[name] = (XML_DECL + text).encode("utf-8")
    spec = agreement.spec
    parts["docProps/core.xml"] = core_xml(
        title=title,
        subject=subject,
        author=spec.parties.district.name,
        revision="1",
        date=spec.date if isinstance(spec.date, dt.date) else dt.date(2000, 1, 1),
        keywords=f"{spec.id}; revision {spec.revision}",
        description=description,
        category="Board packet",
    )
    # the spec's hash goes in the properties, not the prose; no agreement manifest: this is
    # not the agreement
    parts[CUSTOM_PART] = custom_xml(
        {AGREEMENT: spec.id, REVISION: spec.revision, SPEC_HASH: agreement.spec_hash}
    )
    parts[tpl.manifest_part] = manifest_part_xml(
        {"format": "mou-board-document/1", "document": title, "agreement": spec.id}
    )
    if styles is not None:
        parts[STYLES_PART] = styles
    volatile = {
        "word/document.xml",
        "docProps/core.xml",
        CUSTOM_PART,
        tpl.manifest_part,
        *tpl.rendered_parts,
    }
    return write_package(parts, tpl.deflated, volatile)


def _landscape(sect: str, width: int) -> tuple[str, int]:
    size = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"[^>]*/>', sect)
    if not size:
        return sect, width
    w, h = int(size.group(1)), int(size.group(2))
    sect = sect.replace(size.group(0), f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>')
    return sect, width + (h - w)
