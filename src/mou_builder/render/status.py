"""The terminal view of `mou status`: one row per agreement, most urgent first, then what
each agreement's clerk must know (supersession, gaps, revisions, deadlines)."""

from __future__ import annotations

import datetime as dt

from ..workflows.status import AgreementStatus
from .table import columns

HEADER = ["STATE", "DAYS", "EXPIRES", "ID", "REV", "PARTIES", "PROFILES", "NEXT", "PATH"]


def _days(s: AgreementStatus) -> str:
    if s.superseded_by is not None:
        return f"superseded by {s.superseded_by}"
    if s.days_to_expiry is None:
        return "-"
    if s.days_to_expiry < 0:
        return f"expired {-s.days_to_expiry}d ago"
    return str(s.days_to_expiry)


def _next(s: AgreementStatus, today: dt.date) -> str:
    ahead = [d for d in s.upcoming(today) if d.kind != "expiry"]
    if not ahead or s.superseded_by is not None:
        return "-"
    first = ahead[0]
    return f"{first.date.isoformat()} {first.kind}"


def _notes(s: AgreementStatus, today: dt.date) -> list[str]:
    name = s.id or s.path
    notes = []
    if s.superseded_by is not None:
        gap = f"; {s.gap_days} day(s) without an agreement before it starts" if s.gap_days else ""
        notes.append(f"{name}: superseded by {s.superseded_by}{gap}")
    if len(s.revisions) > 1:
        listed = ", ".join(f"{rev} ({path})" for rev, path in s.revisions)
        notes.append(f"{name}: {len(s.revisions)} revisions: {listed}")
    if s.superseded_by is None:
        for deadline in s.upcoming(today):
            if deadline.kind == "expiry":
                continue
            basis = f" [{deadline.basis}]" if deadline.basis else ""
            notes.append(f"{name}: {deadline.what} due {deadline.date.isoformat()}{basis}")
    return notes


def status_table(statuses: list[AgreementStatus], today: dt.date | None = None) -> list[str]:
    """Plain-text table for the terminal, then one line per thing to act on."""
    if not statuses:
        return ["no agreements (*.mou.yaml) found"]
    day = today or dt.date.today()
    rows = [HEADER]
    for s in statuses:
        rows.append(
            [
                s.state,
                _days(s),
                s.expires.isoformat() if s.expires else "-",
                s.id or "-",
                s.revision or "-",
                s.parties,
                ", ".join(s.profiles) or "-",
                _next(s, day),
                s.path,
            ]
        )
    lines = columns(rows)
    notes = [note for s in statuses for note in _notes(s, day)]
    if notes:
        lines += ["", *notes]
    for s in statuses:
        if s.error:
            lines.append(f"invalid: {s.error}")
    return lines
