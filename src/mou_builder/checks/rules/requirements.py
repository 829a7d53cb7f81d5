"""Profile requirements: element present, parameter bounds, required or forbidden text,
citation present. One rule id per kind of requirement, the requirement's citation on each
finding; a requirement with an effective date applies only to agreements effective on or
after it (the law as of the agreement's effective date); one that takes effect during the
term is noted (info, ``upcoming-requirement``) for the renewal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model.schema import Requirement
from ..findings import Finding
from .base import CheckContext

ID = "requirements"
DESCRIPTION = "Every requirement of the agreement's profiles is met."
DEFAULTS: dict[str, Any] = {}

RULE_IDS = {
    "element": "required-element",
    "param": "required-param",
    "text": "required-text",
    "no-text": "forbidden-text",
    "citation": "required-citation",
}


UPCOMING = "upcoming-requirement"


def check(ctx: CheckContext, options: dict[str, Any]) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    # (profile, day) -> the citations of the requirements taking effect that day, in order
    upcoming: dict[tuple[str, Any], list[str]] = {}
    for profile in ctx.profiles:
        for req in profile.requirements:
            if not req.applies_on(ctx.effective):
                if req.effective and ctx.effective < req.effective <= _expires(ctx):
                    upcoming.setdefault((profile.id, req.effective), []).append(req.citation)
                continue
            key = (req.id, req.citation)
            if key in seen:  # the same requirement through two profiles
                continue
            seen.add(key)
            yield from _check_one(ctx, profile.id, req)
    # requirements that come into force during the term: a note for the renewal
    # (one note per profile and day, naming every subsection that comes into force)
    for (profile_id, day), citations in upcoming.items():
        count = len(citations)
        citation = "; ".join(dict.fromkeys(citations))
        yield Finding(
            rule=UPCOMING,
            severity="info",
            message=(
                f"{count} requirement(s) of {profile_id} take effect on {day}, during this "
                "agreement's term; they apply to a renewal or amendment effective from then "
                f"(`mou profiles show {profile_id} --on {day}`)"
            ),
            location=ctx.agreement.locations.get("term"),
            citation=citation,
        )


def _expires(ctx: CheckContext) -> Any:
    return ctx.agreement.spec.term.expires


def _finding(
    ctx: CheckContext,
    req: Requirement,
    message: str,
    clause: str | None = None,
    section_location: Any = None,
) -> Finding:
    location = section_location or ctx.agreement.locations.get("clauses")
    return Finding(
        rule=RULE_IDS[req.check],
        severity=req.severity,
        message=message,
        element=req.element,
        clause=clause,
        location=location,
        citation=req.citation,
    )


def _check_one(ctx: CheckContext, profile_id: str, req: Requirement) -> Iterator[Finding]:
    sections = ctx.sections_for(req.element) if req.element else list(ctx.agreement.sections)
    if req.check == "element":
        if not sections:
            yield _finding(ctx, req, f"{req.message} (no clause covers '{req.element}')")
        return
    if req.check == "citation":
        if not sections:
            yield _finding(ctx, req, f"{req.message} (no clause covers '{req.element}')")
            return
        patterns = [re.compile(p, re.I) for p in req.patterns or [r"\S"]]
        for section in sections:
            if not any(p.search(c) for c in section.citations for p in patterns):
                yield _finding(
                    ctx,
                    req,
                    f"{req.message} ('{section.clause_id}' cites no authority)",
                    section.clause_id,
                    section.location,
                )
        return
    if req.check == "param":
        yield from _param(ctx, req, sections)
        return
    text = "\n".join(s.title + "\n" + s.text for s in sections)
    patterns = [re.compile(p, re.I) for p in req.patterns or []]
    if req.check == "text":
        if not sections and req.element:
            yield _finding(ctx, req, f"{req.message} (no clause covers '{req.element}')")
            return
        hits = [bool(p.search(text)) for p in patterns]
        ok = all(hits) if req.match == "all" else any(hits)
        if not ok:
            missing = [p.pattern for p, hit in zip(patterns, hits, strict=True) if not hit]
            where = sections[0] if sections else None
            yield _finding(
                ctx,
                req,
                f"{req.message} (not found: {', '.join(missing)})",
                where.clause_id if where else None,
                where.location if where else None,
            )
        return
    # no-text: none of the patterns may appear
    for section in sections:
        body = section.title + "\n" + section.text
        for p in patterns:
            m = p.search(body)
            if m:
                yield _finding(
                    ctx,
                    req,
                    f"{req.message} (found '{m.group(0)}')",
                    section.clause_id,
                    section.location,
                )
                break


def _term_values(ctx: CheckContext) -> dict[str, float]:
    term = ctx.agreement.spec.term
    days = (term.expires - term.effective).days
    values: dict[str, float] = {"term_years": round(days / 365.25, 2), "term_days": float(days)}
    if term.review_years is not None:
        values["review_years"] = float(term.review_years)
        # a review clause's interval, when no clause states it, is the term's review_years
        values["review_interval_years"] = float(term.review_years)
    return values


def _text_satisfies(req: Requirement, sections: list[Any]) -> bool:
    """The either/or of a 'param' requirement with patterns: the text states it instead."""
    if not req.patterns or not sections:
        return False
    text = "\n".join(s.title + "\n" + s.text for s in sections)
    hits = [bool(re.search(p, text, re.I)) for p in req.patterns]
    return all(hits) if req.match == "all" else any(hits)


def _param(ctx: CheckContext, req: Requirement, sections: list[Any]) -> Iterator[Finding]:
    name = req.param or ""
    found: list[tuple[Any, float]] = []
    for section in sections:
        value = section.params.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            found.append((section, float(value)))
    if not found:
        term_value = _term_values(ctx).get(name)
        if term_value is not None:
            found.append((None, term_value))
    if not found and _text_satisfies(req, sections):
        return
    if not found:
        yield _finding(
            ctx,
            req,
            f"{req.message} (no clause states '{name}')",
            sections[0].clause_id if sections else None,
            sections[0].location if sections else None,
        )
        return
    for section, value in found:
        shown = int(value) if value.is_integer() else value
        if req.min is not None and value < req.min:
            bound = int(req.min) if float(req.min).is_integer() else req.min
            yield _finding(
                ctx,
                req,
                f"{req.message} ({name} is {shown}, minimum {bound})",
                section.clause_id if section else None,
                section.location if section else None,
            )
        if req.max is not None and value > req.max:
            bound = int(req.max) if float(req.max).is_integer() else req.max
            yield _finding(
                ctx,
                req,
                f"{req.message} ({name} is {shown}, maximum {bound})",
                section.clause_id if section else None,
                section.location if section else None,
            )
