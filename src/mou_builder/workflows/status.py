"""``mou status``: every agreement under a directory, most urgent first.

For each ``*.mou.yaml`` found (hidden directories, virtual environments and
``node_modules`` are skipped): id, title, parties, profiles, state, term dates and days to
expiry. The state is

- ``final``   a final-copy manifest (see :mod:`mou_builder.workflows.final`) under the directory
              records this spec's exact hash;
- ``checked`` ``mou check`` finds no errors;
- ``draft``   it assembles, but the check finds errors;
- ``invalid`` it does not load or assemble: the first error, on one line.

Files are grouped by agreement id: one row per agreement, showing its latest revision and
listing the other revision files. Of two agreements between the same district and agency,
the later-starting one supersedes the earlier (shown as "superseded by ..."), and days
between one term's end and the next one's start are reported as a gap in coverage. Each
row carries its deadlines (:mod:`mou_builder.workflows.deadlines`): review or adoption due,
notice deadlines, expiry.

Order: expired first, then fewest days left; superseded agreements next, agreements without
dates (invalid) last.
``MOU_TODAY`` pins today (see :func:`mou_builder.checks.engine.today`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputErrors, MouError
from ..sources.library import Library
from ..sources.profiles import ProfileSet
from .deadlines import Deadline, deadlines

SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv"}


@dataclass
class AgreementStatus:
    path: str
    state: str  # final | checked | draft | invalid
    id: str | None = None
    title: str | None = None
    district: str | None = None
    agency: str | None = None
    profiles: list[str] = field(default_factory=list)
    effective: dt.date | None = None
    expires: dt.date | None = None
    days_to_expiry: int | None = None
    errors: int = 0
    warnings: int = 0
    final: str | None = None  # the final copy (.docx) recorded for this spec hash
    error: str | None = None  # invalid: why
    revision: str | None = None
    revisions: list[tuple[str, str]] = field(default_factory=list)  # (revision, path), all files
    superseded_by: str | None = None  # the id of the agreement that follows this one
    gap_days: int | None = None  # days without an agreement before the successor starts
    deadlines: list[Deadline] = field(default_factory=list)

    def upcoming(self, today: dt.date) -> list[Deadline]:
        """Deadlines still ahead (or today), soonest first."""
        return [d for d in self.deadlines if d.date >= today]

    @property
    def parties(self) -> str:
        if self.district and self.agency:
            return f"{self.district} / {self.agency}"
        return "-"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "title": self.title,
            "parties": {"district": self.district, "agency": self.agency},
            "profiles": self.profiles,
            "state": self.state,
            "effective": self.effective.isoformat() if self.effective else None,
            "expires": self.expires.isoformat() if self.expires else None,
            "days_to_expiry": self.days_to_expiry,
            "errors": self.errors,
            "warnings": self.warnings,
            "final": self.final,
            "error": self.error,
            "revision": self.revision,
            "revisions": [{"revision": r, "path": p} for r, p in self.revisions],
            "superseded_by": self.superseded_by,
            "gap_days": self.gap_days,
            "deadlines": [d.to_json() for d in self.deadlines],
        }


def find_specs(root: Path) -> list[Path]:
    root = Path(root)
    if root.is_file():
        return [root]
    found = []
    for path in root.rglob("*.mou.yaml"):
        relative = path.relative_to(root).parts[:-1]
        if any(p.startswith(".") or p in SKIP_DIRS for p in relative):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found)


def _final_index(root: Path) -> dict[str, str]:
    """spec hash → the final .docx that records it (the current copy, not superseded ones)."""
    from .final import MANIFEST_SUFFIX, find_manifests, load_manifest

    index: dict[str, str] = {}
    directory = Path(root) if Path(root).is_dir() else Path(root).parent
    for path in find_manifests(directory):
        manifest = load_manifest(path)
        if manifest is None or manifest.get("kind", "final") != "final":
            continue
        spec_hash = (manifest.get("spec") or {}).get("hash")
        doc = (manifest.get("document") or {}).get("file")
        if not spec_hash or not doc:
            continue
        superseded = ".superseded-" in path.name
        docx = path.with_name(path.name[: -len(MANIFEST_SUFFIX)] + ".docx")
        if spec_hash not in index or not superseded:
            index[spec_hash] = str(docx)
    return index


def one_line(exc: MouError) -> str:
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    text = str(errors[0]).splitlines()[0] if str(errors[0]) else type(exc).__name__
    if len(errors) > 1:
        text += f" (+{len(errors) - 1} more)"
    return text


def status_of(
    path: Path,
    library: Library,
    finals: dict[str, str],
    today: dt.date,
    root: Path,
    profiles: ProfileSet | None = None,
) -> AgreementStatus:
    from ..assembly.assembler import assemble
    from ..checks.engine import run_check
    from ..sources.specfile import load_spec

    try:
        shown = str(path.relative_to(root)) if root.is_dir() else str(path)
    except ValueError:
        shown = str(path)
    try:
        loaded = load_spec(path)
    except MouError as exc:
        return AgreementStatus(shown, "invalid", error=one_line(exc))
    spec = loaded.spec
    status = AgreementStatus(
        shown,
        "draft",
        id=spec.id,
        title=spec.title,
        district=spec.parties.district.name,
        agency=spec.parties.agency.name,
        profiles=list(spec.profiles),
        effective=spec.term.effective,
        expires=spec.term.expires,
        days_to_expiry=(spec.term.expires - today).days,
        revision=spec.revision,
        revisions=[(spec.revision, shown)],
    )
    try:
        agreement = assemble(loaded, library)
        result = run_check(agreement, library, on=today, profiles=profiles)
    except MouError as exc:
        status.state = "invalid"
        status.error = one_line(exc)
        return status
    status.errors = len(result.errors)
    status.warnings = len(result.warnings)
    status.deadlines = deadlines(agreement, result.profiles, today)
    if loaded.hash in finals:
        status.state = "final"
        status.final = finals[loaded.hash]
    elif result.ok():
        status.state = "checked"
    return status


def urgency(status: AgreementStatus) -> tuple[int, int, str, str]:
    if status.days_to_expiry is None:
        return (2, 0, status.id or "", status.path)
    if status.superseded_by is not None:
        return (1, status.days_to_expiry, status.id or "", status.path)
    return (0, status.days_to_expiry, status.id or "", status.path)


def _revision_key(status: AgreementStatus) -> tuple[int, str, str]:
    """Later revisions sort higher: "2" after "1", "draft-4" after "draft-3"."""
    import re

    label = status.revision or ""
    number = re.search(r"(\d+)(?!.*\d)", label)
    return (int(number.group(1)) if number else 0, label, status.path)


def group_revisions(statuses: list[AgreementStatus]) -> list[AgreementStatus]:
    """One row per agreement id: the latest revision, listing every revision's file."""
    by_id: dict[str, list[AgreementStatus]] = {}
    rows: list[AgreementStatus] = []
    for status in statuses:
        if status.id is None:
            rows.append(status)  # invalid: no id to group by
        else:
            by_id.setdefault(status.id, []).append(status)
    for files in by_id.values():
        files.sort(key=_revision_key)
        latest = files[-1]
        latest.revisions = [(f.revision or "", f.path) for f in files]
        if any(f.state == "final" for f in files) and latest.state != "final":
            final = next(f for f in reversed(files) if f.state == "final")
            latest.final = latest.final or final.final
        rows.append(latest)
    return rows


def mark_supersession(rows: list[AgreementStatus]) -> None:
    """Between the same parties, each agreement is superseded by the next one to start."""
    by_parties: dict[tuple[str, str], list[AgreementStatus]] = {}
    for row in rows:
        if row.district and row.agency and row.effective and row.expires:
            by_parties.setdefault((row.district, row.agency), []).append(row)
    for terms in by_parties.values():
        terms.sort(key=lambda r: (r.effective or dt.date.min, r.id or ""))
        for earlier, later in itertools.pairwise(terms):
            if later.effective is None or earlier.effective is None or earlier.expires is None:
                continue
            if later.effective <= earlier.effective:
                continue  # side by side (e.g. different schools), not one after the other
            earlier.superseded_by = later.id
            gap = (later.effective - earlier.expires).days - 1
            earlier.gap_days = gap if gap > 0 else None


def collect(root: Path, library: Library, today: dt.date | None = None) -> list[AgreementStatus]:
    """The status of every agreement under ``root``, most urgent first."""
    from ..checks.engine import today as checks_today

    root = Path(root)
    if not root.exists():
        from ..errors import InputError, Location

        raise InputError("no such directory", Location(str(root)))
    day = today or checks_today()
    finals = _final_index(root)
    specs = find_specs(root)
    profiles: ProfileSet | None = None
    if specs:
        try:
            profiles = ProfileSet.load()  # once, not once per agreement
        except MouError:
            profiles = None  # each agreement then reports the problem as its own
    statuses = group_revisions([status_of(p, library, finals, day, root, profiles) for p in specs])
    mark_supersession(statuses)
    statuses.sort(key=urgency)
    return statuses
