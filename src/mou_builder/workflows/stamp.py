"""Record content hashes in clause files, keeping their comments and layout (sources.roundtrip)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model.hashing import version_hash
from ..sources.library import LoadedClause
from ..sources.roundtrip import RoundTrip
from ..util.atomic import write_text_atomic


@dataclass
class Stamp:
    clause: str
    version: int
    old: str | None
    new: str


def stamp_clause(loaded: LoadedClause, *, dry_run: bool = False) -> list[Stamp]:
    """Write missing hashes, and refresh draft hashes; approved text is never re-approved here."""
    changes: list[Stamp] = []
    for version in loaded.clause.versions:
        actual = version_hash(version)
        if version.hash == actual:
            continue
        if version.hash is not None and version.status != "draft":
            loc = loaded.version_location(version.version)
            raise InputError(
                f"clause '{loaded.id}' v{version.version} is {version.status} and its text no "
                "longer matches the recorded hash",
                loc,
                "restore the approved text, or add a new draft version",
            )
        changes.append(Stamp(loaded.id, version.version, version.hash, actual))
    if not changes or dry_run:
        return changes
    path: Path = loaded.path
    document = RoundTrip(path.read_text(encoding="utf-8"))
    wanted = {c.version: c.new for c in changes}
    for item in document.data["versions"]:
        if item.get("version") in wanted:
            item["hash"] = wanted[item["version"]]
    write_text_atomic(path, document.dump())
    return changes
