"""The clause library: one YAML file per clause, every version inside, each version hashed."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import InputError, InputErrors, Location
from ..model.hashing import version_hash
from ..model.schema import Clause, ClauseVersion
from ..util import readset
from ..util.collector import collector_paused
from .marked import MarkedDict, MarkedList
from .shipped import CLAUSES_ORDER, clause_library
from .validate import load_model


def default_library_path() -> Path:
    """The library by the documented lookup order (:data:`shipped.CLAUSES_ORDER`)."""
    return clause_library(None).path


@dataclass
class LoadedClause:
    clause: Clause
    path: Path
    raw: Any
    # version_hash per version object (kept alive with it, so the id is never reused)
    _hashes: dict[int, tuple[ClauseVersion, str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _locations: dict[int, Location] = field(default_factory=dict, repr=False, compare=False)

    def version_hash(self, version: ClauseVersion) -> str:
        """:func:`version_hash` of a version, computed once: versions are frozen."""
        found = self._hashes.get(id(version))
        if found is None:
            found = self._hashes[id(version)] = (version, version_hash(version))
        return found[1]

    @property
    def id(self) -> str:
        return self.clause.id

    def version_location(self, number: int) -> Location:
        found = self._locations.get(number)
        if found is None:
            found = self._locations[number] = self._find_version(number)
        return found

    def _find_version(self, number: int) -> Location:
        versions = self.raw.get("versions") if isinstance(self.raw, MarkedDict) else None
        if isinstance(versions, MarkedList):
            for index, item in enumerate(versions):
                if isinstance(item, dict) and item.get("version") == number:
                    return Location(str(self.path), *versions.item_marks[index])
        return Location(str(self.path), 1, 1)


@dataclass
class Library:
    root: Path
    clauses: dict[str, LoadedClause] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path | None = None) -> Library:
        root = Path(root) if root is not None else default_library_path()
        readset.probed(root)
        if not root.is_dir():
            raise InputError(
                "clause library not found",
                Location(str(root)),
                f"lookup order: {CLAUSES_ORDER}",
            )
        library = cls(root=root)
        errors: list[InputError] = []
        # every object read here lives as long as the library: the cyclic collector would
        # only rescan them, again and again, while they are being read
        with collector_paused():
            library._read(sorted(root.glob("*.yaml")), errors)
        if errors:
            raise InputErrors(errors)
        return library

    def _read(self, paths: list[Path], errors: list[InputError]) -> None:
        for path in paths:
            try:
                clause, raw = load_model(Clause, path)
            except InputErrors as exc:
                errors.extend(exc.errors)
                continue
            except InputError as exc:
                errors.append(exc)
                continue
            if clause.id != path.stem:
                errors.append(
                    InputError(
                        f"clause id '{clause.id}' does not match the file name '{path.name}'",
                        Location(str(path), *raw.value_marks.get("id", (1, 1))),
                        f"rename the file to {clause.id}.yaml or fix the id",
                    )
                )
                continue
            self.clauses[clause.id] = LoadedClause(clause, path, raw)

    def get(self, clause_id: str) -> LoadedClause | None:
        return self.clauses.get(clause_id)

    def require(self, clause_id: str, location: Location | None = None) -> LoadedClause:
        found = self.clauses.get(clause_id)
        if found is None:
            raise InputError(
                f"unknown clause '{clause_id}'",
                location,
                _suggest(clause_id, self.clauses) or "run `mou clauses list` to see the ids",
            )
        return found

    def resolve(self, ref: str) -> tuple[LoadedClause, ClauseVersion]:
        """``ID`` (latest approved) or ``ID@N`` to a clause and version."""
        clause_id, _, number = ref.partition("@")
        loaded = self.require(clause_id)
        if number:
            if not number.isdigit():
                raise InputError(f"'{ref}' is not a clause reference", hint="write ID or ID@N")
            version = loaded.clause.get(int(number))
            if version is None:
                raise InputError(
                    f"clause '{clause_id}' has no version {number}",
                    hint=f"versions: {', '.join(str(v.version) for v in loaded.clause.versions)}",
                )
            return loaded, version
        latest = loaded.clause.latest_approved or loaded.clause.latest
        return loaded, latest

    @cached_property
    def by_element(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for loaded in self.clauses.values():
            for element in loaded.clause.elements:
                index.setdefault(element, []).append(loaded.id)
        return index


def hash_drift(loaded: LoadedClause, version: ClauseVersion) -> str | None:
    """A message if an approved (or superseded) version no longer matches its recorded hash."""
    if version.status not in ("approved", "superseded"):
        return None
    actual = loaded.version_hash(version)
    if version.hash is None:
        return (
            f"clause '{loaded.id}' version {version.version} is {version.status} "
            f"but records no hash (computed {actual})"
        )
    if version.hash != actual:
        return (
            f"clause '{loaded.id}' version {version.version} was changed after approval: "
            f"recorded {version.hash[:19]}…, now {actual[:19]}…; "
            "restore the approved text or add a new version"
        )
    return None


def _suggest(name: str, known: dict[str, Any]) -> str | None:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else None
