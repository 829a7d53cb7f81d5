"""Run the rules over an assembled agreement: findings plus the coverage matrix."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, InputErrors
from ..model.agreement import Agreement
from ..sources.library import Library
from ..sources.profiles import ProfileSet, ResolvedProfile
from .findings import Finding, sort_key
from .rules import RULES
from .rules.base import CheckContext


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

    def to_json(self) -> dict[str, Any]:
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


def run_check(
    agreement: Agreement,
    library: Library,
    profile_ids: list[str] | None = None,
    *,
    profiles: ProfileSet | None = None,
    on: dt.date | None = None,
) -> CheckResult:
    resolved = resolve_profiles(agreement, profile_ids, profiles)
    options: dict[str, dict[str, Any]] = {}
    for rule_id, module in RULES.items():
        merged = dict(module.DEFAULTS)
        merged.setdefault("enabled", True)
        for profile in resolved:
            merged.update(profile.rules.get(rule_id, {}))
        options[rule_id] = merged
    ctx = CheckContext(agreement, library, resolved, on or today(), options)
    findings: list[Finding] = []
    for rule_id, module in RULES.items():
        if options[rule_id].get("enabled", True):
            findings.extend(module.check(ctx, options[rule_id]))
    findings.sort(key=sort_key)
    return CheckResult(agreement, resolved, findings)
