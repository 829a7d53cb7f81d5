"""Clauses whose text was negotiated for this agreement and deviates from the library."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "negotiated-text"
DESCRIPTION = "Negotiated text that deviates from the approved library version is visible."
DEFAULTS: dict[str, OptionValue] = {"severity": "warning", "locked": "error"}
READS: frozenset[Read] = frozenset({"versions"})
SCOPE: Scope = "section"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    for section in ctx.agreement.sections:
        if not section.negotiated:
            continue
        if section.locked:
            yield Finding(
                ID,
                options.severity("locked"),
                f"'{section.clause_id}' v{section.version} is locked statutory language but "
                "carries negotiated text; restore the library text",
                clause=section.clause_id,
                location=section.location,
            )
        else:
            yield Finding(
                ID,
                options.severity(),
                f"'{section.clause_id}' uses negotiated text that deviates from library "
                f"v{section.version}",
                clause=section.clause_id,
                location=section.location,
            )
