"""``mou packet``: what goes to the board before it votes.

The packet directory holds

- ``<id>-for-approval.docx`` (and ``.pdf`` when LibreOffice is installed): the agreement as
  the board will approve it. It is made by the same code path and the same gate as
  ``mou final`` (every refusal applies: a packet never carries an agreement that could not
  become the record copy) and is just as clean, but since the board has not acted yet the
  approval block is **not filled** (the writer leaves it for the clerk) and no approval is
  recorded. After the vote, ``mou final`` makes the record copy with the approval filled;
  its clause text is identical. The meeting date and agenda item, when given, go into
  ``packet.json``; the meeting date is also the day the gate checks the agreement as of.
- ``<id>-compliance-matrix.docx``: one table per requirement profile: each requirement
  → the section(s) that satisfy it → its citation → met or not.
- ``<id>-redline.docx``: tracked changes from the prior agreement (a spec or a .docx) to
  the agreement for approval (a prior spec is rendered clean too, so the cover's draft or
  final status is not reported as a change).
- ``<id>-changes.md``: the plain-language change memo.
- ``packet.json``: the files and their SHA-256, the spec hash, the prior.

Every file is written atomically and reproducibly (the PDF excepted: LibreOffice stamps it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_bytes_atomic, write_text_atomic
from .checks import CheckResult
from .errors import InputError, Location
from .final import gate, record, render_clean, sha256_bytes
from .library import Library
from .models import Requirement
from .outputs import OutputGuard
from .profiles import ResolvedProfile
from .rules.requirements import RULE_IDS


@dataclass
class MatrixRow:
    profile: str
    requirement: str
    element: str | None
    severity: str
    what: str
    sections: list[str]
    citation: str
    status: str  # "met" | "not met" | "missing" | "recommended, missing" ...


@dataclass
class PacketOutcome:
    directory: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the matrix


def matrix_rows(result: CheckResult) -> list[MatrixRow]:
    """Each applicable requirement of each profile, with the sections that satisfy it."""
    agreement = result.agreement
    effective = agreement.spec.term.effective
    rows = []
    for profile in result.profiles:
        for req in profile.requirements:
            if not req.applies_on(effective):
                continue
            sections = (
                agreement.sections_for_element(req.element)
                if req.element
                else list(agreement.sections)
            )
            labels = [f"Section {s.number}. {s.title}" for s in sections]
            rows.append(
                MatrixRow(
                    profile=profile.id,
                    requirement=req.id,
                    element=req.element,
                    severity=req.severity,
                    what=req.message,
                    sections=labels if req.element else [],
                    citation=req.citation,
                    status=_status(result, req),
                )
            )
    return rows


def _status(result: CheckResult, req: Requirement) -> str:
    rule = RULE_IDS[req.check]
    failed = [
        f
        for f in result.findings
        if f.rule == rule and f.citation == req.citation and f.element == req.element
    ]
    if not failed:
        return "met"
    return "not met" if req.severity == "error" else "not met (recommended)"


SEVERITY_NOTE = {"warning": " (recommended)", "info": " (noted)"}
COLUMN_WIDTHS = (1.6, 3.0, 1.9, 1.7, 0.8)  # inches, on a landscape Letter page


def _profile_heading(profile: ResolvedProfile) -> str:
    p = profile.profile
    return f"{p.title} ({p.id}, version {p.version})"


def matrix_docx(result: CheckResult) -> bytes:
    """The compliance matrix as a small, reproducible .docx (python-docx)."""
    import io

    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches, Pt

    from .elements import ELEMENTS
    from .ooxml.package import read_parts, write_package

    agreement = result.agreement
    spec = agreement.spec
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.size = Pt(10)

    document.add_heading(f"Compliance matrix: {spec.title}", level=1)
    document.add_paragraph(
        f"{spec.parties.district.name} and {spec.parties.agency.name}. Agreement {spec.id}, "
        f"revision {spec.revision}, term {spec.term.effective.isoformat()} to "
        f"{spec.term.expires.isoformat()}."
    )
    document.add_paragraph(
        "Each requirement of each governing policy the agreement is checked against, the "
        "section of the agreement that satisfies it and the authority for it. "
        f"Spec {agreement.spec_hash}."
    )
    rows = matrix_rows(result)
    if not result.profiles:
        document.add_paragraph("The agreement names no requirement profile.")
    for profile in result.profiles:
        document.add_heading(_profile_heading(profile), level=2)
        document.add_paragraph(f"Authority: {profile.profile.authority}.")
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, label in zip(
            table.rows[0].cells,
            ["Required element", "Requirement", "Satisfied by", "Citation", "Status"],
            strict=True,
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(label).bold = True
        for row in (r for r in rows if r.profile == profile.id):
            cells = table.add_row().cells
            element = row.element or "(whole agreement)"
            title = ELEMENTS.get(row.element, "") if row.element else ""
            cells[0].text = f"{element}" + (f" ({title})" if title and title != element else "")
            cells[1].text = row.what + SEVERITY_NOTE.get(row.severity, "")
            cells[2].text = "; ".join(row.sections) or ("-" if row.element is None else "none")
            cells[3].text = row.citation
            cells[4].text = row.status
        table.autofit = False
        for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
            column.width = Inches(width)
        for table_row in table.rows:
            for cell, width in zip(table_row.cells, COLUMN_WIDTHS, strict=True):
                cell.width = Inches(width)
    core = document.core_properties
    fixed = dt.datetime.combine(spec.date, dt.time(0, 0))
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed
    core.author = "mou-builder"
    core.last_modified_by = "mou-builder"
    core.title = f"Compliance matrix: {spec.title}"
    core.subject = spec.id
    core.revision = 1
    core.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return write_package(read_parts(buffer.getvalue()))


# --------------------------------------------------------------------------- the packet


def _prior_is_docx(prior: Path) -> bool:
    return prior.suffix.lower() == ".docx"


def make_packet(
    spec_path: Path,
    prior: Path,
    out_dir: Path,
    *,
    library: Library | None = None,
    board_date: dt.date | None = None,
    agenda_item: str | None = None,
    pdf: bool | None = None,
    template: Path | None = None,
) -> PacketOutcome:
    """Write the board packet for ``spec_path`` into ``out_dir``."""
    library = library or Library.load()
    prior = Path(prior)
    if not prior.is_file():
        raise InputError(
            "prior agreement not found",
            Location(str(prior)),
            "pass its spec (.mou.yaml) or its .docx",
        )
    agreement, result = gate(Path(spec_path), library, board_date, what="board packet")
    from .redline import Side, load_side

    old = load_side(prior, library)
    name = agreement.id
    agreement_docx = render_clean(agreement, approval=None, template=template)
    outputs: dict[str, bytes] = {}
    notes: list[str] = []
    outputs[f"{name}-for-approval.docx"] = agreement_docx

    from .pdf import soffice_path

    want_pdf = pdf if pdf is not None else soffice_path() is not None
    if want_pdf:
        from .final import convert_pdf

        outputs[f"{name}-for-approval.pdf"] = convert_pdf(
            agreement_docx, f"{name}-for-approval.docx"
        )
    elif pdf is None:
        notes.append("LibreOffice (soffice) is not installed: no PDF in the packet")

    outputs[f"{name}-compliance-matrix.docx"] = matrix_docx(result)
    from .ooxml.safezip import open_docx_bytes
    from .redline import redline_bytes

    new = Side(
        agreement.spec_path,
        agreement=agreement,
        package=open_docx_bytes(agreement_docx, f"{name}-for-approval.docx"),
    )
    if old.agreement is not None:
        old.package = open_docx_bytes(
            render_clean(old.agreement, approval=None, template=template, inspect=False), old.path
        )
    outputs[f"{name}-redline.docx"] = redline_bytes(old, new, date=agreement.spec.date).data
    outputs[f"{name}-changes.md"] = _memo(old, new).encode("utf-8")

    index: dict[str, Any] = {
        "format": "mou-packet/1",
        "agreement": agreement.id,
        "spec": {"file": Path(agreement.spec_path).name, "hash": agreement.spec_hash},
        "prior": {"file": prior.name, "sha256": sha256_bytes(prior.read_bytes())},
        "board_date": board_date.isoformat() if board_date else None,
        "agenda_item": agenda_item,
        "files": {n: sha256_bytes(b) for n, b in sorted(outputs.items())},
        "record": record(
            agreement,
            result,
            f"{name}-for-approval.docx",
            agreement_docx,
            approval=None,
            kind="for-approval",
        ),
    }
    guard = OutputGuard(
        inputs=[spec_path, prior, *([template] if template else [])], library=library.root
    )
    for file_name in [*outputs, "packet.json"]:
        guard.check(Path(out_dir) / file_name)
    outcome = PacketOutcome(Path(out_dir), notes=notes)
    for file_name, data in outputs.items():
        path = Path(out_dir) / file_name
        write_bytes_atomic(path, data)
        outcome.files.append(path)
    index_path = Path(out_dir) / "packet.json"
    write_text_atomic(index_path, json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    outcome.files.append(index_path)
    return outcome


def _memo(old: Any, new: Any) -> str:
    from .memo import change_memo

    return change_memo(old, new)
