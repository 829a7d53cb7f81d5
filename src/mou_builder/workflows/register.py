"""The record register: one record copy per agreement revision, wherever it was written.

``mou final`` keeps ``mou-records.json`` beside the spec: for each record copy it has made
of an agreement from that folder, the agreement id, revision, spec hash, the copy's path
and SHA-256 and the meeting that approved it. A second record copy of the same agreement
revision in another place is refused, naming the first, unless ``--force`` (the register
then keeps both). Writing the same copy again to the same place is the overwrite rule's
business (:func:`mou_builder.workflows.final.refuse_overwrite`).

The register is data for people and tools: sorted, pretty-printed, no timestamps.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import OutputError
from ..util.atomic import write_text_atomic

REGISTER_NAME = "mou-records.json"
FORMAT = "mou-records/1"


@dataclass(frozen=True, kw_only=True)
class RecordEntry:
    agreement: str
    revision: str
    spec_hash: str
    docx: str  # relative to the register's folder when inside it, else absolute
    sha256: str
    board_date: str
    agenda_item: str


def register_path(spec_path: Path) -> Path:
    return Path(spec_path).resolve().parent / REGISTER_NAME


def _where(register: Path, docx: Path) -> str:
    target = Path(docx).resolve()
    try:
        return os.path.relpath(target, register.parent)
    except ValueError:  # another drive
        return str(target)


def _resolve(register: Path, recorded: str) -> Path:
    path = Path(recorded)
    return path if path.is_absolute() else (register.parent / path).resolve()


def load(register: Path) -> list[RecordEntry]:
    """The register's entries; a file that is not a register is refused, not overwritten."""
    if not register.exists():
        return []
    try:
        data = json.loads(register.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("not a record register")
        return [RecordEntry(**entry) for entry in data["records"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        raise OutputError(
            f"{register}: not a readable record register",
            hint=f"move it aside; mou keeps the register of record copies in {REGISTER_NAME}",
        ) from None


def earlier_copy(
    register: Path, entries: list[RecordEntry], agreement: str, revision: str, docx: Path
) -> Path | None:
    """A record copy of the same agreement revision somewhere else that still exists."""
    here = Path(docx).resolve()
    for entry in entries:
        if entry.agreement != agreement or entry.revision != revision:
            continue
        there = _resolve(register, entry.docx)
        if there != here and there.exists():
            return there
    return None


def refuse_second_copy(
    register: Path, entries: list[RecordEntry], agreement: str, revision: str, docx: Path
) -> None:
    first = earlier_copy(register, entries, agreement, revision, docx)
    if first is not None:
        raise OutputError(
            f"{docx}: {agreement} revision {revision} already has a record copy: {first}",
            hint="there is one record copy per revision: verify that one with `mou verify`, "
            "or use --force to make a second (the register keeps both)",
        )


def add(register: Path, entries: list[RecordEntry], new: RecordEntry) -> None:
    """Write the register with ``new`` (replacing an entry for the same copy path)."""
    entry = RecordEntry(**{**asdict(new), "docx": _where(register, Path(new.docx))})
    kept = [e for e in entries if e.docx != entry.docx]
    records = sorted([*kept, entry], key=lambda e: (e.agreement, e.revision, e.docx))
    text = json.dumps(
        {"format": FORMAT, "records": [asdict(e) for e in records]}, indent=2, ensure_ascii=False
    )
    write_text_atomic(register, text + "\n")
