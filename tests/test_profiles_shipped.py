"""The shipped requirement profiles against the shipped clause library and examples.

- every profile loads, every requirement carries a citation;
- each profile's example agreement passes it;
- removing the clauses of each required element in turn produces exactly the expected
  required-element finding, with that requirement's citation (all profiles, all elements);
- every profile records the texts it was read from and when it was verified, or says that
  its text could not be read; a verified profile cites each statute to its subsection;
- the requirements the law as read adds (Washington's three sections, Texas restraint and
  jurisdiction, Nebraska's twenty hours and rights advisement, Virginia's review on
  request, Illinois' certificate) speak with the right citation and severity;
- Illinois (a-5) applies by the agreement's effective date, (b) from 2021-01-01;
- inheritance (secure-rubric extends cops-hiring);
- the library covers every element any profile requires.

Everything is assembled in memory from the spec model (no subprocess), so the
parametrized cases stay fast.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble
from mou_builder.checks.engine import CheckResult, run_check
from mou_builder.model.agreement import Agreement
from mou_builder.model.schema import ClauseEntry, Requirement, Spec
from mou_builder.sources.library import Library
from mou_builder.sources.profiles import ProfileSet
from mou_builder.sources.specfile import LoadedSpec, load_spec

from conftest import CLAUSES, EXAMPLES, PROFILES

SHIPPED = [
    "ca-bp-3515-31",
    "national-2020",
    "cops-hiring",
    "secure-rubric",
    "wa-rcw-28a-320-124",
    "il-105-ilcs-5-10-20-68",
    "tx-educ-37-081",
    "va-22-1-280-2-3",
    "ne-79-2704",
    "ma-c71-s37p",
    "ct-cgs-10-233m",
    "ky-krs-158-4414",
    "oh-orc-3313-951",
    "in-ic-20-26-18-2",
    "ar-6-10-128",
    "ut-53g-8-703",
    "pa-24-ps-13-1303-a",
    "ny-educ-2801-a",
    "mn-626-8482",
    "nj-njac-6a-16-6",
]

# the example agreement each profile is proven against
EXAMPLE_FOR = {
    "ca-bp-3515-31": "oakview-ca.mou.yaml",
    "national-2020": "oakview-ca.mou.yaml",
    "cops-hiring": "oakview-ca.mou.yaml",
    "secure-rubric": "oakview-ca.mou.yaml",
    "wa-rcw-28a-320-124": "cedar-valley-wa.mou.yaml",
    "il-105-ilcs-5-10-20-68": "prairie-grove-il.mou.yaml",
    "tx-educ-37-081": "mesquite-creek-tx.mou.yaml",
    "va-22-1-280-2-3": "james-ridge-va.mou.yaml",
    "ne-79-2704": "platte-bend-ne.mou.yaml",
    "ma-c71-s37p": "harbor-point-ma.mou.yaml",
    "ct-cgs-10-233m": "maple-ridge-ct.mou.yaml",
    "ky-krs-158-4414": "bluegrass-hollow-ky.mou.yaml",
    "oh-orc-3313-951": "willow-fork-oh.mou.yaml",
    "in-ic-20-26-18-2": "limestone-creek-in.mou.yaml",
    "ar-6-10-128": "ozark-bluff-ar.mou.yaml",
    "ut-53g-8-703": "juniper-flats-ut.mou.yaml",
    "pa-24-ps-13-1303-a": "laurel-run-pa.mou.yaml",
    "ny-educ-2801-a": "hudson-crest-ny.mou.yaml",
    "mn-626-8482": "north-pines-mn.mou.yaml",
    "nj-njac-6a-16-6": "cedar-brook-nj.mou.yaml",
}

LATE = dt.date(2099, 1, 1)  # a day on which every dated requirement applies


@cache
def library() -> Library:
    return Library.load(CLAUSES)


@cache
def profiles() -> ProfileSet:
    return ProfileSet.load(PROFILES)


@cache
def example(name: str) -> LoadedSpec:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not written yet")
    return load_spec(path)


def with_spec(loaded: LoadedSpec, **changes: object) -> LoadedSpec:
    """A copy of an example with some spec fields replaced (marks dropped: locations unused)."""
    spec = loaded.spec.model_copy(update=changes)
    return LoadedSpec(spec, loaded.path, {}, loaded.text)


def check(loaded: LoadedSpec, profile_id: str) -> CheckResult:
    agreement: Agreement = assemble(loaded, library())
    return run_check(
        agreement, library(), [profile_id], profiles=profiles(), on=dt.date(2026, 8, 1)
    )


def element_requirements(profile_id: str) -> list[Requirement]:
    return [r for r in profiles().resolve(profile_id).requirements if r.check == "element"]


# --------------------------------------------------------------------------- the profiles


def test_the_shipped_profiles_are_there() -> None:
    assert set(profiles().ids()) >= set(SHIPPED)


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_every_requirement_has_a_citation_and_a_message(profile_id: str) -> None:
    resolved = profiles().resolve(profile_id)
    assert resolved.requirements
    ids = [r.id for r in resolved.requirements]
    assert len(ids) == len(set(ids))
    for req in resolved.requirements:
        assert req.citation.strip(), req.id
        assert req.message.strip(), req.id
    assert any(r.severity == "error" and r.check == "element" for r in resolved.requirements)


def test_california_requires_its_six_elements_and_recommends_the_optional_ones() -> None:
    reqs = element_requirements("ca-bp-3515-31")
    required = {r.element for r in reqs if r.severity == "error"}
    assert {
        "purpose",
        "roles",
        "supervision",
        "information_sharing",
        "training",
        "hours",
        "performance_monitoring",
    } <= required
    recommended = {r.element for r in reqs if r.severity == "warning"}
    assert {"nondiscrimination", "leave_coverage"} <= recommended


def test_secure_rubric_inherits_cops_hiring_and_overrides_signatures() -> None:
    secure = profiles().resolve("secure-rubric")
    cops = profiles().resolve("cops-hiring")
    assert secure.chain == ["cops-hiring", "secure-rubric"]
    by_id = {r.id: r for r in secure.requirements}
    for req in cops.requirements:
        assert req.id in by_id  # every COPS requirement comes along
    assert by_id["cops.purpose"] == next(r for r in cops.requirements if r.id == "cops.purpose")
    assert by_id["cops.signatures"].citation.startswith("SECURe rubric")
    assert {"secure.civil-rights", "secure.training", "secure.discipline"} <= set(by_id)


def test_inherited_requirements_are_reported_with_the_parent_citation() -> None:
    loaded = example(EXAMPLE_FOR["secure-rubric"])
    kept = [e for e in loaded.spec.clauses if "supervision" not in _elements(e)]
    result = check(with_spec(loaded, clauses=kept), "secure-rubric")
    missing = [f for f in result.findings if f.rule == "required-element"]
    assert [(f.element, f.citation) for f in missing] == [
        (
            "supervision",
            "COPS Hiring Program award conditions (FY2020), SRO MOU contents, item 4 "
            "(supervision and chain of command)",
        )
    ]


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_the_example_passes_its_profile(profile_id: str) -> None:
    result = check(example(EXAMPLE_FOR[profile_id]), profile_id)
    assert result.errors == [], [f.format() for f in result.errors]


@pytest.mark.parametrize(
    "name", sorted({n for n in EXAMPLE_FOR.values() if n != "oakview-ca.mou.yaml"})
)
def test_each_state_example_names_its_profile(name: str) -> None:
    loaded = example(name)
    assert loaded.spec.profiles, name
    for profile_id in loaded.spec.profiles:
        result = check(loaded, profile_id)
        assert result.errors == [], [f.format() for f in result.errors]
        # clean: no warnings either (pinned, approved, one alternate per group)
        assert result.warnings == [], [f.format() for f in result.warnings]


# --------------------------------------------------------------------------- removal


def _elements(entry: ClauseEntry) -> list[str]:
    loaded = library().get(entry.id)
    return list(loaded.clause.elements) if loaded else []


def _removal_cases() -> list[object]:
    cases = []
    for profile_id in SHIPPED:
        for req in ProfileSet.load(PROFILES).resolve(profile_id).requirements:
            if req.check == "element":
                cases.append(pytest.param(profile_id, req.id, id=f"{profile_id}:{req.id}"))
    return cases


@pytest.mark.parametrize(("profile_id", "requirement_id"), _removal_cases())
def test_removing_a_required_element_gives_exactly_its_finding(
    profile_id: str, requirement_id: str
) -> None:
    req = next(r for r in element_requirements(profile_id) if r.id == requirement_id)
    assert req.element is not None
    loaded = example(EXAMPLE_FOR[profile_id])
    spec: Spec = loaded.spec
    if not req.applies_on(spec.term.effective):  # pragma: no cover - examples are current
        pytest.skip("requirement not in force for the example")
    kept = [e for e in spec.clauses if req.element not in _elements(e)]
    assert len(kept) < len(spec.clauses), f"the example has no clause for {req.element}"
    result = check(with_spec(loaded, clauses=kept), profile_id)
    found = {
        (f.element, f.citation, f.severity) for f in result.findings if f.rule == "required-element"
    }
    assert (req.element, req.citation, req.severity) in found
    # exactly: only elements that lost their last clause are reported
    still = {el for e in kept for el in _elements(e)}
    expected = {
        (r.element, r.citation, r.severity)
        for r in element_requirements(profile_id)
        if r.element not in still and r.applies_on(spec.term.effective)
    }
    assert found == expected
    message = next(
        f.message
        for f in result.findings
        if f.rule == "required-element" and f.citation == req.citation and f.element == req.element
    )
    assert message.startswith(req.message)


# --------------------------------------------------------------------------- dates


IL = "il-105-ilcs-5-10-20-68"


@pytest.mark.parametrize(
    ("effective", "held"),
    [(dt.date(2026, 6, 30), False), (dt.date(2026, 7, 1), True), (dt.date(2027, 1, 1), True)],
)
def test_illinois_a5_applies_from_2026_07_01(effective: dt.date, held: bool) -> None:
    loaded = example(EXAMPLE_FOR[IL])
    term = loaded.spec.term.model_copy(
        update={"effective": effective, "expires": effective.replace(year=effective.year + 1)}
    )
    kept = [e for e in loaded.spec.clauses if "arrests_citations" not in _elements(e)]
    changed = with_spec(loaded, term=term, date=effective - dt.timedelta(days=30), clauses=kept)
    result = check(changed, IL)
    cited = [f for f in result.findings if "10-20.68(a-5)" in (f.citation or "")]
    if held:
        assert ("required-element", "arrests_citations", "105 ILCS 5/10-20.68(a-5)(3)") in {
            (f.rule, f.element, f.citation) for f in cited
        }
        assert not result.ok()
    else:
        # not held to (a-5): one note that it takes effect during the term, naming each
        # paragraph of (a-5) that comes into force
        assert [(f.rule, f.severity) for f in cited] == [("upcoming-requirement", "info")]
        assert "take effect on 2026-07-01" in cited[0].message
        for paragraph in ("(a-5)(1)", "(a-5)(2)", "(a-5)(3)", "(a-5)(4)", "(a-5)(5)"):
            assert paragraph in (cited[0].citation or "")
        assert result.ok()
        assert result.coverage().get("arrests_citations") in (None, [])
        assert "arrests_citations" not in result.required_elements()


@pytest.mark.parametrize(
    ("effective", "held"),
    [(dt.date(2020, 12, 31), False), (dt.date(2021, 1, 1), True), (dt.date(2026, 6, 30), True)],
)
def test_illinois_certificate_or_waiver_is_recommended_from_2021_01_01(
    effective: dt.date, held: bool
) -> None:
    """10-20.68(b): the agency gives the district the SRO's certificate or waiver within a
    year of assignment. It binds the agency since 2021-01-01, years before (a-5), and is a
    duty of the agency rather than a content of the agreement: a recommendation."""
    loaded = example(EXAMPLE_FOR[IL])
    term = loaded.spec.term.model_copy(
        update={"effective": effective, "expires": effective + dt.timedelta(days=364)}
    )
    kept = [e for e in loaded.spec.clauses if "training_records" not in _elements(e)]
    changed = with_spec(loaded, term=term, date=effective - dt.timedelta(days=30), clauses=kept)
    result = check(changed, IL)
    cited = [
        (f.rule, f.severity, f.element)
        for f in result.findings
        if f.citation == "105 ILCS 5/10-20.68(b)"
    ]
    if held:
        assert ("required-element", "warning", "training_records") in cited
    else:
        # only a note that (b) takes effect during the term
        assert cited == [("upcoming-requirement", "info", None)]
    assert not [f for f in result.errors if f.citation == "105 ILCS 5/10-20.68(b)"]


# --------------------------------------------------------------------------- library


def _library_spec(profile_id: str) -> LoadedSpec:
    """One approved library clause for each element the profile requires, nothing else."""
    lib = library()
    entries: list[ClauseEntry] = []
    chosen: set[str] = set()
    for req in element_requirements(profile_id):
        assert req.element is not None
        if any(req.element in lib.clauses[c].clause.elements for c in chosen):
            continue
        candidates = sorted(
            c
            for c in lib.by_element.get(req.element, [])
            if lib.clauses[c].clause.latest_approved is not None
        )
        assert candidates, f"no approved clause in the library covers '{req.element}'"
        chosen.add(candidates[0])
        entries.append(ClauseEntry(id=candidates[0]))
    template = example("oakview-ca.mou.yaml").spec
    term = template.term.model_copy(
        update={"effective": LATE, "expires": LATE.replace(year=LATE.year + 1)}
    )
    spec = template.model_copy(
        update={"clauses": entries, "term": term, "params": {}, "date": LATE}
    )
    return LoadedSpec(spec, Path(f"library-{profile_id}.mou.yaml"), {}, "")


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_the_library_covers_every_required_element(profile_id: str) -> None:
    result = check(_library_spec(profile_id), profile_id)
    missing = [f.format() for f in result.findings if f.rule == "required-element"]
    assert missing == []


# --------------------------------------------------------------------------- other rules

NEUTRAL = ["The parties have agreed on this matter."]


def _rule_cases() -> list[object]:
    cases = []
    for profile_id in SHIPPED:
        for req in ProfileSet.load(PROFILES).resolve(profile_id).requirements:
            if req.check in ("text", "param", "no-text", "citation"):
                cases.append(pytest.param(profile_id, req.id, id=f"{profile_id}:{req.id}"))
    return cases


def _within_clause_bounds(clause_ids: list[str], name: str, value: int) -> bool:
    for clause_id in clause_ids:
        version = library().clauses[clause_id].clause.latest_approved
        param = version.params.get(name) if version else None
        if param is None:
            continue
        if (param.min is not None and value < param.min) or (
            param.max is not None and value > param.max
        ):
            return False
    return True


# a sentence that each forbidden-text requirement must catch (one per requirement)
VIOLATIONS = {
    "il.no-ticket-authority": "The SRO may issue citations to students for minor offenses.",
}


def _break(loaded: LoadedSpec, req: Requirement) -> tuple[LoadedSpec, str]:
    """The example changed just enough to fail ``req``; returns it and the expected text."""
    spec = loaded.spec
    agreement = assemble(loaded, library())
    if req.check == "no-text":
        # the first clause of the element (or of the agreement) is negotiated to say it
        target = next(
            s.clause_id
            for s in agreement.sections
            if req.element is None or req.element in s.elements
        )
        entries = [
            e.model_copy(update={"text": [VIOLATIONS[req.id]]}) if e.id == target else e
            for e in spec.clauses
        ]
        return with_spec(loaded, clauses=entries), "(found '"
    if req.check == "citation":
        # every library clause for the element cites its law: without the clauses, the
        # requirement must still speak (the citation check itself is in tests/rule_cases)
        covering = {s.clause_id for s in agreement.sections if req.element in s.elements}
        entries = [e for e in spec.clauses if e.id not in covering]
        return with_spec(loaded, clauses=entries), f"no clause covers '{req.element}'"
    if req.check == "param":
        assert req.param is not None
        bad = int(req.max + 1 if req.max is not None else (req.min or 0) - 1)
        stating = [
            s.clause_id
            for s in agreement.sections
            if (req.element is None or req.element in s.elements) and req.param in s.params
        ]
        if stating and not _within_clause_bounds(stating, req.param, bad):
            # the clause's own parameter bounds already forbid the bad value: drop the
            # clause instead, and the requirement must report the missing parameter
            entries = [e for e in spec.clauses if e.id not in stating]
            return with_spec(loaded, clauses=entries), f"no clause states '{req.param}'"
        if stating:
            entries = [
                e.model_copy(update={"params": {**e.params, req.param: bad}})
                if e.id in stating
                else e
                for e in spec.clauses
            ]
            return with_spec(loaded, clauses=entries), f"{req.param} is {bad}"
        if req.param == "review_interval_years" and spec.term.review_years is not None:
            term = spec.term.model_copy(update={"review_years": bad})
            return with_spec(loaded, term=term), f"{req.param} is {bad}"
    # text (or a param stated only in words): the covering clauses lose their wording
    covering = {
        s.clause_id
        for s in agreement.sections
        if (
            req.element in s.elements
            if req.element
            else any(re.search(p, s.title + "\n" + s.text, re.I) for p in req.patterns or [])
        )
    }
    entries = [
        e.model_copy(update={"text": NEUTRAL, "title": "Agreed Matter"}) if e.id in covering else e
        for e in spec.clauses
    ]
    expected = "not found" if req.check == "text" else f"no clause states '{req.param}'"
    return with_spec(loaded, clauses=entries), expected


@pytest.mark.parametrize(("profile_id", "requirement_id"), _rule_cases())
def test_breaking_each_rule_beyond_presence_gives_its_finding(
    profile_id: str, requirement_id: str
) -> None:
    req = next(r for r in profiles().resolve(profile_id).requirements if r.id == requirement_id)
    loaded = example(EXAMPLE_FOR[profile_id])
    assert not [
        f
        for f in check(loaded, profile_id).findings
        if f.citation == req.citation and f.message.startswith(req.message)
    ]
    broken, expected = _break(loaded, req)
    result = check(broken, profile_id)
    rule = {
        "text": "required-text",
        "param": "required-param",
        "no-text": "forbidden-text",
        "citation": "required-citation",
    }[req.check]
    hits = [
        f
        for f in result.findings
        if f.rule == rule and f.citation == req.citation and f.message.startswith(req.message)
    ]
    assert hits, [f.format() for f in result.findings]
    assert expected in hits[0].message
    assert hits[0].severity == req.severity


# --------------------------------------------------------------------------- sources

# sections that have no subsections: a citation names the section (and may name a sentence)
UNDIVIDED = {"Va. Code 22.1-280.2:3", "Va. Code 9.1-114.1", "Tex. Educ. Code 37.0812"}
# the statute references the shipped profiles use: the section, then what follows it
STATUTE = re.compile(
    r"(?P<section>(RCW \d+A?\.\d+\.\d+|\d+ ILCS \d+/[\d.-]+|Tex\. (Educ|Occ)\. Code [\d.]+"
    r"|Va\. Code [\d.:-]+\d|Neb\. Rev\. Stat\. [\d-]+|M\.G\.L\. c\. 71, s\. 37P))(?P<rest>.*)"
)
NOT_READ = "could not be read"


def _statute_parts(citation: str) -> list[tuple[str, str]]:
    parts = []
    for part in citation.split(";"):
        match = STATUTE.match(part.strip())
        if match:
            parts.append((match["section"], match["rest"]))
    return parts


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_every_profile_says_what_it_was_read_from_and_when_it_was_verified(
    profile_id: str,
) -> None:
    profile, _ = profiles().get(profile_id) or pytest.fail(profile_id)
    assert profile.state is not None and len(profile.state) == 2
    description = " ".join((profile.description or "").split())
    if profile.verified is None:
        # an unverified profile says so, and says which text could not be read
        assert "Not verified" in description and NOT_READ in description, profile_id
    else:
        assert profile.sources, f"{profile_id} is verified but names no source"
        assert profile.verified >= max(s.retrieved for s in profile.sources)
    if not profile.sources:
        assert NOT_READ in description, f"{profile_id} names no source and does not say why"
    for source in profile.sources:
        assert source.url.startswith(("https://", "http://")) and source.title.strip()


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_a_verified_profile_cites_each_statute_to_the_subsection_that_imposes_it(
    profile_id: str,
) -> None:
    profile, _ = profiles().get(profile_id) or pytest.fail(profile_id)
    resolved = profiles().resolve(profile_id)
    for req in resolved.requirements:
        for section, rest in _statute_parts(req.citation):
            if profile.verified is None:
                continue  # its description names what could not be read
            if section in UNDIVIDED:
                assert not rest.startswith("("), (req.id, req.citation)
                continue
            assert re.match(r"\((\d+|[a-z](-\d+)?)\)", rest), (
                f"{req.id}: '{req.citation}' does not name the subsection of {section}"
            )
        assert "not read" not in req.citation or profile.verified is None, req.id


def test_the_statutes_that_apply_to_the_state_profiles_are_cited_to_their_subsections() -> None:
    """The citations the issue measured, as the law reads."""
    cited = {r.id: r.citation for pid in SHIPPED for r in profiles().resolve(pid).requirements}
    assert cited["wa.review"] == "RCW 28A.320.1242(1)(a)"
    assert cited["wa.joint-hiring"] == "RCW 28A.320.1242(1)(a)(ii)"
    assert cited["wa.training-proof"] == "RCW 28A.320.1242(1)(a)(iii)"
    assert cited["wa.community"] == "RCW 28A.320.1242(1)(b)"
    assert cited["wa.positive-climate"].endswith("RCW 28A.320.124(1)(c)")
    assert cited["wa.complaints-investigation"].endswith("RCW 28A.320.124(1)(d)")
    assert cited["wa.annual-notice"] == "RCW 28A.320.124(2)"
    assert cited["wa.data"] == "RCW 28A.320.1241(1)"
    assert cited["tx.interlocal"].startswith("Tex. Educ. Code 37.081(a-2)(1)")
    assert cited["tx.jurisdiction"] == "Tex. Educ. Code 37.081(a-1)"
    assert cited["tx.restraint"] == "Tex. Educ. Code 37.0021(h)"
    assert cited["tx.training-180"] == "Tex. Occ. Code 1701.263(b)"
    assert cited["il.no-tickets"] == "105 ILCS 5/10-20.68(a-5)(3)"
    assert cited["il.certificate"] == "105 ILCS 5/10-20.68(b)"
    assert cited["ne.training-hours"] == "Neb. Rev. Stat. 79-2704(1)"
    assert cited["ne.publication"] == "Neb. Rev. Stat. 79-2703(3)"


# --------------------------------------------------------------------------- the law as read


def _requirement(profile_id: str, requirement_id: str) -> Requirement:
    return next(r for r in profiles().resolve(profile_id).requirements if r.id == requirement_id)


def _negotiate(loaded: LoadedSpec, clause_id: str, text: list[str]) -> LoadedSpec:
    """The clause negotiated to say only ``text`` (under a neutral title: titles are searched)."""
    update = {"text": text, "negotiated": "test", "title": "Agreed Matter"}
    entries = [e.model_copy(update=update) if e.id == clause_id else e for e in loaded.spec.clauses]
    return with_spec(loaded, clauses=entries)


def _hits(result: CheckResult, req: Requirement) -> list[str]:
    return [
        f.severity
        for f in result.findings
        if f.citation == req.citation and f.message.startswith(req.message)
    ]


WA = "wa-rcw-28a-320-124"
TRAINING_PLAN = [
    "Each SRO who has not yet completed the state training series shall follow a written "
    "plan, agreed by the District and the Agency before the SRO starts, to complete the "
    "classroom part within six months and the on-the-job part within the first year."
]
TRAINING_NEITHER = ["Each SRO shall be trained in school-based policing."]


@pytest.mark.parametrize(
    ("text", "passes"),
    [(TRAINING_PLAN, True), (TRAINING_NEITHER, False)],
    ids=["a plan to complete the training", "neither documentation nor a plan"],
)
def test_washington_training_is_satisfied_by_documentation_or_by_a_plan(
    text: list[str], passes: bool
) -> None:
    """RCW 28A.320.1242(1)(a)(iii): confirm the training documentation OR describe the plan
    to complete the training series; the profile must not demand proof alone."""
    req = _requirement(WA, "wa.training-proof")
    result = check(_negotiate(example(EXAMPLE_FOR[WA]), "sro-training", text), WA)
    assert _hits(result, req) == ([] if passes else ["error"])


def test_washington_district_duties_are_recommendations_with_a_note() -> None:
    """Yearly notice to families (28A.320.124(2)) and the data collection (28A.320.1241) are
    the district's duties; the agreement need only meet 28A.320.124(1)."""
    loaded = example(EXAMPLE_FOR[WA])
    kept = [e for e in loaded.spec.clauses if "data_reporting" not in _elements(e)]
    result = check(with_spec(loaded, clauses=kept), WA)
    assert not [f for f in result.errors if "RCW" in (f.citation or "")]
    assert {(f.severity, f.citation) for f in result.findings if f.element == "data_reporting"} >= {
        ("warning", "RCW 28A.320.1241(1)")
    }
    for rid in ("wa.data", "wa.data-contents", "wa.annual-notice", "wa.annual-notice-yearly"):
        req = _requirement(WA, rid)
        assert req.severity == "warning" and req.note, rid


@pytest.mark.parametrize(
    ("profile_id", "element", "citation", "severity"),
    [
        ("tx-educ-37-081", "restraint", "Tex. Educ. Code 37.0021(h)", "error"),
        ("tx-educ-37-081", "jurisdiction_scope", "Tex. Educ. Code 37.081(a-1)", "warning"),
        (
            "ne-79-2704",
            "rights_advisement",
            "Neb. Rev. Stat. 79-2704 (item on rights advisement; number not read)",
            "error",
        ),
        ("ne-79-2704", "publication", "Neb. Rev. Stat. 79-2703(3)", "warning"),
        ("il-105-ilcs-5-10-20-68", "training_records", "105 ILCS 5/10-20.68(b)", "warning"),
    ],
)
def test_removing_a_newly_required_element_names_its_law(
    profile_id: str, element: str, citation: str, severity: str
) -> None:
    loaded = example(EXAMPLE_FOR[profile_id])
    kept = [e for e in loaded.spec.clauses if element not in _elements(e)]
    assert len(kept) < len(loaded.spec.clauses)
    result = check(with_spec(loaded, clauses=kept), profile_id)
    assert (element, citation, severity) in {
        (f.element, f.citation, f.severity) for f in result.findings if f.rule == "required-element"
    }


@pytest.mark.parametrize(
    ("profile_id", "clause_id", "text", "requirement_id"),
    [
        (
            "wa-rcw-28a-320-124",
            "roles-responsibilities",
            ["The SRO responds to crimes at District schools."],
            "wa.positive-climate",
        ),
        (
            "tx-educ-37-081",
            "discipline-boundary-law-enforcement-duties",
            ["SROs take no part in routine discipline or administrative tasks."],
            "tx.no-routine-discipline-text",
        ),
        (
            "va-22-1-280-2-3",
            "review-cycle-on-request",
            [
                "The parties shall review this Agreement every two years after public notice "
                "and a period for public comment."
            ],
            "va.review-on-request",
        ),
        (
            "ne-79-2704",
            "data-reporting",
            ["The Agency reports arrests of students each year, by race."],
            "ne.referral-prosecution",
        ),
    ],
)
def test_wording_the_law_requires_is_missed_when_it_goes(
    profile_id: str, clause_id: str, text: list[str], requirement_id: str
) -> None:
    req = _requirement(profile_id, requirement_id)
    loaded = example(EXAMPLE_FOR[profile_id])
    assert _hits(check(loaded, profile_id), req) == []
    assert _hits(check(_negotiate(loaded, clause_id, text), profile_id), req) == [req.severity]


def test_nebraska_requires_twenty_hours_of_training() -> None:
    req = _requirement("ne-79-2704", "ne.training-hours")
    assert (req.param, req.min, req.severity) == ("training_hours", 20, "error")
    loaded = example(EXAMPLE_FOR["ne-79-2704"])
    entries = [
        e.model_copy(update={"params": {**e.params, "training_hours": hours}})
        if e.id == "sro-training"
        else e
        for e in loaded.spec.clauses
        for hours in [19]
    ]
    result = check(with_spec(loaded, clauses=entries), "ne-79-2704")
    assert [f.citation for f in result.errors if f.rule == "required-param"] == [
        "Neb. Rev. Stat. 79-2704(1)"
    ]


def test_texas_training_deadline_is_cited_to_the_occupations_code() -> None:
    """The 180-day rule is the licensing commission's (Occ. Code 1701.263(b)); Education
    Code 37.0812 only makes the district adopt a policy requiring the training."""
    req = _requirement("tx-educ-37-081", "tx.training-180")
    assert (req.param, req.max) == ("training_deadline_days", 180)
    assert "37.0812" not in req.citation and req.note and "37.0812" in req.note


# --------------------------------------------------------------------------- new state laws


def _dated_findings(
    profile_id: str, effective: dt.date, drop: set[str]
) -> tuple[CheckResult, set[tuple[str | None, str]]]:
    """The profile's example moved to ``effective``, without the clauses for ``drop``."""
    loaded = example(EXAMPLE_FOR[profile_id])
    term = loaded.spec.term.model_copy(
        update={"effective": effective, "expires": effective.replace(year=effective.year + 1)}
    )
    kept = [e for e in loaded.spec.clauses if not drop & set(_elements(e))]
    changed = with_spec(loaded, term=term, date=effective - dt.timedelta(days=30), clauses=kept)
    result = check(changed, profile_id)
    missing = {(f.element, f.citation) for f in result.findings if f.rule == "required-element"}
    return result, missing


CT = "ct-cgs-10-233m"
CT_2023 = {"restraint", "firearms", "arrests_citations"}


@pytest.mark.parametrize(
    ("effective", "training", "held_2023"),
    [
        (dt.date(2021, 6, 30), False, False),
        (dt.date(2021, 7, 1), True, False),
        (dt.date(2023, 6, 30), True, False),
        (dt.date(2023, 7, 1), True, True),
    ],
)
def test_connecticut_requirements_apply_by_the_agreement_date(
    effective: dt.date, training: bool, held_2023: bool
) -> None:
    _, missing = _dated_findings(CT, effective, CT_2023 | {"training"})
    elements = {element for element, _ in missing}
    assert ("training" in elements) is training
    assert (elements >= CT_2023) is held_2023
    assert not (CT_2023 & elements) or held_2023
    # always: the graduated response model, whatever the date
    _, base = _dated_findings(CT, effective, {"graduated_response"})
    assert ("graduated_response", "C.G.S. 10-233m(b)(2)") in base


def test_connecticut_incident_reports_go_through_the_chief_within_five_school_days() -> None:
    loaded = example(EXAMPLE_FOR[CT])
    slow = [
        e.model_copy(update={"params": {**e.params, "report_school_days": 7}})
        if e.id == "incident-reporting-school-days"
        else e
        for e in loaded.spec.clauses
    ]
    result = check(with_spec(loaded, clauses=slow), CT)
    assert [f.rule for f in result.errors] == ["required-param"]
    assert result.errors[0].citation == "C.G.S. 10-233p"
    hours = [
        ClauseEntry(id="incident-reporting", version=1)
        if e.id == "incident-reporting-school-days"
        else e
        for e in loaded.spec.clauses
    ]
    result = check(with_spec(loaded, clauses=hours), CT)
    failed = {f.message.split(" (")[0] for f in result.errors}
    assert "each incident report must reach the chief within five school days" in " ".join(failed)


# the profiles whose statute was read through a summary only: shipped, but not verified
UNVERIFIED = {CT, "ny-educ-2801-a", "nj-njac-6a-16-6"}
# sections without lettered subsections, cited whole
WHOLE_SECTIONS = {"C.G.S. 10-233p"}


def test_new_state_profiles_record_state_sources_and_subsections() -> None:
    for profile_id in SHIPPED[SHIPPED.index(CT) :]:
        resolved = profiles().resolve(profile_id)
        profile = resolved.profile
        assert profile.state and profile.state == profile_id[:2].upper(), profile_id
        assert profile.sources, profile_id
        if profile_id in UNVERIFIED:
            assert profile.verified is None, profile_id
            assert "not" in (profile.description or ""), profile_id
        else:
            assert profile.verified == dt.date(2026, 12, 2), profile_id
        for req in resolved.requirements:
            whole = req.citation in WHOLE_SECTIONS
            assert whole or re.search(r"\([0-9a-zA-Z]+\)", req.citation), (profile_id, req.id)


def test_new_jersey_says_what_mou_cannot_check() -> None:
    profile = profiles().resolve("nj-njac-6a-16-6").profile
    assert "cannot check" in (profile.description or "")
    ids = {r.id for r in profiles().resolve("nj-njac-6a-16-6").requirements}
    assert {"nj.no-deletions", "nj.review-participants"} <= ids


@pytest.mark.parametrize(
    ("profile_id", "element", "first_day"),
    [
        ("in-ic-20-26-18-2", "roles", dt.date(2023, 7, 1)),
        ("mn-626-8482", "training", dt.date(2025, 9, 1)),
    ],
)
def test_dated_state_requirements_start_on_their_day(
    profile_id: str, element: str, first_day: dt.date
) -> None:
    _, before = _dated_findings(profile_id, first_day - dt.timedelta(days=1), {element})
    _, after = _dated_findings(profile_id, first_day, {element})
    assert element not in {e for e, _ in before}
    assert element in {e for e, _ in after}
