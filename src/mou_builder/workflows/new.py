"""``mou new``: scaffold an agreement spec with the clauses a profile requires."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import InputError, Location, OutputError
from ..model.schema import Requirement
from ..sources.library import Library
from ..sources.profiles import ProfileSet, ResolvedProfile
from ..util.atomic import write_text_atomic
from ..util.outputs import check_output

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
  name: {board_name}
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
    check_output(path, library=library.root)
    head = _SPEC_HEAD.format(
        today=today.isoformat(),
        profile=profile_id,
        path=path,
        agreement_id=agreement_id,
        title=title,
        effective=effective.isoformat(),
        expires=expires.isoformat(),
        board_name=_board_name(resolved),
    )
    chosen = _required_clauses(library, resolved, effective)
    _add_demanded_wording(library, resolved, effective, chosen)
    chosen = _skeleton(library, chosen)
    applying = [r for r in resolved.requirements if r.applies_on(effective)]
    lines = [head] + [line for c in chosen for line in _entry_lines(library, c, applying)]
    write_text_atomic(path, "".join(lines))
    return path


# The frame every agreement has, in reading order around the profile's clauses: the
# element, and the clause used when the profile brought none for it.
_OPENING = (("recitals", "recitals"), ("purpose", "purpose"), ("definitions", "definitions"))
_TERM = ("term_renewal", "term-renewal")
_CLOSING = (("notices", "notices"), ("signatures", "signatures"))


def _board_name(resolved: ResolvedProfile) -> str:
    """The profile's name for the district's board ("Board of Directors" in Washington)."""
    return resolved.profile.board_name or "Board of Education"


def _skeleton(library: Library, chosen: list[str]) -> list[str]:
    """The profile's clauses inside a complete agreement: recitals, purpose, definitions and
    term first, notices and signatures last (a clause the profile already chose stays)."""

    def place(frame: tuple[tuple[str, str], ...]) -> list[str]:
        out = []
        for element, default in frame:
            have = [c for c in chosen if element in library.clauses[c].clause.elements]
            out.extend(have or ([default] if default in library.clauses else []))
        return out

    framed = place(_OPENING) + place((_TERM,))
    closing = place(_CLOSING)
    middle = [c for c in chosen if c not in framed and c not in closing]
    return _close_references(library, framed + middle, closing)


_REF = re.compile(r"ref\(\s*['\"]([^'\"]+)['\"]\s*\)")


def _close_references(library: Library, body: list[str], closing: list[str]) -> list[str]:
    """Add, before the closing clauses, a clause for every section another one refers to
    (the purpose names the discipline boundary and the data reporting sections)."""
    pending = list(body + closing)
    while pending:
        version = library.clauses[pending.pop(0)].clause.latest_approved
        text = version.model_dump_json() if version is not None else ""
        for target in _REF.findall(text):
            present = body + closing
            if target in present or any(
                target in library.clauses[c].clause.elements for c in present
            ):
                continue
            found = _approved_for(library, target)
            if found is not None:
                body.append(found)
                pending.append(found)
    return body + closing


def _approved_for(library: Library, target: str) -> str | None:
    """The clause a reference names, or the first approved clause for an element."""
    if target in library.clauses:
        return target
    candidates = sorted(
        c
        for c in library.by_element.get(target, [])
        if library.clauses[c].clause.latest_approved is not None
    )
    return candidates[0] if candidates else None


def _required_clauses(library: Library, resolved: ResolvedProfile, effective: dt.date) -> list[str]:
    """A clause for each element the profile requires: the alternate that meets most of the
    profile's wording/parameter rules for it."""
    chosen: list[str] = []
    applying = [r for r in resolved.requirements if r.applies_on(effective)]
    for req in applying:
        if req.check != "element" or req.element is None:
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
        element = req.element
        chosen.append(
            max(sorted(candidates), key=lambda c: _fit_score(library, c, element, applying))
        )
    return chosen


def _add_demanded_wording(
    library: Library, resolved: ResolvedProfile, effective: dt.date, chosen: list[str]
) -> None:
    """Wording demanded anywhere in the agreement (e.g. "based on the state model MOU"): the
    first approved clause stating it, a recital first, anything else last."""
    for req in resolved.requirements:
        if req.check != "text" or req.element is not None or not req.applies_on(effective):
            continue
        if any(_matches(req, _clause_text(library, c)) for c in chosen):
            continue
        fitting = [
            c
            for c in sorted(library.clauses)
            if library.clauses[c].clause.latest_approved is not None
            and _matches(req, _clause_text(library, c))
        ]
        if fitting:
            recital = "recitals" in library.clauses[fitting[0]].clause.elements
            chosen.insert(0 if recital else len(chosen), fitting[0])


def _entry_lines(library: Library, clause_id: str, applying: list[Requirement]) -> list[str]:
    """The clause's entry under ``clauses:``: pinned, with its blanks to fill in."""
    version = library.clauses[clause_id].clause.latest_approved
    assert version is not None
    undecided = _defaults_to_decide(library, clause_id, applying)
    blanks = [(n, p) for n, p in version.params.items() if p.default is None or n in undecided]
    elements = ", ".join(library.clauses[clause_id].clause.elements)
    if not blanks:
        return [f"  - {clause_id}@{version.version}    # {elements}\n"]
    lines = [
        f"  - id: {clause_id}    # {elements}\n",
        f"    version: {version.version}\n",
        "    params:\n",
    ]
    for name, param in blanks:
        if param.type == "str" and param.default is None:
            # a text value is a placeholder to replace: `mou check` names it until it is
            shown = (param.help or name).rstrip(".").replace('"', "'")
            lines.append(f'      {name}: "fill in: {shown}"\n')
        else:
            lines.append(f"      {name}:     # fill in: {param.type}, {param.help}\n")
    return lines


def _clause_text(library: Library, clause_id: str) -> str:
    from ..assembly.assembler import preview

    loaded = library.clauses[clause_id]
    version = loaded.clause.latest_approved
    if version is None:
        return loaded.clause.title
    blocks = preview(loaded, version)
    return loaded.clause.title + "\n" + "\n".join(b.text for b in blocks)


def _defaults_to_decide(library: Library, clause_id: str, reqs: list[Requirement]) -> set[str]:
    """Parameters whose defaults leave a wording rule of the profile unmet: the person chooses.

    A clause can meet a state's wording only with the right values (who leads safety
    planning, the list of offences): its defaulted parameters are then left as blanks.
    """
    loaded = library.clauses[clause_id]
    version = loaded.clause.latest_approved
    if version is None or not any(p.default is not None for p in version.params.values()):
        return set()
    text = _clause_text(library, clause_id)
    unmet = [
        r
        for r in reqs
        if r.check == "text" and r.element in loaded.clause.elements and not _matches(r, text)
    ]
    if not unmet:
        return set()
    return {name for name, param in version.params.items() if param.default is not None}


def _matches(req: Requirement, text: str) -> bool:
    hits = [re.search(p, text, re.I) is not None for p in req.patterns or []]
    return bool(hits) and (all(hits) if req.match == "all" else any(hits))


def _fit_score(library: Library, clause_id: str, element: str, reqs: list[Requirement]) -> int:
    """How many of the profile's text/param/no-text requirements on ``element`` it meets."""
    version = library.clauses[clause_id].clause.latest_approved
    text = _clause_text(library, clause_id)
    score = 0
    for req in reqs:
        if req.element != element:
            continue
        if req.check == "text":
            score += _matches(req, text)
        elif req.check == "no-text":
            score += not any(re.search(p, text, re.I) for p in req.patterns or [])
        elif req.check == "param" and version is not None:
            score += req.param in version.params or (bool(req.patterns) and _matches(req, text))
    return score
