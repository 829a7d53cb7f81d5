"""Term dates: expiry before effective date, expired agreements, renewal coming up."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "term-dates"
DESCRIPTION = "The term is coherent and not expired; renewal due soon is noted."
DEFAULTS: dict[str, OptionValue] = {"renewal_days": 90, "expired": "warning"}
READS: frozenset[Read] = frozenset({"term"})
SCOPE: Scope = "agreement"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    term = ctx.agreement.spec.term
    where = ctx.agreement.locations.get("term")
    if term.expires <= term.effective:
        yield Finding(
            ID,
            "error",
            f"the term expires ({term.expires}) on or before it takes effect ({term.effective})",
            element="term_renewal",
            location=where,
        )
        return
    if ctx.agreement.spec.date > term.expires:
        yield Finding(
            ID,
            "error",
            f"the agreement is dated {ctx.agreement.spec.date}, after its term ends "
            f"({term.expires})",
            element="term_renewal",
            location=where,
        )
    if term.expires < ctx.today:
        yield Finding(
            ID,
            options.severity("expired"),
            f"the agreement expired on {term.expires}",
            element="term_renewal",
            location=where,
        )
    elif (term.expires - ctx.today).days <= options.number("renewal_days"):
        days = (term.expires - ctx.today).days
        yield Finding(
            ID,
            "info",
            f"the agreement expires in {days} days ({term.expires}); plan its renewal",
            element="term_renewal",
            location=where,
        )
