"""Cross-references to clauses or elements that the agreement does not contain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from .base import CheckContext

ID = "dangling-reference"
DESCRIPTION = "Every cross-reference resolves to a section of this agreement."
DEFAULTS: dict[str, Any] = {"severity": "error"}


def check(ctx: CheckContext, options: dict[str, Any]) -> Iterator[Finding]:
    for finding in ctx.agreement.findings:
        if finding.rule == ID:
            yield Finding(
                ID,
                options["severity"],
                finding.message,
                clause=finding.clause,
                location=finding.location,
            )
