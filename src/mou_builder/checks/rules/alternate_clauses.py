"""Two alternates of the same clause group in one agreement (e.g. full-time hours and
event-only coverage): they usually contradict each other, so keep one."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "alternate-clauses"
DESCRIPTION = "At most one clause of each alternates group (unless a profile allows more)."
DEFAULTS: dict[str, OptionValue] = {"severity": "warning", "allow": []}
READS: frozenset[Read] = frozenset({"versions"})
SCOPE: Scope = "agreement"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    allowed = set(options.names("allow"))
    first: dict[str, str] = {}
    for section in ctx.agreement.sections:
        loaded = ctx.library.get(section.clause_id)
        group = loaded.clause.group if loaded else None
        if group is None or group in allowed:
            continue
        if group not in first:
            first[group] = section.clause_id
            continue
        yield Finding(
            ID,
            options.severity(),
            f"'{section.clause_id}' and '{first[group]}' are alternates (group '{group}'); "
            "keep the one that fits this agreement",
            clause=section.clause_id,
            location=section.location,
        )
