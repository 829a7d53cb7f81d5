"""Check rules, registered in one explicit dict (as yamllint does).

Each rule module has ``ID``, ``DESCRIPTION``, ``DEFAULTS`` (options, including
``severity``), ``READS`` and ``SCOPE`` (what its findings depend on) and ``check(ctx, options)``
yielding :class:`~mou_builder.checks.findings.Finding` (:class:`.base.RuleModule`).
A profile may change a rule's options under its ``rules:`` key, or disable it with
``enabled: false``.
"""

from __future__ import annotations

from ...errors import InputError
from . import (
    alternate_clauses,
    consent_rule,
    dangling_reference,
    discipline_duties,
    hash_drift,
    negotiated_text,
    placeholder,
    requirements,
    term_dates,
    translations,
    unfilled_blank,
    version_status,
)
from .base import RuleModule

_MODULES: tuple[RuleModule, ...] = (
    requirements,
    consent_rule,
    discipline_duties,
    unfilled_blank,
    placeholder,
    version_status,
    hash_drift,
    term_dates,
    dangling_reference,
    negotiated_text,
    alternate_clauses,
    translations,
)

RULES: dict[str, RuleModule] = {m.ID: m for m in _MODULES}


def get(rule_id: str) -> RuleModule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise InputError(
            f"unknown rule '{rule_id}'", hint=f"known rules: {', '.join(sorted(RULES))}"
        ) from None
