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
