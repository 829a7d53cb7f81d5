"""Text and JSON views of the requirement profiles (`mou profiles list` and `show`)."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from ..model.schema import Requirement
from ..sources.profiles import ProfileSet, ResolvedProfile

FEDERAL = "US"  # the state code of federal and national frameworks


def _origins(profiles: ProfileSet, profile_id: str) -> dict[str, str]:
    """requirement id -> the profile in the inheritance chain that defines it last."""
    entry = profiles.get(profile_id)
    if entry is None:  # pragma: no cover - resolve() has already refused it
        return {}
    profile, _ = entry
    origins: dict[str, str] = {}
    for parent in profile.extends:
        origins.update(_origins(profiles, parent))
    for req in profile.requirements:
        origins[req.id] = profile_id
    return origins


def requirement_json(req: Requirement, origin: str) -> dict[str, Any]:
    return {
        "id": req.id,
        "element": req.element,
        "check": req.check,
        "severity": req.severity,
        "message": req.message,
        "citation": req.citation,
        "effective": req.effective.isoformat() if req.effective else None,
        "until": req.until.isoformat() if req.until else None,
        "param": req.param,
        "min": req.min,
        "max": req.max,
        "patterns": list(req.patterns) if req.patterns else None,
        "match": req.match if req.patterns else None,
        "note": req.note,
        "from": origin,
    }


def _effective_span(resolved: ResolvedProfile) -> dict[str, str | None]:
    """The earliest and latest day from which the profile's requirements apply."""
    days = [r.effective for r in resolved.requirements if r.effective is not None]
    if resolved.profile.effective is not None:
        days.append(resolved.profile.effective)
    if not days:
        return {"earliest": None, "latest": None}
    return {"earliest": min(days).isoformat(), "latest": max(days).isoformat()}


def profile_summary(resolved: ResolvedProfile) -> dict[str, Any]:
    profile = resolved.profile
    severities = [r.severity for r in resolved.requirements]
    return {
        "id": profile.id,
        "title": profile.title,
        "jurisdiction": profile.jurisdiction,
        "state": profile.state,
        "authority": profile.authority,
        "effective": profile.effective.isoformat() if profile.effective else None,
        "effective_span": _effective_span(resolved),
        "verified": profile.verified.isoformat() if profile.verified else None,
        "sources": [
            {"url": s.url, "title": s.title, "retrieved": s.retrieved.isoformat()}
            for s in profile.sources
        ],
        "extends": list(profile.extends),
        "requirements": len(severities),
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
    }


def profile_detail(
    profiles: ProfileSet, profile_id: str, on: dt.date | None = None
) -> dict[str, Any]:
    resolved = profiles.resolve(profile_id)
    origins = _origins(profiles, profile_id)
    requirements = [r for r in resolved.requirements if on is None or r.applies_on(on)]
    detail = profile_summary(resolved)
    detail.update(
        {
            "description": resolved.profile.description,
            "chain": list(resolved.chain),
            "rules": resolved.rules,
            "on": on.isoformat() if on else None,
            "requirements": [
                requirement_json(r, origins.get(r.id, profile_id)) for r in requirements
            ],
        }
    )
    return detail


def _state_heading(state: str | None) -> str:
    if state is None:
        return "(no state)"
    if state == FEDERAL:
        return f"{FEDERAL} (federal and national)"
    return state


def state_order(state: str | None) -> tuple[int, str]:
    """Federal and national first, then the states A-Z, then profiles naming no state."""
    if state == FEDERAL:
        return (0, "")
    return (1, state) if state is not None else (2, "")


def _span_text(span: dict[str, str | None]) -> str:
    earliest, latest = span["earliest"], span["latest"]
    if earliest is None:
        return "-"
    return earliest if earliest == latest else f"{earliest}..{latest}"


def list_text(rows: list[dict[str, Any]]) -> list[str]:
    """One table, a heading per state: id, counts, effective dates, verification, title."""
    header = ["id", "required", "recommended", "effective", "verified", "extends", "title"]
    cells = {
        row["id"]: [
            row["id"],
            str(row["errors"]),
            str(row["warnings"]),
            _span_text(row["effective_span"]),
            row["verified"] or "not verified",
            ", ".join(row["extends"]) or "-",
            row["title"],
        ]
        for row in rows
    }
    table = [header, *cells.values()]
    widths = [max(len(r[i]) for r in table) for i in range(len(header) - 1)]

    def line(values: list[str]) -> str:
        padded = [c.ljust(w) for c, w in zip(values, widths, strict=False)] + [values[-1]]
        return ("  " + "  ".join(padded)).rstrip()

    lines = [line(header), "  " + "  ".join("-" * w for w in widths) + "  " + "-" * 5]
    states = sorted({row["state"] for row in rows}, key=state_order)
    for state in states:
        lines.append("")
        lines.append(_state_heading(state))
        lines.extend(line(cells[row["id"]]) for row in rows if row["state"] == state)
    return lines


def detail_text(detail: dict[str, Any]) -> list[str]:
    """`mou profiles show`: the profile, its sources, each requirement, its rule options."""
    lines = _detail_head(detail) + _detail_sources(detail["sources"])
    reqs = detail["requirements"]
    errors = sum(1 for r in reqs if r["severity"] == "error")
    scope = f" applying on {detail['on']}" if detail["on"] else ""
    lines.append("")
    lines.append(
        f"{len(reqs)} requirement(s){scope}: {errors} required, {len(reqs) - errors} recommended"
    )
    for req in reqs:
        lines += _requirement_lines(req, detail["id"])
    if detail["rules"]:
        lines += ["", "rule options:"]
        for name, options in detail["rules"].items():
            lines.append(f"  {name}: {', '.join(f'{k}={v}' for k, v in options.items())}")
    return lines


def _detail_head(detail: dict[str, Any]) -> list[str]:
    lines = [
        f"{detail['id']}: {detail['title']}",
        f"  authority:    {detail['authority']}",
        f"  jurisdiction: {detail['jurisdiction']}",
        f"  state:        {detail['state'] or '-'}",
        f"  verified:     {detail['verified'] or 'not verified'}",
    ]
    if detail["effective"]:
        lines.append(f"  effective:    {detail['effective']}")
    if detail["extends"]:
        lines.append(f"  extends:      {', '.join(detail['extends'])}")
    if detail["description"]:
        lines.append("")
        lines += textwrap.wrap(
            detail["description"], 88, initial_indent="  ", subsequent_indent="  "
        )
    return lines


def _detail_sources(sources: list[dict[str, str]]) -> list[str]:
    if not sources:
        return ["", "sources: none recorded"]
    lines = ["", "sources:"]
    for source in sources:
        lines += [
            f"  {source['title']}",
            f"      {source['url']}",
            f"      retrieved {source['retrieved']}",
        ]
    return lines


def _what_is_checked(req: dict[str, Any]) -> str:
    what = str(req["check"])
    if req["element"]:
        what += f" {req['element']}"
    if req["param"]:
        bounds = []
        if req["min"] is not None:
            bounds.append(f">= {_num(req['min'])}")
        if req["max"] is not None:
            bounds.append(f"<= {_num(req['max'])}")
        what += f" {req['param']} {' and '.join(bounds)}"
    if req["patterns"]:
        shown = ", ".join(f"/{p}/" for p in req["patterns"])
        either = "or wording, " if req["check"] == "param" else ""
        what += f" ({either}{req['match']} of: {shown})"
    return what


def _requirement_lines(req: dict[str, Any], profile_id: str) -> list[str]:
    lines = [
        "",
        f"  {req['id']}  [{req['severity']}]  {_what_is_checked(req)}",
        f"      {req['message']}",
        f"      citation: {req['citation']}",
    ]
    if req["note"]:
        note = f"note: {req['note']}"
        lines += textwrap.wrap(note, 88, initial_indent=" " * 6, subsequent_indent=" " * 8)
    if req["effective"] or req["until"]:
        span = f"from {req['effective']}" if req["effective"] else ""
        if req["until"]:
            span += f"{' ' if span else ''}until {req['until']}"
        lines.append(f"      applies to agreements effective {span}")
    if req["from"] != profile_id:
        lines.append(f"      inherited from: {req['from']}")
    return lines


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
