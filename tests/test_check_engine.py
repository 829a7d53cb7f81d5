"""The check engine: any subset of rules, rules' own declarations of what they read, and the
text simulation review asks for (no rule internals outside checks/)."""

from __future__ import annotations

import dataclasses

from mou_builder.assembly.assembler import assemble
from mou_builder.checks.engine import CheckEngine, TextProbe, rules_reading, run_check
from mou_builder.checks.findings import sort_key
from mou_builder.checks.rules import RULES
from mou_builder.model.agreement import Paragraph, Run
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec

from conftest import EXAMPLES

READS = {"text", "elements", "params", "versions", "term", "profiles", "assembly"}


def _engine() -> CheckEngine:
    library = Library.load()
    agreement = assemble(load_spec(EXAMPLES / "oakview-ca.mou.yaml"), library)
    return CheckEngine.load(agreement, library)


def test_every_rule_declares_what_it_reads() -> None:
    for rule_id, module in RULES.items():
        assert module.READS and module.READS <= READS, rule_id
        assert module.SCOPE in ("section", "agreement"), rule_id
    assert rules_reading("text") == ["requirements", "consent-rule", "discipline-duties"]


def test_a_subset_of_rules_gives_the_findings_of_those_rules() -> None:
    engine = _engine()
    full = run_check(engine.agreement, engine.context.library)
    by_rule = {rule_id: engine.run_rules([rule_id]) for rule_id in RULES}
    assert sorted((f for found in by_rule.values() for f in found), key=sort_key) == full.findings
    two = engine.run_rules(["term-dates", "version-status"])
    assert two == by_rule["version-status"] + by_rule["term-dates"]  # in registry order


def test_text_errors_see_a_replaced_clause() -> None:
    engine = _engine()
    sections = {s.clause_id: s for s in engine.agreement.sections}
    records = sections["records-access"]
    baseline = engine.text_errors(dict(sections), {"records-access"})
    without_consent = dataclasses.replace(
        records, blocks=[Paragraph([Run("The agency may review records at any time.")])]
    )
    changed = engine.text_errors(
        {**sections, "records-access": without_consent}, {"records-access"}
    )
    added = [f for k, f in changed.items() if k not in baseline]
    assert "consent-rule" in {f.rule for f in added}
    assert all(f.severity == "error" for f in added)


def test_a_text_probe_reports_only_what_the_new_text_adds() -> None:
    before = (
        "The SRO shall not administer discipline. "
        "Records go out only with written consent of the parent."
    )
    probe = TextProbe("records", before, ["records_access"])
    assert probe.new_hits(before) == []
    hits = probe.new_hits("The SRO shall administer discipline and detentions.")
    assert {h.rule for h in hits} == {"consent-rule", "discipline-duties"}
