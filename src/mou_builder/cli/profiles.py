"""``mou profiles``: the requirement profiles an agreement can be checked against."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import click

from ..errors import InputError, UsageError
from ..model.schema import Requirement
from ..sources.profiles import ProfileSet, ResolvedProfile
from ..sources.shipped import PROFILES_ORDER, profile_directory
from ._common import echo_json, format_option

profiles_dir_option = click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=str),
    help=f"Profile directory. Lookup order: {PROFILES_ORDER}.",
)


def _load(root: str | None) -> ProfileSet:
    return ProfileSet.load(profile_directory(root).path)


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


@click.group()
def profiles() -> None:
    """List and show requirement profiles (what each governing policy demands)."""


FEDERAL = "US"  # the state code of federal and national frameworks


def _state_heading(state: str | None) -> str:
    if state is None:
        return "(no state)"
    if state == FEDERAL:
        return f"{FEDERAL} (federal and national)"
    return state


def _state_order(state: str | None) -> tuple[int, str]:
    """Federal and national first, then the states A-Z, then profiles naming no state."""
    if state == FEDERAL:
        return (0, "")
    return (1, state) if state is not None else (2, "")


def _span_text(span: dict[str, str | None]) -> str:
    earliest, latest = span["earliest"], span["latest"]
    if earliest is None:
        return "-"
    return earliest if earliest == latest else f"{earliest}..{latest}"


@profiles.command("list")
@click.option(
    "--state",
    "state",
    metavar="XX",
    help='Only the profiles of one state (two-letter code, any case; "US" = federal/national).',
)
@format_option
@profiles_dir_option
def list_profiles(state: str | None, fmt: str, root: str | None) -> None:
    """List the available profiles, grouped by state, with effective and verification dates."""
    found = _load(root)
    rows = [profile_summary(found.resolve(pid)) for pid in found.ids()]
    if state is not None:
        wanted = state.strip().upper()
        known = sorted({r["state"] for r in rows if r["state"]}, key=_state_order)
        rows = [r for r in rows if r["state"] == wanted]
        if not rows:
            raise UsageError(
                f"no profile for state '{wanted}'", hint=f"known: {', '.join(known) or 'none'}"
            )
    if fmt == "json":
        echo_json(rows)
        return
    for line in list_text(rows):
        click.echo(line)


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
    states = sorted({row["state"] for row in rows}, key=_state_order)
    for state in states:
        lines.append("")
        lines.append(_state_heading(state))
        lines.extend(line(cells[row["id"]]) for row in rows if row["state"] == state)
    return lines


def _parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--on {value!r} is not a date", hint="write YYYY-MM-DD") from None


@profiles.command("show")
@click.argument("profile_id", metavar="ID")
@click.option(
    "--on",
    "on",
    metavar="DATE",
    help="Only requirements that apply to an agreement effective on DATE (YYYY-MM-DD).",
)
@format_option
@profiles_dir_option
def show(profile_id: str, on: str | None, fmt: str, root: str | None) -> None:
    """Show a profile's requirements: element, severity, citation, effective dates."""
    found = _load(root)
    detail = profile_detail(found, profile_id, _parse_day(on))
    if fmt == "json":
        echo_json(detail)
        return
    for line in detail_text(detail):
        click.echo(line)


def detail_text(detail: dict[str, Any]) -> list[str]:
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
        lines.extend(
            textwrap.wrap(detail["description"], 88, initial_indent="  ", subsequent_indent="  ")
        )
    if detail["sources"]:
        lines.append("")
        lines.append("sources:")
        for source in detail["sources"]:
            lines.append(f"  {source['title']}")
            lines.append(f"      {source['url']}")
            lines.append(f"      retrieved {source['retrieved']}")
    else:
        lines.append("")
        lines.append("sources: none recorded")
    reqs = detail["requirements"]
    errors = sum(1 for r in reqs if r["severity"] == "error")
    scope = f" applying on {detail['on']}" if detail["on"] else ""
    lines.append("")
    lines.append(
        f"{len(reqs)} requirement(s){scope}: {errors} required, {len(reqs) - errors} recommended"
    )
    for req in reqs:
        what = req["check"]
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
        lines.append("")
        lines.append(f"  {req['id']}  [{req['severity']}]  {what}")
        lines.append(f"      {req['message']}")
        lines.append(f"      citation: {req['citation']}")
        if req["note"]:
            note = f"note: {req['note']}"
            lines.extend(textwrap.wrap(note, 88, initial_indent=" " * 6, subsequent_indent=" " * 8))
        if req["effective"] or req["until"]:
            span = f"from {req['effective']}" if req["effective"] else ""
            if req["until"]:
                span += f"{' ' if span else ''}until {req['until']}"
            lines.append(f"      applies to agreements effective {span}")
        if req["from"] != detail["id"]:
            lines.append(f"      inherited from: {req['from']}")
    if detail["rules"]:
        lines.append("")
        lines.append("rule options:")
        for name, options in detail["rules"].items():
            shown = ", ".join(f"{k}={v}" for k, v in options.items())
            lines.append(f"  {name}: {shown}")
    return lines


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
