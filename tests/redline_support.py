"""Building small .docx inputs for redline tests (python-docx + clause content controls).

A document is a list of parts: ``Free([...paragraphs])`` outside any clause, or
``Clause(id, version, title, [...])`` wrapped in a block ``w:sdt`` tagged
``mou:clause:<id>@<version>`` as mou's writer does. A paragraph is a string (runs split
on ``*``: every other piece bold) and a table is a list of rows (lists of cell strings).
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.shared import Pt
from lxml import etree

from mou_builder.ooxml.ns import w
from mou_builder.ooxml.safezip import open_docx_bytes

Block = str | list[list[str]]


@dataclass
class Free:
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Clause:
    id: str
    version: int
    title: str
    blocks: list[Block] = field(default_factory=list)


Part = Free | Clause

_TEMPLATE: bytes | None = None


def _template() -> bytes:
    global _TEMPLATE
    if _TEMPLATE is None:
        buffer = io.BytesIO()
        docx.Document().save(buffer)
        _TEMPLATE = buffer.getvalue()
    return _TEMPLATE


def make_docx(parts: list[Part]) -> bytes:
    document = docx.Document(io.BytesIO(_template()))
    body = document.element.body
    for el in list(body):
        if el.tag != w("sectPr"):
            body.remove(el)
    for part in parts:
        if isinstance(part, Free):
            for block in part.blocks:
                _add_block(document, block)
            continue
        sdt = etree.Element(w("sdt"))
        sect = body.find(w("sectPr"))
        if sect is not None:
            sect.addprevious(sdt)
        else:
            body.append(sdt)
        pr = etree.SubElement(sdt, w("sdtPr"))
        etree.SubElement(pr, w("tag")).set(w("val"), f"mou:clause:{part.id}@{part.version}")
        content = etree.SubElement(sdt, w("sdtContent"))
        heading = document.add_heading(part.title, level=1)
        content.append(heading._p)
        for block in part.blocks:
            content.append(_add_block(document, block))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_block(document: Any, block: Block) -> Any:
    if isinstance(block, str):
        paragraph = document.add_paragraph()
        for index, piece in enumerate(block.split("*")):
            if piece:
                run = paragraph.add_run(piece)
                if index % 2:
                    run.bold = True
                    run.font.size = Pt(13)
        return paragraph._p
    table = document.add_table(rows=0, cols=max((len(r) for r in block), default=1))
    for row in block:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = text
    return table._tbl


def expected_texts(parts: list[Part]) -> list[str]:
    """Paragraph texts (table cells included) as the built document has them."""
    from mou_builder.ooxml.revisions import paragraph_texts

    return paragraph_texts(open_docx_bytes(make_docx(parts)).xml("word/document.xml"))


def document_xml(data: bytes) -> Any:
    return open_docx_bytes(data).xml("word/document.xml")


def accepted(data: bytes) -> list[str]:
    from mou_builder.ooxml.revisions import accept_all, paragraph_texts

    return paragraph_texts(accept_all(copy.deepcopy(document_xml(data))))


def rejected(data: bytes) -> list[str]:
    from mou_builder.ooxml.revisions import paragraph_texts, reject_all

    return paragraph_texts(reject_all(copy.deepcopy(document_xml(data))))


def lo_change_regions(data: bytes) -> int:
    """How many ``text:changed-region``s LibreOffice makes of a redline's revisions.

    Each run whose formatting change is tracked (``w:rPrChange``) is a region of its own,
    and so is each paragraph whose properties' change is (``w:pPrChange``, a paragraph
    attribute change, written as ``UnknownChange`` in .fodt).

    LibreOffice joins revisions of the same kind, author and date that touch in the text
    flow: a deleted paragraph's text, its deleted paragraph mark and the next deleted
    paragraph are one region. Regions end at unchanged text, at a change of kind, at the
    start of a table and at every table cell boundary (cell paragraph marks are not tracked).
    Checked against LibreOffice 7.4 on 60 generated redlines: exact on all but a few, which
    had an inserted empty paragraph (imported differently) or a run of deleted paragraphs
    right before a run of inserted headings (LibreOffice sometimes splits off the last
    deleted paragraph mark as a region of its own). Moved text is a region of its own kind
    (a deletion or an insertion flagged as moved): an insertion inside moved-here text splits
    it in two.
    """
    from mou_builder.ooxml.revisions import (
        DEL,
        INS,
        MOVE_FROM,
        MOVE_TO,
        PPR,
        RPR,
        TBL,
        TC,
        TR,
        iter_runs,
        run_text,
    )

    tracked = (INS, DEL, MOVE_FROM, MOVE_TO)

    statuses: list[str | None] = []
    marks: list[int] = []  # indexes of paragraph marks in ``statuses``

    def status_of(run: Any) -> str | None:
        parent = run.getparent()
        while parent is not None and parent.tag != w("p"):
            if parent.tag in tracked:
                return str(parent.tag)
            parent = parent.getparent()
        change = run.find(f"{RPR}/{w('rPrChange')}")
        return None if change is None else f"format {change.get(w('id'))}"

    def table_starts() -> None:
        # the paragraph before a table keeps its mark: LibreOffice drops a deletion of it,
        # and moves an insertion of it to the paragraph mark before
        if marks and statuses[marks[-1]] is not None:
            kind, statuses[marks[-1]] = statuses[marks[-1]], None
            if kind == INS:  # a run of inserted paragraphs starts one mark earlier
                k = len(marks) - 2
                while k >= 0 and statuses[marks[k]] == INS:
                    k -= 1
                if k >= 0 and statuses[marks[k]] is None:
                    statuses[marks[k]] = INS

        statuses.append(None)

    def walk(container: Any, in_cell: bool) -> None:
        for child in container:
            if child.tag == w("p"):
                statuses.extend(status_of(r) for r in iter_runs(child) if run_text(r))
                mark = None
                rpr = child.find(f"{PPR}/{RPR}")
                if rpr is not None and not in_cell:
                    mark = next((str(c.tag) for c in rpr if c.tag in tracked), None)
                if not in_cell:
                    marks.append(len(statuses))
                statuses.append(mark)
            elif child.tag == TBL:
                table_starts()
                for tr in child.findall(TR):
                    for tc in tr.findall(TC):
                        walk(tc, True)
                marks.clear()  # nothing moves back across a table
            elif child.tag == w("sdt"):
                walk(child.find(w("sdtContent")), in_cell)

    body = document_xml(data).find(w("body"))
    walk(body, False)
    regions, previous = sum(1 for _ in body.iter(w("pPrChange"))), None
    for status in statuses:
        if status is not None and status != previous:
            regions += 1
        previous = status
    return regions
