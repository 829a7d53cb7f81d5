"""The shipped clause library and the main California example, read as a specification.

These tests hold the real library (``clauses/``) to the promises the project makes about
it: every element has approved language, approved text is immutable, there is version
history to diff and upgrade, nothing gives the SRO discipline duties, and the records
clause states the written-consent rule.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble_file, preview
from mou_builder.checks.engine import CheckResult, run_check
from mou_builder.checks.rules.consent_rule import CONSENT, WHO
from mou_builder.checks.rules.discipline_duties import offending_sentences
from mou_builder.model.agreement import Paragraph
from mou_builder.model.elements import ELEMENTS
from mou_builder.sources.library import Library, hash_drift

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "mou_builder" / "data"  # what the package ships
CLAUSES = DATA / "clauses"
CA_EXAMPLE = ROOT / "examples" / "oakview-ca.mou.yaml"


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(CLAUSES)


def _preview_text(library: Library, clause_id: str, number: int | None = None) -> str:
    loaded = library.clauses[clause_id]
    version = loaded.clause.get(number) if number else loaded.clause.latest_approved
    assert version is not None
    return "\n".join(block.text for block in preview(loaded, version))


def _all_versions(library: Library) -> list[tuple[str, int]]:
    return [
        (loaded.id, version.version)
        for loaded in library.clauses.values()
        for version in loaded.clause.versions
    ]


def test_library_loads_with_a_real_number_of_clauses(library: Library) -> None:
    assert 45 <= len(library.clauses) <= 120


@pytest.mark.parametrize("element", sorted(ELEMENTS))
def test_every_element_has_an_approved_clause(library: Library, element: str) -> None:
    approved = [
        loaded.id
        for loaded in library.clauses.values()
        if element in loaded.clause.elements and loaded.clause.latest_approved is not None
    ]
    assert approved, f"no approved clause covers '{element}'"


def test_every_approved_and_superseded_version_matches_its_recorded_hash(
    library: Library,
) -> None:
    drift = [
        message
        for loaded in library.clauses.values()
        for version in loaded.clause.versions
        if (message := hash_drift(loaded, version))
    ]
    assert drift == []


def test_version_history_gives_diff_and_upgrade_material(library: Library) -> None:
    multi = [c.id for c in library.clauses.values() if len(c.clause.versions) >= 2]
    assert len(multi) >= 3
    statuses = {v.status for c in library.clauses.values() for v in c.clause.versions}
    assert {"approved", "superseded", "draft", "withdrawn"} <= statuses


def test_superseded_versions_differ_in_words_from_their_successor(library: Library) -> None:
    for loaded in library.clauses.values():
        versions = sorted(loaded.clause.versions, key=lambda v: v.version)
        for older, newer in itertools.pairwise(versions):
            assert older.text != newer.text, f"{loaded.id} v{older.version}/v{newer.version}"


def test_every_versioned_clause_records_date_approval_note_and_citations(
    library: Library,
) -> None:
    for loaded in library.clauses.values():
        if len(loaded.clause.versions) < 2:
            continue
        for version in loaded.clause.versions:
            if version.status in ("approved", "superseded"):
                assert version.effective is not None, (loaded.id, version.version)
                assert version.approval, (loaded.id, version.version)
                assert version.citations, (loaded.id, version.version)


@pytest.mark.parametrize("clause_id", sorted(p.stem for p in CLAUSES.glob("*.yaml")))
def test_latest_approved_version_renders_on_its_own(library: Library, clause_id: str) -> None:
    text = _preview_text(library, clause_id)
    assert text.strip()
    assert "{{" not in text and "{%" not in text


def test_no_clause_version_gives_the_sro_discipline_duties(library: Library) -> None:
    flagged = {
        f"{clause_id}@{number}": offending_sentences(_preview_text(library, clause_id, number))
        for clause_id, number in _all_versions(library)
    }
    assert {ref: hits for ref, hits in flagged.items() if hits} == {}


def test_discipline_boundary_clause_actually_excludes_discipline(library: Library) -> None:
    text = _preview_text(library, "discipline-boundary")
    assert "shall not enforce the student code of conduct" in text
    assert "mental health" in text


def test_records_clauses_state_the_written_consent_rule(library: Library) -> None:
    records = [c for c in library.clauses.values() if "records_access" in c.clause.elements]
    assert records
    for loaded in records:
        for version in loaded.clause.versions:
            text = _preview_text(library, loaded.id, version.version)
            assert CONSENT.search(text) and WHO.search(text), f"{loaded.id}@{version.version}"
    current = _preview_text(library, "records-access")
    assert "written consent" in current
    assert "adult student" in current


def test_immigration_clause_is_locked_statutory_language(library: Library) -> None:
    version = library.clauses["immigration-enforcement"].clause.latest_approved
    assert version is not None and version.locked
    assert any("234.7" in c for c in version.citations)


def test_nondiscrimination_lists_every_protected_characteristic(library: Library) -> None:
    text = _preview_text(library, "nondiscrimination")
    for characteristic in [
        "race",
        "color",
        "ancestry",
        "nationality",
        "national origin",
        "immigration status",
        "ethnic group identification",
        "ethnicity",
        "age",
        "religion",
        "marital status",
        "pregnancy",
        "parental status",
        "physical or mental disability",
        "sex",
        "sexual orientation",
        "gender",
        "gender identity",
        "gender expression",
        "genetic information",
        "perceived",
        "association",
    ]:
        assert characteristic in text, characteristic


def test_training_covers_required_subjects_and_has_an_hours_parameter(
    library: Library,
) -> None:
    version = library.clauses["sro-training"].clause.latest_approved
    assert version is not None
    hours = version.params["training_hours"]
    assert hours.type == "int" and hours.min == 0 and hours.default >= 80
    text = _preview_text(library, "sro-training").lower()
    for subject in [
        "disproportionality",
        "implicit bias",
        "de-escalation",
        "students with disabilities",
        "trauma-informed",
        "youth mental health",
        "restorative practice",
    ]:
        assert subject in text, subject


def test_data_reporting_is_disaggregated_and_goes_to_the_board(library: Library) -> None:
    text = _preview_text(library, "data-reporting")
    for word in [
        "race",
        "gender",
        "disability",
        "arrests",
        "prosecution",
        "force",
        "complaints",
        "[board]",
    ]:
        assert word in text, word


def test_hours_alternates_share_a_group(library: Library) -> None:
    groups = {c.id: c.clause.group for c in library.clauses.values()}
    assert groups["hours-full-time"] == groups["hours-event-coverage"] == "hours"
    schools = library.clauses["hours-full-time"].clause.latest_approved
    assert schools is not None and schools.params["schools"].type == "table"


# --------------------------------------------------------------------------- example


@pytest.fixture(scope="module")
def ca_result(library: Library) -> CheckResult:
    agreement = assemble_file(CA_EXAMPLE, library)
    return run_check(agreement, library)


def test_california_example_has_no_errors_under_its_profile(ca_result: CheckResult) -> None:
    assert [p.id for p in ca_result.profiles] == ["ca-bp-3515-31"]
    assert ca_result.errors == [], [f.message for f in ca_result.errors]
    assert ca_result.ok()


def test_california_example_keeps_one_outdated_pin_for_upgrade(ca_result: CheckResult) -> None:
    outdated = [f.clause for f in ca_result.warnings if f.rule == "version-status"]
    assert outdated == ["hours-full-time"]


def test_california_example_is_laid_out_like_a_real_agreement(ca_result: CheckResult) -> None:
    sections = ca_result.agreement.sections
    ids = [s.clause_id for s in sections]
    assert ids[0] == "recitals" and ids[1] == "purpose" and ids[-1] == "signatures"
    assert all(s.pinned for s in sections)
    assert all(not s.blanks for s in sections)
    first = next(b for b in sections[0].blocks if isinstance(b, Paragraph))
    assert first.text.startswith("Oakview Unified School District is a public school district")


# --------------------------------------------------------------------------- every profile

COMMON: list[str | dict[str, object]] = [
    "recitals",
    "purpose",
    "definitions",
    "term-renewal",
    "roles-responsibilities",
    "supervision-chain-of-command",
    "qualifications-selection",
    {"id": "hours-full-time", "params": {"schools": [{"school": "A", "hours_per_week": 40}]}},
    "leave-coverage",
    "discipline-boundary",
    "student-interviews-searches",
    "parent-notification-questioning",
    "arrests-last-resort",
    "information-sharing-ferpa",
    "use-of-force-general",
    "restorative-practices",
    "nondiscrimination",
    "sro-training",
    "staff-guidance",
    "body-cameras",
    "equipment-uniform",
    {"id": "funding-cost-share", "params": {"district_share_percent": 50, "annual_cap": "$1"}},
    "performance-monitoring",
    "data-reporting",
    "complaints-agency",
    "community-forum",
    "publication-website",
    "review-periodic",
    "termination",
    "indemnification-own-acts",
    "insurance",
    "dispute-resolution",
    {"id": "notices", "params": {"district_notice_address": "x", "agency_notice_address": "y"}},
    "signatures",
]

# the state alternates each profile needs in place of the general clauses
ALTERNATES: dict[str, dict[str, str | dict[str, object]]] = {
    "national-2020": {},
    "cops-hiring": {},
    "secure-rubric": {},
    "wa-rcw-28a-320-124": {
        "data-reporting": "data-reporting-annual",
        "complaints-agency": "complaints-joint-review",
        "review-periodic": "review-annual-adoption",
        "publication-website": "publication-annual-notice",
        "qualifications-selection": "qualifications-joint-hiring",
    },
    "il-105-ilcs-5-10-20-68": {
        "arrests-last-resort": "no-tickets-school-property",
        "community-forum": "community-advisory-committee",
    },
    "tx-educ-37-081": {
        "recitals": "recitals-interlocal",
        "roles-responsibilities": "sro-duties-board",
        "funding-cost-share": {
            "id": "funding-interlocal",
            "params": {"district_share_percent": 60, "annual_cap": "$1"},
        },
        "sro-training": {"id": "sro-training", "params": {"training_deadline_days": 180}},
        "leave-coverage": "discipline-boundary-law-enforcement-duties",
        "body-cameras": "restraint-state-rules",
        "equipment-uniform": {
            "id": "jurisdiction-scope-board",
            "params": {"board_action_date": "2026-06-01"},
        },
    },
    "va-22-1-280-2-3": {
        "recitals": "recitals-model-mou",
        "review-periodic": "review-cycle-on-request",
    },
}


def _entry_id(entry: str | dict[str, object]) -> str:
    return entry if isinstance(entry, str) else str(entry["id"])


@pytest.mark.parametrize("profile_id", sorted(ALTERNATES))
def test_a_library_only_agreement_satisfies_each_profile(
    library: Library, tmp_path: Path, profile_id: str
) -> None:
    import yaml

    swaps = ALTERNATES[profile_id]
    clauses = [swaps.get(_entry_id(e), e) for e in COMMON]
    spec = {
        "id": "LIB-CHECK",
        "title": "School Resource Officer Agreement",
        "date": "2026-06-01",
        "profiles": [profile_id],
        "parties": {
            "district": {
                "name": "Cedar Valley School District",
                "short": "District",
                "signatories": [{"name": "A. Lee", "title": "Superintendent"}],
            },
            "agency": {
                "name": "Cedar Valley Police Department",
                "short": "Agency",
                "signatories": [{"name": "B. Cruz", "title": "Chief of Police"}],
            },
        },
        "term": {"effective": "2026-07-01", "expires": "2027-06-30"},
        "clauses": clauses,
    }
    path = tmp_path / f"{profile_id}.mou.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    result = run_check(assemble_file(path, library), library)
    assert result.errors == [], [f.message for f in result.errors]
