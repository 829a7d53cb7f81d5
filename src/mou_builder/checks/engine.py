"""Run the rules over an assembled agreement: findings plus the coverage matrix.

:class:`CheckEngine` holds an agreement with its profiles and the rule options merged from
them (once), and runs any subset of the rules on it: all of them for ``mou check``, or only
the rules that read clause text, on the agreement with some clauses' text replaced, for
``mou review``'s "would accepting this change fail the check". What a rule reads comes from
its own declaration (``READS``, ``SCOPE``), never from knowledge of its internals here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import InputError, InputErrors
from ..model.agreement import Agreement, Section
from ..sources.library import Library
from ..sources.profiles import ProfileSet, ResolvedProfile
from .findings import Finding, sort_key
from .rules import RULES
from .rules.base import CheckContext, Read, RuleOptions, TextHit

FindingKey = tuple[str, str, str | None]


@dataclass
class CheckResult:
    agreement: Agreement
    profiles: list[ResolvedProfile]
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def coverage(self) -> dict[str, list[str]]:
        """element → clause ids covering it, required elements first (even when uncovered)."""
        result: dict[str, list[str]] = {}
        for element in self.required_elements():
            result[element] = []
        for section in self.agreement.sections:
            for element in section.elements:
                result.setdefault(element, []).append(section.clause_id)
        return result

    def required_elements(self) -> list[str]:
        elements: list[str] = []
        for profile in self.profiles:
            for req in profile.requirements:
                if (
                    req.element
                    and req.check == "element"
                    and req.applies_on(self.agreement.spec.term.effective)
                    and req.element not in elements
                ):
                    elements.append(req.element)
        return elements

    def requirement_for(self, profile: ResolvedProfile, element: str) -> str | None:
        """Severity with which ``profile`` requires ``element`` (None: not required)."""
        severities = [
            r.severity
            for r in profile.requirements
            if r.element == element
            and r.check == "element"
            and r.applies_on(self.agreement.spec.term.effective)
        ]
        if "error" in severities:
            return "error"
        return severities[0] if severities else None

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok(),
            "spec": self.agreement.spec_path,
            "profiles": [p.id for p in self.profiles],
            "findings": [f.to_json() for f in self.findings],
            "coverage": self.coverage(),
        }


def today() -> dt.date:
    """The day checks run as; ``MOU_TODAY`` pins it (tests, reproducible reports)."""
    pinned = os.environ.get("MOU_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise InputError(f"MOU_TODAY={pinned!r} is not a date (YYYY-MM-DD)") from None
    return dt.date.today()


def resolve_profiles(
    agreement: Agreement, profile_ids: list[str] | None, profiles: ProfileSet | None = None
) -> list[ResolvedProfile]:
    ids = list(profile_ids) if profile_ids else list(agreement.spec.profiles)
    if not ids:
        return []
    profiles = profiles or ProfileSet.load()
    where = None if profile_ids else agreement.locations.get("profiles")
    errors: list[InputError] = []
    resolved: list[ResolvedProfile] = []
    for pid in ids:
        try:
            resolved.append(profiles.resolve(pid, where))
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    return resolved


def merged_options(profiles: Sequence[ResolvedProfile]) -> dict[str, RuleOptions]:
    """Every rule's options: its defaults, then each profile's ``rules:`` entry in order."""
    options: dict[str, RuleOptions] = {}
    for rule_id, module in RULES.items():
        merged: dict[str, object] = dict(module.DEFAULTS)
        merged.setdefault("enabled", True)
        for profile in profiles:
            merged.update(profile.rules.get(rule_id, {}))
        options[rule_id] = RuleOptions(merged)
    return options


def rules_reading(read: Read) -> list[str]:
    """The ids of the rules whose findings depend on ``read``, in registry order."""
    return [rule_id for rule_id, module in RULES.items() if read in module.READS]


class CheckEngine:
    """The rules over one agreement, with its profiles' merged options."""

    def __init__(
        self,
        agreement: Agreement,
        library: Library,
        profiles: list[ResolvedProfile],
        on: dt.date | None = None,
        lang: str = "en",
    ) -> None:
        self.agreement = agreement
        self.profiles = profiles
        self.options = merged_options(profiles)
        self.context = CheckContext(
            agreement, library, profiles, on or today(), self.options, lang=lang
        )
        self._variants: _TextVariants | None = None

    @classmethod
    def load(
        cls,
        agreement: Agreement,
        library: Library,
        profile_ids: list[str] | None = None,
        *,
        profiles: ProfileSet | None = None,
        on: dt.date | None = None,
        lang: str = "en",
    ) -> CheckEngine:
        """The engine for ``agreement`` with ``profile_ids`` (default: the spec's profiles);
        ``lang``: also check the clause translations into that language."""
        resolved = resolve_profiles(agreement, profile_ids, profiles)
        return cls(agreement, library, resolved, on, lang)

    def run_rules(
        self, rule_ids: Iterable[str] | None = None, context: CheckContext | None = None
    ) -> list[Finding]:
        """Findings of the enabled rules among ``rule_ids`` (default: all), in rule order."""
        wanted = set(RULES) if rule_ids is None else set(rule_ids)
        context = context or self.context
        findings: list[Finding] = []
        for rule_id, module in RULES.items():
            if rule_id in wanted and self.options[rule_id].enabled:
                findings.extend(module.check(context, self.options[rule_id]))
        return findings

    def run(self) -> CheckResult:
        findings = self.run_rules()
        findings.sort(key=sort_key)
        return CheckResult(self.agreement, self.profiles, findings)

    def text_errors(
        self, sections: Mapping[str, Section | None], touched: Collection[str]
    ) -> dict[FindingKey, Finding]:
        """Error findings of the rules that read clause text, on the agreement with each
        clause's section taken from ``sections`` (None, or absent: the clause is gone).

        Only findings that can differ with the clauses in ``touched`` are computed: those
        clauses keep their text, as do clauses whose text a rule reads together with theirs
        (its ``text_elements``); every other clause is a stub (same elements and parameters,
        no text). Two calls with the same ``touched`` compare finding for finding.

        A mapping passed again is taken to be unchanged (which of its clauses are gone is
        remembered); pass a :class:`ChangedSections` over it for a variant."""
        if self._variants is None:
            self._variants = _TextVariants(self)
        return self._variants.errors(sections, touched)


class ChangedSections(Mapping[str, Section | None]):
    """``base`` with the clauses in ``changes`` replaced (None: gone), without copying it:
    :meth:`CheckEngine.text_errors` then costs what the change touches, not the agreement."""

    def __init__(self, base: Mapping[str, Section | None], changes: dict[str, Section | None]):
        self.base = base
        self.changes = changes

    def __getitem__(self, key: str) -> Section | None:
        if key in self.changes:
            return self.changes[key]
        return self.base[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.changes
        yield from (k for k in self.base if k not in self.changes)

    def __len__(self) -> int:
        return len(self.base.keys() | self.changes.keys())


class _TextVariants:
    """The agreement-scope and section-scope contexts :meth:`CheckEngine.text_errors` runs."""

    def __init__(self, engine: CheckEngine) -> None:
        self.engine = engine
        agreement = engine.agreement
        self.rules = rules_reading("text")
        together: set[str] = set()
        for rule_id in self.rules:
            reads_with: Callable[[CheckContext], set[str]] | None = getattr(
                RULES[rule_id], "text_elements", None
            )
            if reads_with is not None:
                together |= reads_with(engine.context)
        self.together = together
        self.by_id = {s.clause_id: s for s in agreement.sections}
        self.order = [s.clause_id for s in agreement.sections]
        self.position = {cid: i for i, cid in enumerate(self.order)}
        self.ids = frozenset(self.order)
        self.stubs = [dataclasses.replace(s, blocks=[]) for s in agreement.sections]
        self.with_element: dict[str, list[int]] = {}
        for i, section in enumerate(agreement.sections):
            for element in section.elements:
                self.with_element.setdefault(element, []).append(i)
        self._gone: dict[int, tuple[Mapping[str, Section | None], frozenset[str]]] = {}

    def gone(self, sections: Mapping[str, Section | None]) -> frozenset[str]:
        """The agreement's clauses that ``sections`` has as None or not at all."""
        if isinstance(sections, ChangedSections):
            changed = sections.changes
            base = self.gone(sections.base) - changed.keys()
            return base | {cid for cid, s in changed.items() if s is None and cid in self.ids}
        found = self._gone.get(id(sections))
        if found is not None and found[0] is sections:
            return found[1]
        gone = frozenset(self.ids - sections.keys()) | {
            cid for cid, s in sections.items() if s is None and cid in self.ids
        }
        self._gone[id(sections)] = (sections, gone)  # the mapping is kept: its id stays its
        return gone

    def errors(
        self, sections: Mapping[str, Section | None], touched: Collection[str]
    ) -> dict[FindingKey, Finding]:
        engine = self.engine
        elements = {e for cid in touched if (s := self.by_id.get(cid)) for e in s.elements}
        chosen = {self.position[cid] for cid in touched if cid in self.position}
        for element in elements & self.together:
            chosen.update(self.with_element[element])
        gone = self.gone(sections)
        kept = self.stubs.copy()  # with stubs: what the agreement-scope rules read
        for i in chosen:
            section = sections.get(self.order[i])
            if section is not None:
                kept[i] = section
        # without: the section-scope rules need only these
        full = [kept[i] for i in sorted(chosen) if self.order[i] not in gone]
        if gone:
            kept = [s for s, cid in zip(kept, self.order, strict=True) if cid not in gone]
        contexts = {
            scope: dataclasses.replace(
                engine.context,
                agreement=dataclasses.replace(engine.agreement, sections=chosen_sections),
            )
            for scope, chosen_sections in (("agreement", kept), ("section", full))
        }
        found: dict[FindingKey, Finding] = {}
        for rule_id in self.rules:
            context = contexts[RULES[rule_id].SCOPE]
            for finding in engine.run_rules([rule_id], context):
                if finding.severity == "error":
                    found[finding.key] = finding
        return found


class RuleHit(NamedTuple):
    rule: str
    key: str
    message: str


def text_hits(clause_id: str, text: str, elements: Collection[str]) -> list[RuleHit]:
    """What the rules that can judge a clause's text alone (no profile, no agreement) report
    on ``text`` as clause ``clause_id`` covering ``elements``."""
    hits: list[RuleHit] = []
    for rule_id in rules_reading("text"):
        judge: Callable[[str, str, Collection[str]], list[TextHit]] | None = getattr(
            RULES[rule_id], "text_hits", None
        )
        if judge is not None:
            hits.extend(
                RuleHit(rule_id, h.key, h.message) for h in judge(clause_id, text, elements)
            )
    return hits


class TextProbe:
    """One clause's text before a change: which hits would the change add?"""

    def __init__(self, clause_id: str, before: str, elements: Collection[str]) -> None:
        self.clause_id = clause_id
        self.elements = list(elements)
        self.before = {(h.rule, h.key) for h in text_hits(clause_id, before, self.elements)}

    def new_hits(self, after: str) -> list[RuleHit]:
        return [
            h
            for h in text_hits(self.clause_id, after, self.elements)
            if (h.rule, h.key) not in self.before
        ]


def run_check(
    agreement: Agreement,
    library: Library,
    profile_ids: list[str] | None = None,
    *,
    profiles: ProfileSet | None = None,
    on: dt.date | None = None,
    lang: str = "en",
) -> CheckResult:
    """The rules over ``agreement`` (in English, the governing text: what the profiles'
    patterns read), and with ``lang`` its clause translations into that language."""
    engine = CheckEngine.load(agreement, library, profile_ids, profiles=profiles, on=on, lang=lang)
    return engine.run()


__all__ = [
    "CheckEngine",
    "CheckResult",
    "FindingKey",
    "RuleHit",
    "TextProbe",
    "merged_options",
    "resolve_profiles",
    "rules_reading",
    "run_check",
    "text_hits",
    "today",
]
