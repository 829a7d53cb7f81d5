"""Profile requirements: element present, parameter bounds, required or forbidden text,
citation present. One rule id per kind of requirement, the requirement's citation on each
finding; a requirement with an effective date applies only to agreements effective on or
after it (the law as of the agreement's effective date); one that takes effect during the
term is noted (info, ``upcoming-requirement``) for the renewal."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

from ...model.agreement import Section
from ...model.schema import Requirement
from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "requirements"
DESCRIPTION = "Every requirement of the agreement's profiles is met."
DEFAULTS: dict[str, OptionValue] = {}
READS: frozenset[Read] = frozenset({"text", "elements", "params", "term", "profiles"})
SCOPE: Scope = "agreement"

RULE_IDS = {
    "element": "required-element",
    "param": "required-param",
    "text": "required-text",
    "no-text": "forbidden-text",
    "citation": "required-citation",
}


UPCOMING = "upcoming-requirement"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    # (profile, day) -> the citations of the requirements taking effect that day, in order
    upcoming: dict[tuple[str, dt.date], list[str]] = {}
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


def text_elements(ctx: CheckContext) -> set[str]:
    """Elements whose clauses' text this rule reads together (a text or no-text requirement
    of a profile): changing one such clause can change the findings about the others."""
    return {
        req.element
        for profile in ctx.profiles
        for req in profile.requirements
        if req.check in ("text", "no-text") and req.element and req.applies_on(ctx.effective)
    }


def _expires(ctx: CheckContext) -> dt.date:
    return ctx.agreement.spec.term.expires


def _finding(
    ctx: CheckContext,
    req: Requirement,
    message: str,
    section: Section | None = None,
) -> Finding:
    location = (section.location if section else None) or ctx.agreement.locations.get("clauses")
    return Finding(
        rule=RULE_IDS[req.check],
        severity=req.severity,
        message=message,
        element=req.element,
        clause=section.clause_id if section else None,
        location=location,
        citation=req.citation,
    )


def _uncovered(ctx: CheckContext, req: Requirement) -> Finding:
    return _finding(ctx, req, f"{req.message} (no clause covers '{req.element}')")


_Check = Callable[[CheckContext, Requirement, list[Section]], Iterator[Finding]]


def _check_one(ctx: CheckContext, profile_id: str, req: Requirement) -> Iterator[Finding]:
    sections = ctx.sections_for(req.element) if req.element else list(ctx.agreement.sections)
    yield from _CHECKS[req.check](ctx, req, sections)


def _element(ctx: CheckContext, req: Requirement, sections: list[Section]) -> Iterator[Finding]:
    if not sections:
        yield _uncovered(ctx, req)


def _citation(ctx: CheckContext, req: Requirement, sections: list[Section]) -> Iterator[Finding]:
    if not sections:
        yield _uncovered(ctx, req)
        return
    patterns = [re.compile(p, re.I) for p in req.patterns or [r"\S"]]
    for section in sections:
        if not any(p.search(c) for c in section.citations for p in patterns):
            yield _finding(
                ctx, req, f"{req.message} ('{section.clause_id}' cites no authority)", section
            )


def _joined(sections: list[Section]) -> str:
    return "\n".join(s.title + "\n" + s.text for s in sections)


def _text(ctx: CheckContext, req: Requirement, sections: list[Section]) -> Iterator[Finding]:
    if not sections and req.element:
        yield _uncovered(ctx, req)
        return
    text = _joined(sections)
    patterns = [re.compile(p, re.I) for p in req.patterns or []]
    hits = [bool(p.search(text)) for p in patterns]
    ok = all(hits) if req.match == "all" else any(hits)
    if not ok:
        missing = [p.pattern for p, hit in zip(patterns, hits, strict=True) if not hit]
        where = sections[0] if sections else None
        yield _finding(ctx, req, f"{req.message} (not found: {', '.join(missing)})", where)


def _no_text(ctx: CheckContext, req: Requirement, sections: list[Section]) -> Iterator[Finding]:
    """None of the patterns may appear."""
    patterns = [re.compile(p, re.I) for p in req.patterns or []]
    for section in sections:
        body = section.title + "\n" + section.text
        for p in patterns:
            m = p.search(body)
            if m:
                yield _finding(ctx, req, f"{req.message} (found '{m.group(0)}')", section)
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


def _text_satisfies(req: Requirement, sections: list[Section]) -> bool:
    """The either/or of a 'param' requirement with patterns: the text states it instead."""
    if not req.patterns or not sections:
        return False
    text = _joined(sections)
    hits = [bool(re.search(p, text, re.I)) for p in req.patterns]
    return all(hits) if req.match == "all" else any(hits)


def _stated(
    ctx: CheckContext, name: str, sections: list[Section]
) -> list[tuple[Section | None, float]]:
    """The numeric values of parameter ``name`` the clauses state, else the term's."""
    found: list[tuple[Section | None, float]] = []
    for section in sections:
        value = section.params.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            found.append((section, float(value)))
    if not found:
        term_value = _term_values(ctx).get(name)
        if term_value is not None:
            found.append((None, term_value))
    return found


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _param(ctx: CheckContext, req: Requirement, sections: list[Section]) -> Iterator[Finding]:
    name = req.param or ""
    found = _stated(ctx, name, sections)
    if not found:
        if not _text_satisfies(req, sections):
            where = sections[0] if sections else None
            yield _finding(ctx, req, f"{req.message} (no clause states '{name}')", where)
        return
    for section, value in found:
        shown = _number(value)
        if req.min is not None and value < req.min:
            message = f"{req.message} ({name} is {shown}, minimum {_number(req.min)})"
            yield _finding(ctx, req, message, section)
        if req.max is not None and value > req.max:
            message = f"{req.message} ({name} is {shown}, maximum {_number(req.max)})"
            yield _finding(ctx, req, message, section)


_CHECKS: dict[str, _Check] = {
    "element": _element,
    "citation": _citation,
    "param": _param,
    "text": _text,
    "no-text": _no_text,
}
