"""Cross-references to clauses or elements that the agreement does not contain."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope, found_in_assembly

ID = "dangling-reference"
DESCRIPTION = "Every cross-reference resolves to a section of this agreement."
DEFAULTS: dict[str, OptionValue] = {"severity": "error"}
READS: frozenset[Read] = frozenset({"assembly"})
SCOPE: Scope = "agreement"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    return found_in_assembly(ctx, ID, options)
