"""Every parameter a clause uses has a value."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "unfilled-blank"
DESCRIPTION = "No clause parameter is left blank."
DEFAULTS: dict[str, OptionValue] = {"severity": "error"}
READS: frozenset[Read] = frozenset({"params"})
SCOPE: Scope = "section"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    for section in ctx.agreement.sections:
        for name in section.blanks:
            yield Finding(
                ID,
                options.severity(),
                f"'{section.clause_id}' has no value for '{name}'; set it under the clause's "
                "params or the spec's params",
                clause=section.clause_id,
                location=section.location,
            )
