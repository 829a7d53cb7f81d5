"""An iCalendar file (RFC 5545) of every agreement's deadlines, for the clerk's calendar.

All-day events, one per deadline of each agreement still in force (superseded and invalid
agreements have none); UIDs and the stamp come from the data, so the same agreements give
the same bytes. Lines end in CRLF and are folded at 75 octets, as the standard asks.
"""

from __future__ import annotations

import datetime as dt

from ..workflows.status import AgreementStatus

PRODID = "-//mou-builder//SRO agreement deadlines//EN"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; continuation lines start with a space."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + rest for rest in out[1:])]


def calendar(statuses: list[AgreementStatus], today: dt.date) -> str:
    stamp = f"{today:%Y%m%d}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for s in statuses:
        if s.id is None or s.superseded_by is not None:
            continue
        for number, deadline in enumerate(s.deadlines, start=1):
            day = deadline.date
            uid = f"{s.id}-{deadline.kind}-{day:%Y%m%d}-{number}@mou-builder"
            summary = f"{s.id}: {deadline.what}"
            description = f"{s.title or s.id} ({s.parties})"
            if deadline.basis:
                description += f". Basis: {deadline.basis}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{_escape(uid)}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(summary)}",
                f"DESCRIPTION:{_escape(description)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
