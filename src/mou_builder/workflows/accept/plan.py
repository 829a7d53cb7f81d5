"""Which clause entries of the spec change, and how: the accepted text of each clause with
accepted changes, as new parameter values, a new heading, negotiated text or a removal."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from ...compare.worddiff import tokenize
from ...errors import UsageError
from ...model.agreement import Section
from ...sources.library import Library
from ..review import Change, ClauseView, Review, clause_text, lines_of
from .blocks import source_blocks
from .model import ClauseOutcome, Edit
from .params import parameter_edit


def plan(
    result: Review,
    accepted: list[Change],
    library: Library,
    returned: Path | str,
) -> tuple[list[Edit], list[ClauseOutcome], list[str]]:
    """The edits to the spec, what each clause's outcome is, and the accepted changes that
    are not carried (with why)."""
    assert result.agreement is not None
    by_clause, skipped = _by_clause(result, accepted)
    edits: list[Edit] = []
    outcomes: list[ClauseOutcome] = []
    for cid, changes in by_clause.items():
        section = result.agreement.section_for(cid)
        if section is None:
            skipped.append(f"{', '.join(c.id for c in changes)}: clause '{cid}' is not in the spec")
            continue
        edit, outcome = _clause_edit(result, section, changes, library, returned)
        edits.append(edit)
        outcomes.append(outcome)
    return edits, outcomes, skipped


def _by_clause(result: Review, accepted: list[Change]) -> tuple[dict[str, list[Change]], list[str]]:
    by_clause: dict[str, list[Change]] = {}
    skipped: list[str] = []
    for change in accepted:
        if change.kind == "format":
            skipped.append(f"{change.id}: formatting is not carried into the spec")
            continue
        if change.clause is None:
            skipped.append(f"{change.id}: outside the clauses (cover or signature page)")
            continue
        if change.merges:
            skipped.append(
                f"{change.id}: it merges the heading of '{change.merges}' into "
                f"'{change.clause}'; joining two clauses is an edit of the spec by hand"
            )
            continue
        by_clause.setdefault(change.clause, []).append(change)
    # a move accepted in one clause also changes the clause it lands in
    for change in accepted:
        if change.kind == "move":
            for cid, view in result.clauses.items():
                if cid != change.clause and _touches(view, set(change.keys)):
                    by_clause.setdefault(cid, []).append(change)
    return by_clause, skipped


def _clause_edit(
    result: Review,
    section: Section,
    changes: list[Change],
    library: Library,
    returned: Path | str,
) -> tuple[Edit, ClauseOutcome]:
    cid = section.clause_id
    ids = [c.id for c in changes]
    removed = (
        Edit(clause=cid, version=section.version, remove=True),
        ClauseOutcome(clause=cid, how="removed", changes=ids),
    )
    view = result.clauses.get(cid)
    if view is None:  # the clause is missing from the document and that was accepted
        return removed
    untracked = [c for c in result.changes if c.clause == cid and c.kind == "untracked"]
    title, body = _accepted_text(result, view, section, changes, untracked)
    if not title and not any(line.strip() for line in body):
        return removed
    edit = Edit(clause=cid, version=section.version)
    outcome = ClauseOutcome(clause=cid, how="title", changes=ids)
    if title and title != section.title:
        edit.title = title
    if body == lines_of(section.text):
        return edit, outcome
    params = parameter_edit(result, section, body, library)
    if params is not None:
        edit.params = {k: new for k, (_, new) in params.items()}
        outcome.how, outcome.params = "parameters", params
        return edit, outcome
    edit.text = source_blocks(section, body, library)
    dates = sorted(c.date[:10] for c in changes if c.date)
    when = dates[-1] if dates else dt.date.today().isoformat()
    edit.negotiated = f"from {Path(str(returned)).name} on {when}, changes {', '.join(ids)}"
    outcome.how, outcome.note = "negotiated", edit.negotiated
    return edit, outcome


def _touches(view: ClauseView, keys: set[int]) -> bool:
    for block in view.blocks:
        for para in block.paras():
            if para.mark in keys or any(k in keys for _, ks in para.segments for k in ks):
                return True
    return False


def _accepted_text(
    result: Review,
    view: ClauseView,
    section: Section,
    changes: list[Change],
    untracked: list[Change],
) -> tuple[str, list[str]]:
    keys = frozenset(k for c in changes for k in c.keys)
    title, body = clause_text(result.doc, view, keys)
    if not untracked:
        return title, body
    taken = [c for c in untracked if c in changes]
    if taken and len(taken) != len(untracked):
        raise UsageError(
            f"accept or reject the untracked edits of '{view.clause}' together: "
            f"{', '.join(c.id for c in untracked)}"
        )
    if taken:
        return title, body
    # untracked edits rejected: apply the accepted tracked changes to the text that was sent
    base_title, base_body = clause_text(result.doc, view, None)
    base = base_title + "\n" + "\n".join(base_body)
    mine = title + "\n" + "\n".join(body)
    sent = section.title + "\n" + "\n".join(lines_of(section.text))
    merged = merge3(base, sent, mine)
    if merged is None:
        raise UsageError(
            f"in '{view.clause}' an accepted change overlaps an untracked edit "
            f"({', '.join(c.id for c in untracked)}); accept the untracked edits too, or "
            "edit the spec by hand"
        )
    lines = merged.split("\n")
    return lines[0], lines[1:]


def merge3(base: str, theirs: str, mine: str) -> str | None:
    """Token-level three-way merge: the edits base→theirs and base→mine, or None on overlap."""
    b, t, m = tokenize(base), tokenize(theirs), tokenize(mine)

    def edits(other: list[str]) -> list[tuple[int, int, list[str]]]:
        matcher = difflib.SequenceMatcher(None, b, other, autojunk=False)
        return [
            (i1, i2, other[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]

    combined = sorted(edits(t) + edits(m), key=lambda e: (e[0], e[1]))
    out: list[str] = []
    pos = 0
    for i1, i2, replacement in combined:
        if i1 < pos:
            return None  # both sides edit the same words
        out.extend(b[pos:i1])
        out.extend(replacement)
        pos = i2
    out.extend(b[pos:])
    return "".join(out)
