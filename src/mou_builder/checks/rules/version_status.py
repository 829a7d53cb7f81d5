"""Pinned versions that are drafts, superseded or withdrawn; unpinned clauses."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "version-status"
DESCRIPTION = "Clause versions are approved and current."
DEFAULTS: dict[str, OptionValue] = {
    "draft": "warning",
    "superseded": "warning",
    "withdrawn": "error",
    "unpinned": "info",
}
READS: frozenset[Read] = frozenset({"versions"})
SCOPE: Scope = "section"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    for section in ctx.agreement.sections:
        loaded = ctx.library.get(section.clause_id)
        if loaded is None:  # pragma: no cover - assembly already refused it
            continue
        latest = loaded.clause.latest_approved
        if section.status == "draft":
            yield Finding(
                ID,
                options.severity("draft"),
                f"'{section.clause_id}' v{section.version} is a draft, not yet approved",
                clause=section.clause_id,
                location=section.location,
            )
        elif section.status == "superseded":
            newer = f" by v{latest.version}" if latest else ""
            yield Finding(
                ID,
                options.severity("superseded"),
                f"'{section.clause_id}' v{section.version} is superseded{newer}; "
                "run `mou upgrade` to move to the current version",
                clause=section.clause_id,
                location=section.location,
            )
        elif section.status == "withdrawn":
            yield Finding(
                ID,
                options.severity("withdrawn"),
                f"'{section.clause_id}' v{section.version} was withdrawn; choose another version",
                clause=section.clause_id,
                location=section.location,
            )
        if not section.pinned:
            yield Finding(
                ID,
                options.severity("unpinned"),
                f"'{section.clause_id}' is not pinned; using v{section.version} "
                f"(pin it as {section.clause_id}@{section.version})",
                clause=section.clause_id,
                location=section.location,
            )
