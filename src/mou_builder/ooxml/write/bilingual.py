"""The side-by-side body of a bilingual document: per section its numbered heading (in the
translation), then a two-column table, the English on the left and the translation on the
right, with a header row naming the languages that repeats on every page.

A translation no reviewer approved says so in its column's header ("Español — Traducción no
oficial"). Each section's heading carries its clause markers (see :mod:`..markers`), as in the
single-language body. Lettered items carry their letter as text, (a), (b) ...,
since a cell holds only part of a list; parameter tables are nested in their cell, at the
cell's width.
"""

from __future__ import annotations

from ...model.agreement import Agreement, Block, Paragraph, Section
from ...model.language import LANGUAGES, phrase
from .body import (
    _BOOKMARK_ID_BASE,
    _esc,
    _rpr,
    _runs,
    _table,
    governing_notice,
    heading_paragraph,
    translation_marks,
)
from .compiled import CompiledTemplate
from .tagging import SECTION_LEVEL, outline

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CELL_MARGIN = 100  # twips each side (as the parameter tables)


def _text_run(text: str, lang: str | None, *, bold: bool = False) -> str:
    return f'<w:r>{_rpr(bold, False, lang)}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _cell_ppr(tpl: CompiledTemplate) -> str:
    """Body text in a half-width cell: no indent, ragged right (justified, it gapes)."""
    return (
        f'<w:pPr><w:pStyle w:val="{tpl.style["body"]}"/><w:ind w:left="0" w:firstLine="0"/>'
        '<w:jc w:val="left"/></w:pPr>'
    )


def _letter(index: int) -> str:
    return _LETTERS[index] if index < len(_LETTERS) else str(index + 1)


def _cell_blocks(
    blocks: list[Block], tpl: CompiledTemplate, lang: str | None, width: int
) -> list[str]:
    body = tpl.style["body"]
    plain = _cell_ppr(tpl)
    item = (
        f'<w:pPr><w:pStyle w:val="{body}"/><w:ind w:left="425" w:hanging="425"/>'
        '<w:jc w:val="left"/></w:pPr>'
    )
    out: list[str] = []
    letter = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.kind == "item":
                label = _text_run(f"({_letter(letter)})\u00a0", lang)
                out.append(f"<w:p>{item}{label}{_runs(block.runs, lang)}</w:p>")
                letter += 1
            else:
                out.append(f"<w:p>{plain}{_runs(block.runs, lang)}</w:p>")
                letter = 0
        else:
            out.append(_table(block, tpl, lang, width))
            out.append(f"<w:p>{plain}</w:p>")  # a cell ends with a paragraph
            letter = 0
    return out or [f"<w:p>{plain}</w:p>"]


def _cell(content: list[str], width: int, *, head: bool = False) -> str:
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="E4EAF1"/>' if head else ""
    tcpr = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
    return f"<w:tc>{tcpr}{''.join(content)}</w:tc>"


def _pair_table(english: Section, translated: Section, lang: str, tpl: CompiledTemplate) -> str:
    width = tpl.text_width - tpl.body_indent
    col = width // 2
    inner = col - 2 * _CELL_MARGIN
    normal = tpl.style["normal"]
    head_ppr = f'<w:pPr><w:pStyle w:val="{normal}"/><w:keepNext/></w:pPr>'

    def head(text: str, text_lang: str | None) -> str:
        run = _text_run(text, text_lang, bold=True)
        return _cell([f"<w:p>{head_ppr}{run}</w:p>"], col, head=True)

    # the translation's column: its mark in the header row (so both columns start level),
    # or, for a section left in English, only the note saying so (the text is on the left)
    right_head = LANGUAGES[lang]
    if translated.lang != lang:
        right = translation_marks(translated, lang, _cell_ppr(tpl))
    else:
        right = _cell_blocks(translated.blocks, tpl, None, inner)
        if translated.unofficial:
            right_head += f" \N{EM DASH} {phrase('translation.unofficial', lang)}"
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{tpl.style["table"]}"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="{tpl.body_indent}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:left w:w="{_CELL_MARGIN}" w:type="dxa"/><w:right w:w="{_CELL_MARGIN}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{col}"/><w:gridCol w:w="{col}"/></w:tblGrid>'
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        f"{head(LANGUAGES['en'], 'en')}{head(right_head, None)}</w:tr>"
        "<w:tr>"
        f"{_cell(_cell_blocks(english.blocks, tpl, 'en', inner), col)}{_cell(right, col)}"
        "</w:tr></w:tbl>"
    )


def side_by_side_xml(translated: Agreement, english: Agreement, tpl: CompiledTemplate) -> str:
    """The clause body of ``translated`` with ``english`` beside it, section by section."""
    lang = translated.lang
    heading_ppr = (
        f'<w:pPr><w:pStyle w:val="{tpl.style["heading"]}"/><w:numPr><w:ilvl w:val="0"/>'
        f'<w:numId w:val="{tpl.num_id}"/></w:numPr>{outline(SECTION_LEVEL)}</w:pPr>'
    )
    body_ppr = f'<w:pPr><w:pStyle w:val="{tpl.style["body"]}"/></w:pPr>'
    spacer = f'<w:p>{body_ppr}<w:bookmarkEnd w:id="{{bm}}"/></w:p>'
    out = [governing_notice(lang, body_ppr)]
    by_number = {s.number: s for s in english.sections}
    for section in translated.sections:
        source = by_number[section.number]
        bm_id = _BOOKMARK_ID_BASE + section.number
        other = section.lang if section.lang != lang else None
        out.append(
            heading_paragraph(section, heading_ppr, other)
            + _pair_table(source, section, lang, tpl)
            + spacer.replace("{bm}", str(bm_id))
        )
    return "".join(out)
