"""What every rule receives, and what every rule module declares.

A rule module has ``ID``, ``DESCRIPTION``, ``DEFAULTS`` (its options), ``READS`` (the parts of
an agreement its findings depend on, see :data:`Read`), ``SCOPE`` and ``check(ctx, options)``.
``SCOPE = "section"`` says a section's findings depend on that section alone; ``"agreement"``
that the rule reads sections together. Two optional functions serve ``mou review``:
``text_elements(ctx)`` (an agreement-scope text rule: the elements whose clauses' text it
reads together) and ``text_hits(clause_id, text, elements)`` (what the rule would report on
a clause's text alone, without a profile). The engine uses these declarations to re-run only the
rules a change can affect (``mou review``) without knowing any rule's internals.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol, cast

from ...model.agreement import Agreement, Section
from ...model.schema import Requirement, Severity
from ...sources.library import Library
from ..findings import Finding

SENTENCE = re.compile(r"(?<=[.;:])\s+|\n")

Read = Literal[
    "text",  # the words of the clauses (title and body)
    "elements",  # which elements each clause covers
    "params",  # the clauses' parameter values and blanks
    "versions",  # the library's versions, statuses, groups and hashes
    "term",  # the spec's term and date
    "profiles",  # the requirements of the agreement's profiles
    "assembly",  # what assembly found (cross-references)
]
Scope = Literal["section", "agreement"]

# One option value as a profile's YAML gives it (strings, numbers, lists of clause groups).
OptionValue = object


class ProfileRequirements(Protocol):
    """What a rule may read of a profile (``sources.profiles.ResolvedProfile`` is one)."""

    @property
    def id(self) -> str: ...

    @property
    def requirements(self) -> list[Requirement]: ...


class RuleOptions(Mapping[str, OptionValue]):
    """A rule's options: its ``DEFAULTS`` with the profiles' ``rules:`` entries merged in."""

    def __init__(self, values: Mapping[str, OptionValue]) -> None:
        self._values = dict(values)

    def __getitem__(self, key: str) -> OptionValue:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def enabled(self) -> bool:
        return bool(self._values.get("enabled", True))

    def severity(self, key: str = "severity") -> Severity:
        return cast(Severity, self._values[key])

    def text(self, key: str) -> str:
        return cast(str, self._values[key])

    def number(self, key: str) -> int:
        return int(cast(int, self._values[key]))

    def names(self, key: str) -> list[str]:
        return list(cast("list[str]", self._values.get(key) or []))


class TextHit(NamedTuple):
    """What a rule would report on a clause's text alone (no profile): a key that is the same
    for the same problem in two versions of the text, and the message for a reviewer."""

    key: str
    message: str


@dataclass
class CheckContext:
    agreement: Agreement
    library: Library
    profiles: Sequence[ProfileRequirements]
    today: dt.date
    options: dict[str, RuleOptions] = field(default_factory=dict)
    # the language whose clause translations are checked too (``mou check --lang``); the
    # agreement itself is always the governing English text
    lang: str = "en"

    @property
    def effective(self) -> dt.date:
        return self.agreement.spec.term.effective

    def sections_for(self, element: str) -> list[Section]:
        return self.agreement.sections_for_element(element)


def found_in_assembly(ctx: CheckContext, rule_id: str, options: RuleOptions) -> Iterator[Finding]:
    """What assembly recorded for ``rule_id`` (dangling references, placeholders), at the
    severity the profiles set for that rule."""
    for finding in ctx.agreement.findings:
        if finding.rule == rule_id:
            yield Finding(
                rule_id,
                options.severity(),
                finding.message,
                clause=finding.clause,
                location=finding.location,
            )


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(text) if s.strip()]


class RuleModule(Protocol):
    """What a rule module provides (see the module docstring)."""

    ID: str
    DESCRIPTION: str
    DEFAULTS: dict[str, OptionValue]
    READS: frozenset[Read]
    SCOPE: Scope

    def check(self, ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]: ...
