"""Rule cases as data (sqlfluff style): every YAML file in tests/rule_cases/ holds pass and
fail cases for one rule; one parametrized test turns each case into a check.

A case file::

    rule: required-element          # the findings this file is about
    defaults: {...}                 # merged into every case (optional)
    cases:
      name-of-case:
        clauses:                    # a small clause library, shorthand per clause
          purpose: {elements: [purpose], text: ["..."], params: {...}, status: approved}
        profile: {requirements: [...], rules: {...}}     # the profile 'case' (optional)
        profiles: {parent: {...}, child: {extends: parent, ...}}   # more profiles
        check: [child]              # profiles to check against (default: the spec's)
        spec: {term: {...}, params: {...}, clauses: [...]}   # overrides of a base spec
        today: 2026-08-01
        lang: es                    # check the clause translations into this language too
        expect:                     # exactly these findings of `rule` (any order)
          - {severity: error, element: purpose, citation: "...", message: "substring"}
        raises: "substring"         # instead of expect: an input error

Clauses and specs are built in memory, profiles written to tmp_path (no subprocess),
so the cases run fast.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from mou_builder.assembly.assembler import assemble
from mou_builder.checks.engine import run_check
from mou_builder.checks.findings import Finding
from mou_builder.errors import InputError, InputErrors
from mou_builder.model.hashing import version_hash
from mou_builder.model.schema import Clause, Spec
from mou_builder.sources.library import Library, LoadedClause
from mou_builder.sources.profiles import ProfileSet
from mou_builder.sources.specfile import LoadedSpec

CASES_DIR = Path(__file__).parent / "rule_cases"

BASE_SPEC: dict[str, Any] = {
    "id": "CASE-2026",
    "title": "School Resource Officer Agreement",
    "date": "2026-06-01",
    "profiles": [],
    "parties": {
        "district": {
            "name": "Riverbend School District",
            "short": "District",
            "signatories": [{"name": "Kim Hale", "title": "Superintendent"}],
        },
        "agency": {
            "name": "Riverbend Police Department",
            "short": "Agency",
            "signatories": [{"name": "Ray Lund", "title": "Chief of Police"}],
        },
    },
    "term": {"effective": "2026-07-01", "expires": "2027-06-30"},
}

PROFILE_DEFAULTS: dict[str, Any] = {
    "title": "Case profile",
    "authority": "Case authority",
    "jurisdiction": "Nowhere",
}

FINDING_FIELDS = ("rule", "severity", "element", "clause", "citation")


def clause_data(clause_id: str, short: dict[str, Any]) -> dict[str, Any]:
    """Shorthand → a clause file's data, hashes stamped unless the case says otherwise."""
    short = copy.deepcopy(short)
    versions = short.pop("versions", None)
    data: dict[str, Any] = {
        "id": clause_id,
        "title": short.pop("title", clause_id.replace("-", " ").title()),
        "elements": short.pop("elements", ["purpose"]),
    }
    if "group" in short:
        data["group"] = short.pop("group")
    if versions is None:
        version: dict[str, Any] = {"version": 1, "status": short.pop("status", "approved")}
        for key in ("effective", "citations", "locked", "params", "text", "hash", "translations"):
            if key in short:
                version[key] = short.pop(key)
        versions = [version]
    assert not short, f"unknown clause shorthand keys {sorted(short)}"
    for version in versions:
        version.setdefault("text", [f"Text of {clause_id}."])
        if version["status"] in ("approved", "superseded"):
            version.setdefault("effective", "2024-01-01")
    for version in versions:
        _stamp_translations(data, versions, version)
    for version in versions:
        recorded = version.pop("hash", "stamp")
        if recorded == "stamp":
            probe = Clause.model_validate({**data, "versions": [version]}).versions[0]
            version["hash"] = version_hash(probe)
        elif recorded == "stale":
            probe = Clause.model_validate({**data, "versions": [version]}).versions[0]
            # the hash of different text: as if the text was edited after approval
            version["hash"] = version_hash(probe.model_copy(update={"text": ["Other text."]}))
        elif recorded is not None:
            version["hash"] = recorded
    data["versions"] = versions
    return data


def _stamp_translations(
    data: dict[str, Any], versions: list[dict[str, Any]], version: dict[str, Any]
) -> None:
    """``translates: stamp`` is this version's hash, ``translates: vN`` version N's."""
    for translation in (version.get("translations") or {}).values():
        wanted = translation.get("translates", "stamp")
        if wanted == "stamp" or (isinstance(wanted, str) and wanted.startswith("v")):
            number = version["version"] if wanted == "stamp" else int(wanted[1:])
            source = next(v for v in versions if v["version"] == number)
            plain = {k: v for k, v in source.items() if k not in ("hash", "translations")}
            probe = Clause.model_validate({**data, "versions": [plain]}).versions[0]
            translation["translates"] = version_hash(probe)


def build_library(clauses: dict[str, dict[str, Any]]) -> Library:
    library = Library(root=Path("case-clauses"))
    for clause_id, short in clauses.items():
        data = clause_data(clause_id, short)
        library.clauses[clause_id] = LoadedClause(
            Clause.model_validate(data), Path(f"case-clauses/{clause_id}.yaml"), data
        )
    return library


def build_profiles(case: dict[str, Any], root: Path) -> ProfileSet:
    """The case's profiles written as files into ``root`` and loaded as a user's would be."""
    root.mkdir()
    raw = dict(case.get("profiles") or {})
    if "profile" in case:
        raw["case"] = case["profile"]
    for profile_id, data in raw.items():
        full = {**PROFILE_DEFAULTS, "id": profile_id, **data}
        (root / f"{profile_id}.yaml").write_text(yaml.safe_dump(full, sort_keys=False))
    return ProfileSet.load(root)


def build_spec(case: dict[str, Any], library: Library) -> LoadedSpec:
    data = copy.deepcopy(BASE_SPEC)
    overrides = copy.deepcopy(case.get("spec") or {})
    if "term" in overrides:
        data["term"] = {**data["term"], **overrides.pop("term")}
    data.update(overrides)
    if "clauses" not in data:
        data["clauses"] = [
            f"{cid}@{loaded.clause.latest.version}" for cid, loaded in library.clauses.items()
        ]
    if "profile" in case and "profiles" not in overrides:
        data["profiles"] = ["case"]
    spec = Spec.model_validate(data)
    return LoadedSpec(spec, Path("case.mou.yaml"), data, yaml.safe_dump(data))


def run_case(case: dict[str, Any], tmp_path: Path) -> list[Finding]:
    library = build_library(case.get("clauses") or {})
    profiles = build_profiles(case, tmp_path / "profiles")
    agreement = assemble(build_spec(case, library), library)
    today = case.get("today", dt.date(2026, 8, 1))
    lang = case.get("lang", "en")
    result = run_check(
        agreement, library, case.get("check"), profiles=profiles, on=today, lang=lang
    )
    return result.findings


def matches(finding: Finding, expected: dict[str, Any]) -> bool:
    for key, value in expected.items():
        if key == "message":
            if str(value) not in finding.message:
                return False
        elif key in FINDING_FIELDS:
            if getattr(finding, key) != value:
                return False
        else:
            raise AssertionError(f"unknown expectation key {key!r}")
    return True


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        defaults = data.get("defaults") or {}
        for name, case in data["cases"].items():
            merged = {**copy.deepcopy(defaults), **case}
            merged.setdefault("rule", data["rule"])
            params.append(pytest.param(merged, id=f"{path.stem}:{name}"))
    return params


CASES = _load_cases()


@pytest.mark.parametrize("case", CASES)
def test_rule_case(case: dict[str, Any], tmp_path: Path) -> None:
    if "raises" in case:
        with pytest.raises((InputError, InputErrors)) as info:
            run_case(case, tmp_path)
        assert case["raises"] in str(info.value) or any(
            case["raises"] in str(e) for e in getattr(info.value, "errors", [])
        )
        return
    findings = [f for f in run_case(case, tmp_path) if f.rule == case["rule"]]
    unmatched = list(findings)
    for expected in case.get("expect") or []:
        hit = next((f for f in unmatched if matches(f, expected)), None)
        assert hit is not None, f"no finding like {expected}; got {[f.format() for f in findings]}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected findings: {[f.format() for f in unmatched]}"


def test_every_rule_has_cases() -> None:
    """Each registered rule (and each requirement kind) has a case file of its own."""
    from mou_builder.checks.rules import RULES
    from mou_builder.checks.rules.requirements import RULE_IDS

    covered = {yaml.safe_load(p.read_text())["rule"] for p in CASES_DIR.glob("*.yaml")}
    wanted = (set(RULES) - {"requirements"}) | set(RULE_IDS.values())
    assert wanted <= covered, f"rules without cases: {sorted(wanted - covered)}"


def test_every_case_file_has_a_passing_and_a_failing_case() -> None:
    for path in CASES_DIR.glob("*.yaml"):
        cases = yaml.safe_load(path.read_text())["cases"].values()
        assert any(not c.get("expect") and "raises" not in c for c in cases), path.name
        assert any(c.get("expect") for c in cases), path.name
