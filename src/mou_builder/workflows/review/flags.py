"""Flags on review changes: locked statutory language, and changes whose acceptance would
make ``mou check`` fail."""

from __future__ import annotations

from ...sources.library import Library
from .model import Flag, Review
from .simulate import simulate_checks, simulate_text_rules


def compute_flags(result: Review, library: Library | None) -> list[Flag]:
    flags: list[Flag] = []
    locked = _locked_clauses(result, library)
    for change in result.changes:
        if change.merges:
            flags.append(
                Flag(
                    change=change.id,
                    rule="merges-sections",
                    message=f"accepting it joins the heading of '{change.merges}' to "
                    f"'{change.clause}': two sections become one",
                )
            )
        if change.kind == "format":
            continue
        for target in dict.fromkeys([change.clause, change.to_clause]):
            if target in locked:
                flags.append(
                    Flag(
                        change=change.id,
                        rule="locked-clause",
                        message=f"'{target}' is locked statutory language; this "
                        f"{change.kind} cannot be accepted into it",
                    )
                )
    if result.agreement is not None:
        flags.extend(simulate_checks(result, library))
    else:
        flags.extend(simulate_text_rules(result, library))
    order = {c.id: i for i, c in enumerate(result.changes)}
    flags.sort(key=lambda f: (order.get(f.change, 1 << 30), f.rule))
    return flags


def _locked_clauses(result: Review, library: Library | None) -> set[str]:
    locked: set[str] = set()
    for cid, view in result.clauses.items():
        if view.sent is not None:
            if view.sent.locked:
                locked.add(cid)
            continue
        loaded = library.get(cid) if library is not None else None
        if loaded is None:
            continue
        version = loaded.clause.get(view.version) if view.version else None
        version = version or loaded.clause.latest_approved or loaded.clause.latest
        if version.locked:
            locked.add(cid)
    if result.agreement is not None:
        locked |= {s.clause_id for s in result.agreement.sections if s.locked}
    return locked
