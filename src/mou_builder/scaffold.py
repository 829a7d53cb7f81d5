"""``mou new``: scaffold an agreement spec with the clauses a profile requires."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .atomic import write_text_atomic
from .errors import InputError, Location, OutputError
from .library import Library
from .profiles import ProfileSet

_SPEC_HEAD = """\
# Agreement spec written by `mou new` on {today} for profile {profile}.
# Fill every value marked "fill in", then run: mou check {path}
id: {agreement_id}
title: {title}
revision: "1"
date: {today}            # document date (cover, properties)
profiles: [{profile}]
parties:
  district:
    name: fill in District name
    short: District
    signatories:
      - name: fill in
        title: Superintendent
  agency:
    name: fill in Agency name
    short: Agency
    signatories:
      - name: fill in
        title: Chief of Police
board:
  name: Board of Education
term:
  effective: {effective}
  expires: {expires}
params: {{}}
clauses:
"""


def scaffold(
    directory: Path,
    profile_id: str,
    library: Library,
    profiles: ProfileSet,
    *,
    agreement_id: str | None = None,
    title: str = "School Resource Officer Memorandum of Understanding",
    today: dt.date | None = None,
) -> Path:
    today = today or dt.date.today()
    resolved = profiles.resolve(profile_id)
    effective = dt.date(today.year + (today.month > 6), 7, 1)
    expires = dt.date(effective.year + 1, 6, 30)
    agreement_id = agreement_id or f"SRO-{effective.year}"
    path = Path(directory) / f"{agreement_id.lower()}.mou.yaml"
    if path.exists():
        raise OutputError(f"{path} already exists", hint="choose another directory or --id")
    lines = [
        _SPEC_HEAD.format(
            today=today.isoformat(),
            profile=profile_id,
            path=path,
            agreement_id=agreement_id,
            title=title,
            effective=effective.isoformat(),
            expires=expires.isoformat(),
        )
    ]
    chosen: list[str] = []
    for req in resolved.requirements:
        if req.check != "element" or req.element is None or not req.applies_on(effective):
            continue
        if any(req.element in library.clauses[c].clause.elements for c in chosen):
            continue
        candidates = [
            c
            for c in library.by_element.get(req.element, [])
            if library.clauses[c].clause.latest_approved is not None
        ]
        if not candidates:
            raise InputError(
                f"the library has no approved clause for required element '{req.element}'",
                Location(str(resolved.path)),
            )
        chosen.append(sorted(candidates)[0])
    for clause_id in chosen:
        version = library.clauses[clause_id].clause.latest_approved
        assert version is not None
        blanks = [(n, p) for n, p in version.params.items() if p.default is None]
        elements = ", ".join(library.clauses[clause_id].clause.elements)
        if not blanks:
            lines.append(f"  - {clause_id}@{version.version}    # {elements}\n")
            continue
        lines.append(f"  - id: {clause_id}    # {elements}\n")
        lines.append(f"    version: {version.version}\n")
        lines.append("    params:\n")
        for name, param in blanks:
            lines.append(f"      {name}:     # fill in: {param.type}, {param.help}\n")
    write_text_atomic(path, "".join(lines))
    return path
