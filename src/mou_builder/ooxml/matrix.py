"""The compliance matrix as a small, reproducible .docx (python-docx): one table per profile."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

HEADER = ["Required element", "Requirement", "Satisfied by", "Citation", "Status"]
COLUMN_WIDTHS = (1.6, 3.0, 1.9, 1.7, 0.8)  # inches, on a landscape Letter page


@dataclass
class MatrixTable:
    heading: str
    authority: str
    rows: list[list[str]] = field(default_factory=list)  # cells in HEADER order


def matrix_docx(
    *,
    title: str,
    intro: list[str],
    tables: list[MatrixTable],
    empty_note: str,
    date: dt.date,
    subject: str,
) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches, Pt

    from .package import read_parts, write_package

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.size = Pt(10)

    document.add_heading(title, level=1)
    for paragraph in intro:
        document.add_paragraph(paragraph)
    if not tables:
        document.add_paragraph(empty_note)
    for spec in tables:
        document.add_heading(spec.heading, level=2)
        document.add_paragraph(f"Authority: {spec.authority}.")
        table = document.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(label).bold = True
        for values in spec.rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        table.autofit = False
        for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
            column.width = Inches(width)
        for table_row in table.rows:
            for cell, width in zip(table_row.cells, COLUMN_WIDTHS, strict=True):
                cell.width = Inches(width)
    core = document.core_properties
    fixed = dt.datetime.combine(date, dt.time(0, 0))
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed
    core.author = "mou-builder"
    core.last_modified_by = "mou-builder"
    core.title = title
    core.subject = subject
    core.revision = 1
    core.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return write_package(read_parts(buffer.getvalue()))
