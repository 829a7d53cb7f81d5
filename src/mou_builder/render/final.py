"""Text and JSON views of `mou final` and `mou packet`."""

from __future__ import annotations

from typing import TypedDict

from ..workflows.final import FinalOutcome
from ..workflows.packet import PacketOutcome


class FinalJson(TypedDict):
    docx: str
    pdf: str | None
    manifest: str
    sha256: str
    superseded: list[str]


class PacketJson(TypedDict):
    directory: str
    files: list[str]
    notes: list[str]


def final_json(outcome: FinalOutcome) -> FinalJson:
    return {
        "docx": str(outcome.docx),
        "pdf": str(outcome.pdf) if outcome.pdf else None,
        "manifest": str(outcome.manifest_path),
        "sha256": outcome.sha256,
        "superseded": [str(p) for p in outcome.superseded],
    }


def final_text(outcome: FinalOutcome) -> list[str]:
    lines = [f"warning: {notice}" for notice in outcome.notices]
    lines += [f"kept previous copy as {path}" for path in outcome.superseded]
    lines.append(f"wrote {outcome.docx}")
    if outcome.pdf:
        lines.append(f"wrote {outcome.pdf}")
    lines += [f"wrote {outcome.manifest_path}", f"  {outcome.sha256}"]
    if outcome.result is not None:
        lines += [
            f"note: recorded warning: {warning.message} ({warning.rule})"
            for warning in outcome.result.warnings
        ]
    return lines


def packet_json(outcome: PacketOutcome) -> PacketJson:
    return {
        "directory": str(outcome.directory),
        "files": [str(p) for p in outcome.files],
        "notes": outcome.notes,
    }


def packet_text(outcome: PacketOutcome) -> list[str]:
    return [f"wrote {path}" for path in outcome.files] + [f"note: {n}" for n in outcome.notes]
