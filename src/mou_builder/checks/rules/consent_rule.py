"""A records or information-sharing clause must state the consent rule: no access to student
records and no release of student information without written consent of the parent,
guardian or adult student, unless the law allows it."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope, TextHit

ID = "consent-rule"
DESCRIPTION = "Records and information-sharing clauses state the written-consent rule."
DEFAULTS: dict[str, OptionValue] = {
    "severity": "error",
    "citation": "Education Code 49076; 34 CFR 99.30",
}
READS: frozenset[Read] = frozenset({"text", "elements"})
SCOPE: Scope = "section"

CONSENT = re.compile(r"\bwritten\b[^.]{0,120}\bconsent\b|\bconsent\b[^.]{0,60}\bin writing\b", re.I)
WHO = re.compile(r"\b(parent|guardian|adult student|eligible student)", re.I)


def states_consent(text: str) -> bool:
    return bool(CONSENT.search(text) and WHO.search(text))


def text_hits(clause_id: str, text: str, elements: Collection[str]) -> list[TextHit]:
    """Without a profile: a records clause whose text lacks the consent rule."""
    if "records_access" not in elements or states_consent(text):
        return []
    return [
        TextHit(
            "no-consent",
            f"accepting it would remove the written-consent rule from records clause '{clause_id}'",
        )
    ]


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    for section in ctx.agreement.sections:
        if "records_access" not in section.elements:
            continue
        if states_consent(section.text):
            continue
        yield Finding(
            ID,
            options.severity(),
            f"records clause '{section.clause_id}' does not state that student records and "
            "information are released only with written consent of the parent, guardian or "
            "adult student unless the law allows",
            element="records_access",
            clause=section.clause_id,
            location=section.location,
            citation=options.text("citation"),
        )
