"""Outdated pins and upgrades: spec clause versions behind the library's latest approved."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from ..sources.library import Library
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
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

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
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=_sequence_indent(loaded.text), offset=_offset(loaded.text))
    data: Any = yaml.load(loaded.text)
    entries = data["clauses"]
    for i, item in enumerate(entries):
        if isinstance(item, str):
            clause_id = item.split("@", 1)[0].strip()
            if clause_id in wanted:
                new = f"{clause_id}@{wanted[clause_id]}"
                if isinstance(item, DoubleQuotedScalarString):
                    new = DoubleQuotedScalarString(new)
                elif isinstance(item, SingleQuotedScalarString):
                    new = SingleQuotedScalarString(new)
                entries[i] = new
        elif isinstance(item, dict) and item.get("id") in wanted:
            item["version"] = wanted[item["id"]]
    out = StringIO()
    yaml.dump(data, out)
    write_text_atomic(Path(loaded.path), out.getvalue())
    return targets


def _clause_item_indent(text: str) -> int:
    """Column of the '-' of the items under the top-level ``clauses:`` key."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("clauses:"):
            for follow in lines[index + 1 :]:
                stripped = follow.lstrip(" ")
                if stripped.startswith("- "):
                    return len(follow) - len(stripped)
            break
    return 2


def _sequence_indent(text: str) -> int:
    return _clause_item_indent(text) + 2


def _offset(text: str) -> int:
    return _clause_item_indent(text)
