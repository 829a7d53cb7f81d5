"""Placeholders left in the spec ("fill in", "TBD", "____", an empty party name)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope, found_in_assembly

ID = "placeholder"
DESCRIPTION = "No placeholder is left where a name, title or value belongs."
DEFAULTS: dict[str, OptionValue] = {"severity": "error"}
READS: frozenset[Read] = frozenset({"assembly"})
SCOPE: Scope = "agreement"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    return found_in_assembly(ctx, ID, options)
