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

from ..checks.engine import CheckResult
from ..checks.rules.requirements import RULE_IDS
from ..errors import InputError, Location
from ..model.schema import Requirement
from ..sources.library import Library
from ..sources.profiles import ResolvedProfile
from ..util.atomic import write_bytes_atomic, write_text_atomic
from ..util.outputs import OutputGuard
from .final import gate, record, render_clean, sha256_bytes


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


def _profile_heading(profile: ResolvedProfile) -> str:
    p = profile.profile
    return f"{p.title} ({p.id}, version {p.version})"


def matrix_docx(result: CheckResult) -> bytes:
    """The compliance matrix as a small, reproducible .docx."""
    from ..model.elements import ELEMENTS
    from ..ooxml.matrix import MatrixTable
    from ..ooxml.matrix import matrix_docx as render

    agreement = result.agreement
    spec = agreement.spec
    rows = matrix_rows(result)
    tables = []
    for profile in result.profiles:
        table = MatrixTable(_profile_heading(profile), profile.profile.authority)
        for row in (r for r in rows if r.profile == profile.id):
            element = row.element or "(whole agreement)"
            title = ELEMENTS.get(row.element, "") if row.element else ""
            table.rows.append(
                [
                    element + (f" ({title})" if title and title != element else ""),
                    row.what + SEVERITY_NOTE.get(row.severity, ""),
                    "; ".join(row.sections) or ("-" if row.element is None else "none"),
                    row.citation,
                    row.status,
                ]
            )
        tables.append(table)
    return render(
        title=f"Compliance matrix: {spec.title}",
        intro=[
            f"{spec.parties.district.name} and {spec.parties.agency.name}. Agreement {spec.id}, "
            f"revision {spec.revision}, term {spec.term.effective.isoformat()} to "
            f"{spec.term.expires.isoformat()}.",
            "Each requirement of each governing policy the agreement is checked against, the "
            "section of the agreement that satisfies it and the authority for it. "
            f"Spec {agreement.spec_hash}.",
        ],
        tables=tables,
        empty_note="The agreement names no requirement profile.",
        date=spec.date,
        subject=spec.id,
    )


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

    from ..util.pdf import soffice_path

    want_pdf = pdf if pdf is not None else soffice_path() is not None
    if want_pdf:
        from .final import convert_pdf

        outputs[f"{name}-for-approval.pdf"] = convert_pdf(
            agreement_docx, f"{name}-for-approval.docx"
        )
    elif pdf is None:
        notes.append("LibreOffice (soffice) is not installed: no PDF in the packet")

    outputs[f"{name}-compliance-matrix.docx"] = matrix_docx(result)
    from ..ooxml.safezip import open_docx_bytes
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
    from ..render.memo import change_memo

    return change_memo(old, new)
