"""The dates a board clerk must not miss: review or adoption due, notice deadlines, expiry.

- review/adoption: the shortest review interval the agreement's profiles demand (a ``param``
  requirement on ``review_interval_years`` with a ``max``, e.g. Washington yearly, Virginia
  every two years) or the term's own ``review_years``; the review for the next period is due
  the day before each anniversary of the effective date;
- notices: the non-renewal and termination notice periods of the agreement's clauses
  (``nonrenewal_notice_days``, ``termination_notice_days``) give the last day to send that
  notice before the term ends;
- expiry: the last day of the term.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..model.agreement import Agreement
from ..sources.profiles import ResolvedProfile

DeadlineKind = Literal["expiry", "review", "notice"]

#: parameter name -> what the notice is, for the ones the library uses
NOTICE_NAMES = {
    "nonrenewal_notice_days": "notice of non-renewal",
    "termination_notice_days": "notice of termination at the end of the term",
}


@dataclass(frozen=True, kw_only=True)
class Deadline:
    kind: DeadlineKind
    date: dt.date
    what: str  # "review and adoption of the agreement", "notice of non-renewal" ...
    basis: str | None = None  # the citation or the clause that sets it

    def to_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "what": self.what,
            "basis": self.basis,
        }


@dataclass(frozen=True, kw_only=True)
class ReviewCycle:
    every_years: int
    basis: str | None  # the requirement's citation, or None for the term's review_years


def review_cycle(agreement: Agreement, profiles: list[ResolvedProfile]) -> ReviewCycle | None:
    """The shortest review interval the profiles or the term ask for."""
    found: list[ReviewCycle] = []
    for profile in profiles:
        for req in profile.requirements:
            applies = req.applies_on(agreement.spec.term.effective)
            if req.param == "review_interval_years" and req.max is not None and applies:
                found.append(ReviewCycle(every_years=max(1, int(req.max)), basis=req.citation))
    if agreement.spec.term.review_years:
        found.append(ReviewCycle(every_years=agreement.spec.term.review_years, basis=None))
    return min(found, key=lambda c: c.every_years) if found else None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def next_review(effective: dt.date, cycle: ReviewCycle, today: dt.date) -> dt.date:
    """The first day-before-an-anniversary of ``effective``, ``cycle`` years apart, on or
    after ``today``."""
    k = 1
    while True:
        due = _add_years(effective, k * cycle.every_years) - dt.timedelta(days=1)
        if due >= today:
            return due
        k += 1


def deadlines(
    agreement: Agreement, profiles: list[ResolvedProfile], today: dt.date
) -> list[Deadline]:
    """Every deadline of one agreement, in date order."""
    term = agreement.spec.term
    found = [Deadline(kind="expiry", date=term.expires, what="the term ends")]
    cycle = review_cycle(agreement, profiles)
    if cycle is not None:
        found.append(
            Deadline(
                kind="review",
                date=next_review(term.effective, cycle, today),
                what=f"review of the agreement (every {_years(cycle.every_years)})",
                basis=cycle.basis or f"the term: review every {_years(cycle.every_years)}",
            )
        )
    for section in agreement.sections:
        for name, value in section.params.items():
            what = NOTICE_NAMES.get(name)
            if what is None or not isinstance(value, int) or isinstance(value, bool):
                continue
            found.append(
                Deadline(
                    kind="notice",
                    date=term.expires - dt.timedelta(days=value),
                    what=f"{what} ({value} days before the term ends)",
                    basis=f"Section {section.number} ({section.title})",
                )
            )
    return sorted(found, key=lambda d: (d.date, d.kind, d.what))


def _years(n: int) -> str:
    return "year" if n == 1 else f"{n} years"
