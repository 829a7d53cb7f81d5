"""The clause body as one XML string: per clause its numbered heading carrying the clause
markers (a bookmark over the clause and an empty content control tagged with it, see
:mod:`..markers`), then its body, items lettered; no python-docx call per paragraph."""

from __future__ import annotations

import re

from ...model.agreement import Agreement, Paragraph, Run, Section, Table
from ...model.language import GOVERNING, TAGS, phrase
from .. import markers
from .compiled import CompiledTemplate
from .tagging import SECTION_LEVEL, outline

_BOOKMARK_ID_BASE = 7000


# characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF),
# and carriage returns (XML turns them into line feeds; Word wants neither in text)
CTRL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


_SPECIAL = re.compile('[&<>"\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]')


def _esc(text: str) -> str:
    """XML-escape text for element content and attribute values; drop XML-illegal chars."""
    if _SPECIAL.search(text) is None:  # the common case: nothing to do
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return CTRL.sub("", text.replace('"', "&quot;"))


_RPR = {
    (False, False): "",
    (True, False): "<w:rPr><w:b/></w:rPr>",
    (False, True): "<w:rPr><w:i/></w:rPr>",
    (True, True): "<w:rPr><w:b/><w:i/></w:rPr>",
}


def _lang_rpr(lang: str | None) -> str:
    """A run's ``w:lang`` when it differs from the document's (English in a translation)."""
    return f'<w:lang w:val="{TAGS[lang]}"/>' if lang else ""


def _rpr(bold: bool, italic: bool, lang: str | None) -> str:
    if not lang:
        return _RPR[(bold, italic)]
    return f"<w:rPr>{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}{_lang_rpr(lang)}</w:rPr>"


def _runs(runs: list[Run], lang: str | None = None) -> str:
    out = []
    for run in runs:
        if not run.text:
            continue
        text = _esc(run.text)
        rpr = _rpr(run.bold, run.italic, lang)
        if "\t" in text or "\n" in text:
            text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">').replace(
                "\n", '</w:t><w:br/><w:t xml:space="preserve">'
            )
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>')
    return "".join(out)


def _table(
    table: Table, tpl: CompiledTemplate, lang: str | None = None, width: int | None = None
) -> str:
    """A parameter table; ``width`` (twips) for one nested in a cell, without an indent."""
    columns = table.columns or [""]
    count = len(columns)
    indent = tpl.body_indent if width is None else 0
    width = width or tpl.text_width - tpl.body_indent
    col = width // count
    normal = tpl.style["normal"]
    cell_ppr = (
        f'<w:pPr><w:pStyle w:val="{normal}"/><w:keepNext/>'
        '<w:spacing w:before="40" w:after="40"/></w:pPr>'
    )
    grid = "".join(f'<w:gridCol w:w="{col}"/>' for _ in range(count))
    tcpr = f'<w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr>'
    head_tcpr = (
        f'<w:tcPr><w:tcW w:w="{col}" w:type="dxa"/>'
        '<w:shd w:val="clear" w:color="auto" w:fill="E4EAF1"/></w:tcPr>'
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{tpl.style["table"]}"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="{indent}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    for name in columns:
        out.append(
            f"<w:tc>{head_tcpr}<w:p>{cell_ppr}<w:r>{_rpr(True, False, lang)}"
            f'<w:t xml:space="preserve">{_esc(name)}</w:t></w:r></w:p></w:tc>'
        )
    out.append("</w:tr>")
    rows = table.rows or [["[to be completed]"] + [""] * (count - 1)]
    plain_ppr = (
        f'<w:pPr><w:pStyle w:val="{normal}"/><w:spacing w:before="40" w:after="40"/></w:pPr>'
    )
    for row in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        cells = list(row) + [""] * (count - len(row))
        for value in cells[:count]:
            text = _esc(str(value))
            run = f'<w:r>{_rpr(False, False, lang)}<w:t xml:space="preserve">{text}</w:t></w:r>'
            run = run if text else ""
            out.append(f"<w:tc>{tcpr}<w:p>{plain_ppr}{run}</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def body_xml(agreement: Agreement, tpl: CompiledTemplate) -> tuple[str, int]:
    """The clause body: one content control per clause, numbered headings, items, tables.

    Returns the XML and the number of lettered lists in it (each restarts at (a)).
    """
    heading_style = tpl.style["heading"]
    body_style = tpl.style["body"]
    num = tpl.num_id
    heading_ppr = (
        f'<w:pPr><w:pStyle w:val="{heading_style}"/><w:numPr><w:ilvl w:val="0"/>'
        f'<w:numId w:val="{num}"/></w:numPr>{outline(SECTION_LEVEL)}</w:pPr>'
    )
    body_ppr = f'<w:pPr><w:pStyle w:val="{body_style}"/></w:pPr>'
    lists = 0

    def item_ppr(list_num: int) -> str:
        return (
            f'<w:pPr><w:pStyle w:val="{body_style}"/><w:numPr><w:ilvl w:val="1"/>'
            f'<w:numId w:val="{list_num}"/></w:numPr></w:pPr>'
        )

    after_table = (
        f'<w:p><w:pPr><w:pStyle w:val="{body_style}"/>'
        '<w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="14"/></w:rPr>'
        "</w:pPr></w:p>"
    )
    out: list[str] = [governing_notice(agreement.lang, body_ppr)]
    for section in agreement.sections:
        other = section.lang if section.lang != agreement.lang else None
        bm_id = _BOOKMARK_ID_BASE + section.number
        blocks = [heading_paragraph(section, heading_ppr, other)]
        blocks += translation_marks(section, agreement.lang, body_ppr)
        in_list = False
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if block.kind == "item":
                    if not in_list:
                        lists += 1
                        in_list = True
                    ppr = item_ppr(num + lists)
                else:
                    ppr = body_ppr
                    in_list = False
                blocks.append(f"<w:p>{ppr}{_runs(block.runs, other)}</w:p>")
            else:
                in_list = False
                blocks.append(_table(block, tpl, other))
                blocks.append(after_table)
        last = blocks[-1]
        cut = last.rfind("</w:p>")
        blocks[-1] = f'{last[:cut]}<w:bookmarkEnd w:id="{bm_id}"/>{last[cut:]}'
        out.extend(blocks)
    return "".join(out), lists


def heading_paragraph(section: Section, ppr: str, lang: str | None) -> str:
    """A clause's numbered heading carrying its markers (see :mod:`..markers`): the start of
    the clause bookmark, then an empty content control tagged with the clause, then the title
    (outside the control, so a comment or an edit on the title survives LibreOffice)."""
    tag = markers.clause_tag(section.clause_id, section.version)
    alias = _esc(f"{section.number}. {section.title}")
    bm_name = markers.bookmark_name(section.clause_id, section.version, section.number)
    return (
        f'<w:p>{ppr}<w:bookmarkStart w:id="{_BOOKMARK_ID_BASE + section.number}" '
        f'w:name="{bm_name}"/><w:sdt><w:sdtPr><w:alias w:val="{alias}"/>'
        f'<w:tag w:val="{_esc(tag)}"/><w:id w:val="{markers.sdt_id(section.number)}"/>'
        f"</w:sdtPr><w:sdtContent/></w:sdt>"
        f'<w:r>{_rpr(False, False, lang)}<w:t xml:space="preserve">{_esc(section.title)}'
        "</w:t></w:r></w:p>"
    )


def _note(text: str, ppr: str, lang: str | None = None, *, bold: bool = False) -> str:
    rpr = f"<w:rPr>{'<w:b/>' if bold else ''}<w:i/>{_lang_rpr(lang)}</w:rPr>"
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def governing_notice(lang: str, ppr: str) -> str:
    """Before the clauses of a translation: the English text governs, in both languages."""
    if lang == GOVERNING:
        return ""
    return _note(phrase("governing.notice", lang), ppr) + _note(
        phrase("governing.notice", GOVERNING), ppr, GOVERNING
    )


def translation_marks(section: Section, lang: str, ppr: str) -> list[str]:
    """Under a section's heading in a translation: "unofficial translation" where no reviewer
    approved it, or why the section is in English."""
    mark = section.mark(lang)
    if not mark:
        return []
    return [_note(mark, ppr, bold=section.lang == lang)]
