"""Flags text that gives the SRO school-discipline duties (those belong to administrators)."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope, TextHit, sentences

ID = "discipline-duties"
DESCRIPTION = "The SRO is not given student discipline or code-of-conduct enforcement."
DEFAULTS: dict[str, OptionValue] = {
    "severity": "error",
    "citation": "BP 3515.31; Education Code 38000",
}
READS: frozenset[Read] = frozenset({"text"})
SCOPE: Scope = "section"

OFFICER = re.compile(r"\b(SROs?|school resource officers?|officers?|deputy|deputies)\b", re.I)
DUTY = re.compile(
    r"\b(shall|will|must|may|is responsible for|are responsible for|responsible for|to)\b"
    r"[^.;]{0,60}?\b(administer|impos|enforc|issu|assign|handl|conduct|decid|determin|"
    r"carr(?:y|ies|ying) out|serv|supervis|manag)\w*",  # stems: also -ing/-es forms
    re.I,
)
DISCIPLINE = re.compile(
    r"\b(discipline|disciplinary|detentions?|suspensions?|expulsions?|code of (student )?conduct|"
    r"dress code|tardies|truancy sweeps|classroom management|school rules)\b",
    re.I,
)
NEGATION = re.compile(
    r"\b(not|never|no|nor|neither|without|excluded?|excluding|exclusively|refrain|prohibited|"
    r"only administrators|rather than|instead of|remains? with|belongs? to|reserved to)\b",
    re.I,
)


def offending_sentences(text: str) -> list[str]:
    return list(_offending(text))


@functools.lru_cache(maxsize=4096)  # the same clause text recurs across agreements and checks
def _offending(text: str) -> tuple[str, ...]:
    hits = []
    for sentence in sentences(text):
        if not (OFFICER.search(sentence) and DISCIPLINE.search(sentence)):
            continue
        if not DUTY.search(sentence) or NEGATION.search(sentence):
            continue
        hits.append(sentence.strip())
    return tuple(hits)


def text_hits(clause_id: str, text: str, elements: Collection[str]) -> list[TextHit]:
    """Without a profile: each sentence giving the SRO discipline duties."""
    return [
        TextHit(
            sentence,
            f'accepting it would give the SRO discipline duties: "{sentence[:90]}"',
        )
        for sentence in offending_sentences(text)
    ]


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    for section in ctx.agreement.sections:
        for sentence in offending_sentences(section.text):
            excerpt = sentence if len(sentence) <= 90 else sentence[:87] + "..."
            yield Finding(
                ID,
                options.severity(),
                f"'{section.clause_id}' gives the SRO discipline duties: \"{excerpt}\"",
                element="discipline_boundary",
                clause=section.clause_id,
                location=section.location,
                citation=options.text("citation"),
            )
