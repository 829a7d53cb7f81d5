"""Outdated pins and upgrades: spec clause versions behind the library's latest approved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from ..sources.library import Library
from ..sources.roundtrip import RoundTrip, same_quoting
from ..sources.specfile import LoadedSpec
from ..util.atomic import write_text_atomic


@dataclass
class Outdated:
    clause: str
    pinned: int
    latest: int
    status: str  # status of the pinned version
    location: Location


def outdated(loaded: LoadedSpec, library: Library) -> list[Outdated]:
    """Pinned versions behind the latest approved one (unknown clauses are input errors)."""
    found: list[Outdated] = []
    for index, entry in enumerate(loaded.spec.clauses):
        if entry.version is None:
            continue
        clause = library.require(entry.id, loaded.entry_location(index))
        latest = clause.clause.latest_approved
        pinned = clause.clause.get(entry.version)
        if latest is None or pinned is None or latest.version <= entry.version:
            continue
        found.append(
            Outdated(
                entry.id, entry.version, latest.version, pinned.status, loaded.entry_location(index)
            )
        )
    return found


def upgrade(loaded: LoadedSpec, library: Library, only: list[str] | None = None) -> list[Outdated]:
    """Rewrite the spec's pins to the latest approved versions, keeping comments and layout."""
    targets = outdated(loaded, library)
    if only:
        unknown = [c for c in only if all(c != e.id for e in loaded.spec.clauses)]
        if unknown:
            raise InputError(
                f"clause '{unknown[0]}' is not in this agreement", Location(str(loaded.path))
            )
        targets = [t for t in targets if t.clause in only]
    if not targets:
        return []
    wanted = {t.clause: t.latest for t in targets}
    document = RoundTrip(loaded.text)
    entries = document.data["clauses"]
    for i, item in enumerate(entries):
        if isinstance(item, str):
            clause_id = item.split("@", 1)[0].strip()
            if clause_id in wanted:
                entries[i] = same_quoting(item, f"{clause_id}@{wanted[clause_id]}")
        elif isinstance(item, dict) and item.get("id") in wanted:
            item["version"] = wanted[item["id"]]
    write_text_atomic(Path(loaded.path), document.dump())
    return targets
