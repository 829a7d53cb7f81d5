"""The terminal view of `mou status`: one row per agreement, most urgent first."""

from __future__ import annotations

from ..workflows.status import AgreementStatus
from .table import columns


def status_table(statuses: list[AgreementStatus]) -> list[str]:
    """Plain-text table for the terminal."""
    if not statuses:
        return ["no agreements (*.mou.yaml) found"]
    header = ["STATE", "DAYS", "EXPIRES", "ID", "PARTIES", "PROFILES", "PATH"]
    rows = [header]
    for s in statuses:
        if s.days_to_expiry is None:
            days = "-"
        elif s.days_to_expiry < 0:
            days = f"expired {-s.days_to_expiry}d ago"
        else:
            days = str(s.days_to_expiry)
        rows.append(
            [
                s.state,
                days,
                s.expires.isoformat() if s.expires else "-",
                s.id or "-",
                s.parties,
                ", ".join(s.profiles) or "-",
                s.path,
            ]
        )
    lines = columns(rows)
    for s in statuses:
        if s.error:
            lines.append(f"invalid: {s.error}")
    return lines
