"""A records or information-sharing clause must state the consent rule: no access to student
records and no release of student information without written consent of the parent,
guardian or adult student, unless the law allows it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from .base import CheckContext

ID = "consent-rule"
DESCRIPTION = "Records and information-sharing clauses state the written-consent rule."
DEFAULTS: dict[str, Any] = {
    "severity": "error",
    "citation": "Education Code 49076; 34 CFR 99.30",
}

CONSENT = re.compile(r"\bwritten\b[^.]{0,120}\bconsent\b|\bconsent\b[^.]{0,60}\bin writing\b", re.I)
WHO = re.compile(r"\b(parent|guardian|adult student|eligible student)", re.I)


def check(ctx: CheckContext, options: dict[str, Any]) -> Iterator[Finding]:
    for section in ctx.agreement.sections:
        if "records_access" not in section.elements:
            continue
        text = section.text
        if CONSENT.search(text) and WHO.search(text):
            continue
        yield Finding(
            ID,
            options["severity"],
            f"records clause '{section.clause_id}' does not state that student records and "
            "information are released only with written consent of the parent, guardian or "
            "adult student unless the law allows",
            element="records_access",
            clause=section.clause_id,
            location=section.location,
            citation=options["citation"],
        )
