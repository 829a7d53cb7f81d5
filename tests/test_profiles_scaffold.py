"""`mou new --profile P` picks, for every shipped profile, library clauses that meet the
profile's wording and parameter rules, not just its elements: once the blanks are filled
the scaffold has no requirement errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble
from mou_builder.checks.engine import run_check
from mou_builder.sources.library import Library
from mou_builder.sources.profiles import ProfileSet
from mou_builder.sources.specfile import load_spec
from mou_builder.workflows.new import scaffold

from conftest import CLAUSES, PROFILES

REQUIREMENT_RULES = {
    "required-element",
    "required-param",
    "required-text",
    "forbidden-text",
    "required-citation",
}
ALL = sorted(p.stem for p in PROFILES.glob("*.yaml"))


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(CLAUSES)


@pytest.mark.parametrize("profile_id", ALL)
def test_scaffold_meets_every_requirement_of_its_profile(
    profile_id: str, library: Library, tmp_path: Path
) -> None:
    profiles = ProfileSet.load(PROFILES)
    # a day after every dated requirement has taken effect
    path = scaffold(tmp_path, profile_id, library, profiles, today=dt.date(2026, 9, 1))
    agreement = assemble(load_spec(path), library)
    result = run_check(agreement, library, profiles=profiles)
    # what a blank leaves open is the person's to fill: an element whose clauses still have
    # blanks (a table of offences, the training hours) is judged once they are filled
    open_elements = {e for s in agreement.sections if s.blanks for e in s.elements}
    errors = [
        f.format()
        for f in result.findings
        if f.rule in REQUIREMENT_RULES
        and f.severity == "error"
        and not (f.rule != "required-element" and f.element in open_elements)
    ]
    assert errors == []


def test_anywhere_wording_brings_its_clause_first(library: Library, tmp_path: Path) -> None:
    path = scaffold(
        tmp_path, "va-22-1-280-2-3", library, ProfileSet.load(PROFILES), today=dt.date(2026, 9, 1)
    )
    ids = [entry.id for entry in load_spec(path).spec.clauses]
    assert ids[0] == "recitals-model-mou"  # "based on the state model MOU"
