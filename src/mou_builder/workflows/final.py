"""Final copies for the board: the gate, the clean record copy, its manifest, no overwrites.

``mou final`` makes the copy the board approves and the clerk keeps:

1. **Gate.** The agreement is assembled and checked *as of the board meeting date* (so the
   result, like the copy, depends only on the inputs). It is refused, with every reason
   listed, unless the check finds no errors under the spec's profiles, every clause version
   is ``approved`` (draft, superseded and withdrawn versions are refused even though
   ``mou check`` only warns about some of them), no parameter is blank, and the term is
   coherent (expiry after the effective date; the meeting not after the expiry).
2. **Clean copy.** The Word writer renders it with ``draft=False`` and the board approval
   block filled (board, meeting date, agenda item, resolution). Before anything is written
   the bytes are opened again and inspected: no tracked changes, no comments, every clause
   marker present. Same inputs → same bytes.
3. **Record.** Beside ``<name>.docx`` goes ``<name>.manifest.json``: the spec hash, each
   clause's id, version, hashes and text as it appears in the copy, the profiles and their
   versions, the check summary, the approval details, the tool version and the .docx's
   SHA-256 (which :mod:`mou_builder.workflows.verify` recomputes).
4. **Never overwritten.** A second final copy to the same place is refused unless
   ``force``; then the previous files are kept as ``<name>.superseded-<n>.*``.
5. **One record copy per revision.** The record register beside the spec
   (:mod:`mou_builder.workflows.register`) refuses a second record copy of the same
   agreement revision elsewhere unless ``force``. Moving the previous copy aside, writing
   the new one and updating the register happen under locks of both directories, so
   concurrent runs take turns and every copy keeps the manifest that verifies it.

All outputs are written atomically; the manifest is written last, so a manifest on disk
always describes a complete copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..assembly.assembler import assemble
from ..checks.engine import CheckResult, run_check
from ..errors import CheckFailed, MouError, OutputError
from ..model.agreement import Agreement
from ..sources.library import Library
from ..sources.specfile import load_spec
from ..util.atomic import write_bytes_atomic, write_text_atomic
from ..util.lock import locked_directories
from ..util.outputs import MANIFEST_SUFFIX, OutputGuard
from .register import RecordEntry, refuse_second_copy, register_path
from .register import add as add_record
from .register import load as load_register

FORMAT = "mou-final/1"
OUTPUT_SUFFIXES = (".docx", ".pdf", MANIFEST_SUFFIX)


class FinalRefused(CheckFailed):
    """The agreement is not ready for a final copy; every reason is listed (exit 1)."""

    def __init__(self, what: str, reasons: list[str]):
        self.reasons = reasons
        lines = "\n".join(f"  - {r}" for r in reasons)
        count = f"{len(reasons)} reason" + ("s" if len(reasons) != 1 else "")
        super().__init__(f"{what}: refused ({count}):\n{lines}")


@dataclass(frozen=True)
class BoardApproval:
    """The board action a final copy records."""

    body: str
    meeting_date: dt.date
    agenda_item: str
    resolution: str | None = None

    def for_writer(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "meeting_date": self.meeting_date,
            "agenda_item": self.agenda_item,
            "resolution": self.resolution,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "meeting_date": self.meeting_date.isoformat(),
            "agenda_item": self.agenda_item,
            "resolution": self.resolution,
        }


# --------------------------------------------------------------------------- the gate


def refusal_reasons(
    agreement: Agreement, result: CheckResult, board_date: dt.date | None = None
) -> list[str]:
    """Why ``agreement`` may not become a final copy ([] when it may)."""
    reasons: list[str] = []
    term = agreement.spec.term
    term_broken = term.expires <= term.effective
    own_rules = {"version-status", "unfilled-blank"}
    for finding in result.errors:
        if finding.rule in own_rules:
            continue  # reported below, for every version and blank, whatever its severity
        if finding.rule == "term-dates" and term_broken:
            continue
        reasons.append(f"check: {finding.format()}")
    for section in agreement.sections:
        if section.status != "approved":
            where = f"{section.location}: " if section.location else ""
            reasons.append(
                f"{where}clause '{section.clause_id}' v{section.version} is {section.status}, "
                "not approved; pin an approved version"
            )
    for section in agreement.sections:
        for name in section.blanks:
            where = f"{section.location}: " if section.location else ""
            reasons.append(
                f"{where}clause '{section.clause_id}' leaves parameter '{name}' blank; give it "
                "a value"
            )
    term_at = agreement.locations.get("term")
    prefix = f"{term_at}: " if term_at else ""
    if term_broken:
        reasons.append(
            f"{prefix}the term expires ({term.expires}) on or before it takes effect "
            f"({term.effective})"
        )
    if board_date is not None and board_date > term.expires:
        reasons.append(
            f"{prefix}the board meets on {board_date}, after the term ends ({term.expires})"
        )
    return reasons


def gate(
    spec_path: Path,
    library: Library,
    board_date: dt.date | None,
    *,
    what: str = "final copy",
) -> tuple[Agreement, CheckResult]:
    """Assemble and check ``spec_path``; FinalRefused unless it may become a final copy."""
    agreement = assemble(load_spec(Path(spec_path)), library)
    result = run_check(agreement, library, on=board_date or agreement.spec.date)
    reasons = refusal_reasons(agreement, result, board_date)
    if reasons:
        raise FinalRefused(f"{spec_path}: {what}", reasons)
    return agreement, result


# --------------------------------------------------------------------------- rendering


def render_clean(
    agreement: Agreement,
    *,
    approval: BoardApproval | None,
    stamp: str | None = None,
    template: Path | None = None,
    inspect: bool = True,
    notices: list[str] | None = None,
) -> bytes:
    """The clean .docx, inspected before anyone writes it (``inspect=False``: a prior
    agreement rendered only for comparison)."""
    from ..ooxml.clausemap import clause_spans
    from ..ooxml.inspection import revision_marks
    from ..ooxml.safezip import open_docx_bytes
    from ..ooxml.sanitize import clean_package
    from ..ooxml.write import build_docx

    data = build_docx(
        agreement,
        template=template,
        draft=False,
        stamp=stamp,
        approval=approval.for_writer() if approval else None,
        notices=notices,
    )
    if not inspect:
        return data
    package = open_docx_bytes(data, f"{agreement.id} (final copy)")
    problems = revision_marks(package)
    problems += [f"{d} is not allowed" for d in clean_package(dict(package.parts)).dropped]
    found = [s.clause_id for s in clause_spans(package.xml("word/document.xml"))]
    wanted = [s.clause_id for s in agreement.sections]
    if found != wanted:
        problems.append(f"clause markers {found} do not match the agreement's clauses {wanted}")
    if problems:
        raise MouError(
            "the final copy did not come out clean: " + "; ".join(problems),
            hint="this is a bug in mou-builder; nothing was written",
        )
    return data


def sha256_bytes(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def check_summary(result: CheckResult) -> dict[str, Any]:
    return {
        "ok": result.ok(),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "notes": len(result.findings) - len(result.errors) - len(result.warnings),
        "warning_messages": [f.message for f in result.warnings],
    }


def record(
    agreement: Agreement,
    result: CheckResult,
    docx_name: str,
    data: bytes,
    *,
    approval: BoardApproval | None,
    kind: str = "final",
    pdf: tuple[str, bytes] | None = None,
) -> dict[str, Any]:
    """The sidecar manifest for a clean copy (deterministic: no clock, no absolute paths)."""
    from ..ooxml.inspection import clause_texts
    from ..ooxml.safezip import open_docx_bytes

    package = open_docx_bytes(data, docx_name)
    texts = {c.clause_id: c for c in clause_texts(package)}
    spec = agreement.spec
    clauses = []
    for section in agreement.sections:
        extracted = texts.get(section.clause_id)
        clauses.append(
            {
                "id": section.clause_id,
                "version": section.version,
                "status": section.status,
                "section": section.number,
                "title": section.title,
                "hash": section.content_hash,
                "text_hash": section.text_hash,
                "negotiated": section.negotiated,
                "document_text": extracted.text if extracted else None,
            }
        )
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind,
        "agreement": spec.id,
        "title": spec.title,
        "revision": spec.revision,
        "parties": {
            "district": spec.parties.district.name,
            "agency": spec.parties.agency.name,
        },
        "term": {
            "effective": spec.term.effective.isoformat(),
            "expires": spec.term.expires.isoformat(),
        },
        "spec": {"file": Path(agreement.spec_path).name, "hash": agreement.spec_hash},
        "document": {
            "file": docx_name,
            "sha256": sha256_bytes(data),
            "bytes": len(data),
            "parts": {name: sha256_bytes(package.parts[name]) for name in sorted(package.parts)},
        },
        "approval": approval.to_json() if approval else None,
        "profiles": [
            {"id": p.id, "version": p.profile.version, "chain": list(p.chain)}
            for p in result.profiles
        ],
        "check": check_summary(result),
        "clauses": clauses,
        "tool": {"name": "mou-builder", "version": __version__},
    }
    if pdf is not None:
        manifest["pdf"] = {"file": pdf[0], "sha256": sha256_bytes(pdf[1])}
    return manifest


def dumps_manifest(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- placing outputs


def output_paths(out: Path, agreement_id: str, suffix: str = "final") -> tuple[Path, str]:
    """(directory, base name) for ``-o``: a directory, or a path ending in .docx."""
    out = Path(out)
    if out.suffix.lower() == ".docx":
        return out.parent, out.stem
    return out, f"{agreement_id}-{suffix}"


def existing_outputs(directory: Path, name: str) -> list[Path]:
    paths = [directory / f"{name}{suffix}" for suffix in OUTPUT_SUFFIXES]
    return [p for p in paths if p.exists()]


def supersede(directory: Path, name: str) -> list[Path]:
    """Move ``name.*`` aside to ``name.superseded-<n>.*`` (first free n); the new paths."""
    current = existing_outputs(directory, name)
    if not current:
        return []
    n = 1
    while any((directory / f"{name}.superseded-{n}{s}").exists() for s in OUTPUT_SUFFIXES):
        n += 1
    moved = []
    for path in current:
        suffix = path.name[len(name) :]
        target = directory / f"{name}.superseded-{n}{suffix}"
        try:
            path.rename(target)
        except OSError as exc:
            raise OutputError(f"{path}: cannot keep the previous copy: {exc.strerror}") from None
        moved.append(target)
    return moved


def refuse_overwrite(directory: Path, name: str) -> None:
    present = existing_outputs(directory, name)
    if present:
        raise OutputError(
            f"{present[0]}: a final copy is already there and final copies are never overwritten",
            hint="use another -o, or --force to replace it (the previous copy is kept beside "
            f"it as {name}.superseded-<n>.*)",
        )


@dataclass
class FinalOutcome:
    docx: Path
    manifest_path: Path
    sha256: str
    pdf: Path | None = None
    superseded: list[Path] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    result: CheckResult | None = None
    notices: list[str] = field(default_factory=list)  # what the template lacked, added


def make_final(
    spec_path: Path,
    out: Path,
    *,
    board_date: dt.date,
    agenda_item: str,
    resolution: str | None = None,
    library: Library | None = None,
    pdf: bool = False,
    force: bool = False,
    template: Path | None = None,
) -> FinalOutcome:
    """``mou final``: gate, render, inspect, write the copy and its manifest."""
    library = library or Library.load()
    if not agenda_item.strip():
        raise FinalRefused(f"{spec_path}: final copy", ["the agenda item is empty"])
    agreement, result = gate(Path(spec_path), library, board_date)
    approval = BoardApproval(
        body=agreement.spec.board.name,
        meeting_date=board_date,
        agenda_item=agenda_item.strip(),
        resolution=resolution.strip() if resolution and resolution.strip() else None,
    )
    directory, name = output_paths(out, agreement.id)
    guard = OutputGuard(  # its own final copies: refused below, or superseded with --force
        inputs=[spec_path, *([template] if template else [])],
        library=library.root,
        final_copies=False,
    )
    for suffix in (".docx", ".pdf", MANIFEST_SUFFIX):
        guard.check(directory / f"{name}{suffix}")
    register = register_path(Path(spec_path))
    if not force:
        refuse_overwrite(directory, name)
        refuse_second_copy(
            register,
            load_register(register),
            agreement.id,
            agreement.spec.revision,
            directory / f"{name}.docx",
        )
    notices: list[str] = []
    data = render_clean(agreement, approval=approval, template=template, notices=notices)
    docx_name = f"{name}.docx"
    pdf_data = convert_pdf(data, docx_name) if pdf else None
    manifest = record(
        agreement,
        result,
        docx_name,
        data,
        approval=approval,
        pdf=(f"{name}.pdf", pdf_data) if pdf_data is not None else None,
    )
    docx_path = directory / docx_name
    with locked_directories(register.parent, directory):
        entries = load_register(register)
        if not force:
            refuse_overwrite(directory, name)  # someone may have written it meanwhile
            refuse_second_copy(register, entries, agreement.id, agreement.spec.revision, docx_path)
        superseded = supersede(directory, name) if force else []
        write_bytes_atomic(docx_path, data)
        pdf_path = None
        if pdf_data is not None:
            pdf_path = directory / f"{name}.pdf"
            write_bytes_atomic(pdf_path, pdf_data)
        manifest_path = directory / f"{name}{MANIFEST_SUFFIX}"
        write_text_atomic(manifest_path, dumps_manifest(manifest))
        add_record(
            register,
            entries,
            RecordEntry(
                agreement=agreement.id,
                revision=agreement.spec.revision,
                spec_hash=agreement.spec_hash,
                docx=str(docx_path),
                sha256=manifest["document"]["sha256"],
                board_date=board_date.isoformat(),
                agenda_item=approval.agenda_item,
            ),
        )
    return FinalOutcome(
        docx=docx_path,
        manifest_path=manifest_path,
        sha256=manifest["document"]["sha256"],
        pdf=pdf_path,
        superseded=superseded,
        manifest=manifest,
        result=result,
        notices=notices,
    )


def convert_pdf(data: bytes, docx_name: str) -> bytes:
    """The tagged PDF (PDF/UA and PDF/A-2b, see :mod:`mou_builder.util.pdf`) of a .docx held
    in memory."""
    from ..util.pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="mou-pdf-") as tmp:
        source = Path(tmp) / docx_name
        source.write_bytes(data)
        produced = to_pdf(source, Path(tmp) / "out", pdfa=True)
        return produced.read_bytes()


def find_manifests(root: Path) -> list[Path]:
    """Every final-copy manifest under ``root`` (superseded ones included)."""
    return sorted(p for p in Path(root).rglob(f"*{MANIFEST_SUFFIX}") if p.is_file())


def load_manifest(path: Path) -> dict[str, Any] | None:
    """A final-copy manifest, or None if the file is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data
