"""Clauses for the elements added to the taxonomy: alternates, parameters and wording.

Each new element has approved language; where districts differ there are two alternates in
one group; the graduated response model is a table; the clauses speak of "the Agency" so
they serve security companies as well as police.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble, preview
from mou_builder.checks.rules.discipline_duties import offending_sentences
from mou_builder.model.schema import ClauseEntry
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import LoadedSpec, load_spec

from conftest import CLAUSES, EXAMPLES

NEW_ELEMENTS = [
    "incident_reporting",
    "emergency_response",
    "restraint",
    "firearms",
    "graduated_response",
    "diversion",
    "jurisdiction_scope",
    "liaisons",
    "facilities",
    "training_records",
    "rights_advisement",
    "special_operations",
    "amendment",
    "governing_law",
    "severability",
    "assignment",
    "entire_agreement",
]

ALTERNATES = {
    "incident_reporting": {"incident-reporting", "incident-reporting-school-days"},
    "restraint": {"restraint", "restraint-imminent-danger"},
    "firearms": {"firearms", "firearms-secured-storage"},
    "diversion": {"diversion", "diversion-officer-discretion"},
}


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(CLAUSES)


def _text(library: Library, clause_id: str, **values: object) -> str:
    """The clause's latest approved text: defaults only, or assembled with ``values``."""
    loaded = library.clauses[clause_id]
    version = loaded.clause.latest_approved
    assert version is not None
    if not values:
        return "\n".join(block.text for block in preview(loaded, version))
    template = load_spec(EXAMPLES / "oakview-ca.mou.yaml")
    entry = ClauseEntry(id=clause_id, version=version.version, params=dict(values))
    spec = template.spec.model_copy(update={"clauses": [entry]})
    agreement = assemble(LoadedSpec(spec, Path("one.mou.yaml"), {}, ""), library)
    return agreement.sections[0].text


@pytest.mark.parametrize("element", NEW_ELEMENTS)
def test_each_new_element_has_a_clause_named_after_it(library: Library, element: str) -> None:
    covering = {
        c.id
        for c in library.clauses.values()
        if element in c.clause.elements and c.clause.latest_approved is not None
    }
    named = element.replace("_", "-")
    general = {"amendment", "governing_law", "severability", "assignment", "entire_agreement"}
    assert (named in covering) or (element in general and "general-provisions" in covering)


@pytest.mark.parametrize(("element", "ids"), sorted(ALTERNATES.items()))
def test_alternates_share_one_group(library: Library, element: str, ids: set[str]) -> None:
    groups = {library.clauses[i].clause.group for i in ids}
    assert groups == {element}


def test_general_provisions_cover_the_five_general_elements(library: Library) -> None:
    clause = library.clauses["general-provisions"].clause
    assert set(clause.elements) == {
        "amendment",
        "governing_law",
        "severability",
        "assignment",
        "entire_agreement",
    }
    text = _text(library, "general-provisions", governing_state="Ohio")
    for word in [
        "Amendment.",
        "Governing law.",
        "Severability.",
        "Assignment.",
        "Entire agreement.",
    ]:
        assert word in text
    assert "State of Ohio" in text


def test_graduated_response_is_a_table_that_keeps_discipline_with_schools(
    library: Library,
) -> None:
    version = library.clauses["graduated-response"].clause.latest_approved
    assert version is not None
    matrix = version.params["response_matrix"]
    assert matrix.type == "table" and matrix.columns
    assert [c.key for c in matrix.columns] == ["level", "conduct", "school_response", "sro_role"]
    text = _text(library, "graduated-response")
    assert "School discipline at every level remains with teachers and administrators" in text
    assert offending_sentences(text) == []


def test_scope_clause_serves_security_companies(library: Library) -> None:
    police = _text(library, "jurisdiction-scope")
    guards = _text(
        library, "jurisdiction-scope", officer_authority="security officers without arrest powers"
    )
    assert "sworn law enforcement officers" in police and "call the police" not in police
    assert "call the police for any Law Enforcement Matter" in guards


def test_firearms_clause_states_an_unarmed_assignment(library: Library) -> None:
    assert "does not carry a firearm" in _text(library, "firearms", armed=False)
    assert "retention holster" in _text(library, "firearms", armed=True)


def test_incident_reports_alternates_differ_in_their_clock(library: Library) -> None:
    hours = library.clauses["incident-reporting"].clause.latest_approved
    days = library.clauses["incident-reporting-school-days"].clause.latest_approved
    assert hours is not None and days is not None
    assert hours.params["report_hours"].default == 24
    assert days.params["report_school_days"].default == 5
    text = _text(library, "incident-reporting-school-days")
    for word in ["race", "ethnicity", "gender", "age", "disability", "searched", "restrained"]:
        assert word in text, word
