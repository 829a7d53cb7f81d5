"""An approved clause version whose text or parameters changed after approval."""

from __future__ import annotations

from collections.abc import Iterator

from ...sources.library import hash_drift
from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "hash-drift"
DESCRIPTION = "Approved clause versions still match their recorded hashes."
DEFAULTS: dict[str, OptionValue] = {"severity": "error"}
READS: frozenset[Read] = frozenset({"versions"})
SCOPE: Scope = "section"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    for section in ctx.agreement.sections:
        loaded = ctx.library.get(section.clause_id)
        if loaded is None:  # pragma: no cover
            continue
        version = loaded.clause.get(section.version)
        if version is None:  # pragma: no cover
            continue
        message = hash_drift(loaded, version)
        if message:
            yield Finding(
                ID,
                options.severity(),
                message,
                clause=section.clause_id,
                location=loaded.version_location(section.version),
            )
