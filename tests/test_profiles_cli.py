"""`mou profiles list|show` and `mou check --profile a --profile b`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mou_builder.cli import mou

from conftest import EXAMPLES, PROFILES

SHIPPED = {
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
}


def run(runner: CliRunner, *args: str):
    return runner.invoke(mou, list(args), catch_exceptions=False)


def _groups(output: str) -> dict[str, list[str]]:
    """The text listing as {state heading: [profile ids]} (rows are indented under it)."""
    groups: dict[str, list[str]] = {}
    heading = None
    for line in output.splitlines()[2:]:
        if not line.strip():
            continue
        if not line.startswith(" "):
            heading = line.strip()
            groups[heading] = []
        else:
            assert heading is not None, line
            groups[heading].append(line.split()[0])
    return groups


def test_list_groups_the_profiles_by_state_federal_first(runner: CliRunner) -> None:
    result = run(runner, "profiles", "list", "--dir", str(PROFILES))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "id",
        "required",
        "recommended",
        "effective",
        "verified",
        "extends",
        "title",
    ]
    groups = _groups(result.output)
    assert {p for ids in groups.values() for p in ids} >= SHIPPED
    headings = list(groups)
    assert headings[0] == "US (federal and national)"
    assert headings[1:] == sorted(headings[1:])  # then the states A-Z
    assert set(groups["US (federal and national)"]) == {
        "national-2020",
        "cops-hiring",
        "secure-rubric",
    }
    assert groups["WA"] == ["wa-rcw-28a-320-124"]
    assert groups["TX"] == ["tx-educ-37-081"]
    secure = next(line for line in lines if line.strip().startswith("secure-rubric"))
    assert "cops-hiring" in secure  # its parent


def test_list_shows_effective_dates_and_verification(runner: CliRunner) -> None:
    out = run(runner, "profiles", "list", "--dir", str(PROFILES)).output
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    # Illinois: (b) since 2021-01-01, (a-5) from 2026-07-01
    assert "2021-01-01..2026-07-01" in rows["il-105-ilcs-5-10-20-68"]
    assert "2026-12-02" in rows["wa-rcw-28a-320-124"]  # verified
    assert "not verified" in rows["ma-c71-s37p"]


@pytest.mark.parametrize("asked", ["wa", "WA", " Wa "])
def test_list_state_filter_is_case_insensitive(runner: CliRunner, asked: str) -> None:
    result = run(runner, "profiles", "list", "--dir", str(PROFILES), "--state", asked)
    assert result.exit_code == 0, result.output
    assert _groups(result.output) == {"WA": ["wa-rcw-28a-320-124"]}


def test_list_state_us_gives_the_federal_and_national_frameworks(runner: CliRunner) -> None:
    result = run(
        runner, "profiles", "list", "--dir", str(PROFILES), "--state", "us", "--format", "json"
    )
    assert {row["id"] for row in json.loads(result.output)} == {
        "national-2020",
        "cops-hiring",
        "secure-rubric",
    }


def test_list_unknown_state_is_one_line_naming_the_known_ones(runner: CliRunner) -> None:
    result = runner.invoke(mou, ["profiles", "list", "--dir", str(PROFILES), "--state", "WY"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "no profile for state 'WY'; known: US, AR, CA, CT, IL, IN, KY" in lines[0]


def test_list_json(runner: CliRunner) -> None:
    result = run(runner, "profiles", "list", "--dir", str(PROFILES), "--format", "json")
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert set(rows) >= SHIPPED
    wa = rows["wa-rcw-28a-320-124"]
    assert wa["jurisdiction"] == "Washington"
    assert wa["state"] == "WA"
    assert wa["verified"] == "2026-12-02"
    urls = [s["url"] for s in wa["sources"]]
    assert "https://app6.leg.wa.gov/rcw/default.aspx?cite=28A.320.1242" in urls
    assert all(s["retrieved"] == "2026-12-02" and s["title"] for s in wa["sources"])
    assert wa["requirements"] == wa["errors"] + wa["warnings"] > 0
    assert rows["secure-rubric"]["extends"] == ["cops-hiring"]
    assert rows["ma-c71-s37p"]["verified"] is None
    assert rows["il-105-ilcs-5-10-20-68"]["effective_span"] == {
        "earliest": "2021-01-01",
        "latest": "2026-07-01",
    }


def test_show_prints_the_sources_verification_state_and_notes(runner: CliRunner) -> None:
    out = run(runner, "profiles", "show", "wa-rcw-28a-320-124", "--dir", str(PROFILES)).output
    assert "  state:        WA" in out
    assert "  verified:     2026-12-02" in out
    sources = out.split("\nsources:\n", 1)[1].split("\n\n", 1)[0]
    assert "https://app6.leg.wa.gov/rcw/default.aspx?cite=28A.320.124\n" in sources
    assert "retrieved 2026-12-02" in sources
    assert "RCW 28A.320.1242, Agreements with law enforcement agencies" in sources
    data = out.split("  wa.data  [warning]", 1)[1].split("\n\n", 1)[0]
    assert "note: Collecting the data is the district's duty" in data
    unverified = run(runner, "profiles", "show", "ma-c71-s37p", "--dir", str(PROFILES)).output
    assert "  verified:     not verified" in unverified


def test_show_json_has_sources_verification_and_notes(runner: CliRunner) -> None:
    result = run(
        runner, "profiles", "show", "tx-educ-37-081", "--dir", str(PROFILES), "--format", "json"
    )
    detail = json.loads(result.output)
    assert detail["state"] == "TX"
    assert detail["verified"] is None  # the current text could not be read
    assert detail["sources"] and all(
        set(s) == {"url", "title", "retrieved"} for s in detail["sources"]
    )
    by_id = {r["id"]: r for r in detail["requirements"]}
    assert "37.0812" in by_id["tx.training-180"]["note"]
    assert by_id["tx.restraint"]["note"] is None


def test_show_lists_requirements_with_severity_and_citation(runner: CliRunner) -> None:
    result = run(runner, "profiles", "show", "va-22-1-280-2-3", "--dir", str(PROFILES))
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("va-22-1-280-2-3: Virginia")
    assert "va.review-biennial  [error]  param review_cycle review_interval_years <= 2" in out
    assert "citation: Va. Code 22.1-280.2:3 (third sentence)" in out
    assert "va.publication-website  [error]  text publication" in out


def test_show_effective_dates_and_on_filter(runner: CliRunner) -> None:
    out = run(runner, "profiles", "show", "il-105-ilcs-5-10-20-68", "--dir", str(PROFILES)).output
    assert "applies to agreements effective from 2026-07-01" in out
    assert "105 ILCS 5/10-20.68(a-5)" in out
    before = run(
        runner,
        "profiles",
        "show",
        "il-105-ilcs-5-10-20-68",
        "--on",
        "2026-06-30",
        "--dir",
        str(PROFILES),
        "--format",
        "json",
    )
    # before (a-5): only subsection (b), in force since 2021-01-01
    assert {r["id"] for r in json.loads(before.output)["requirements"]} == {
        "il.certificate",
        "il.certificate-deadline",
    }
    after = run(
        runner,
        "profiles",
        "show",
        "il-105-ilcs-5-10-20-68",
        "--on",
        "2026-07-01",
        "--dir",
        str(PROFILES),
        "--format",
        "json",
    )
    reqs = json.loads(after.output)["requirements"]
    assert reqs and {r["effective"] for r in reqs} == {"2021-01-01", "2026-07-01"}


def test_show_json_marks_inherited_requirements(runner: CliRunner) -> None:
    result = run(
        runner, "profiles", "show", "secure-rubric", "--dir", str(PROFILES), "--format", "json"
    )
    detail = json.loads(result.output)
    assert detail["chain"] == ["cops-hiring", "secure-rubric"]
    by_id = {r["id"]: r for r in detail["requirements"]}
    assert by_id["cops.purpose"]["from"] == "cops-hiring"
    assert by_id["secure.training"]["from"] == "secure-rubric"
    # overridden by the child: the child's citation, from the child
    assert by_id["cops.signatures"]["from"] == "secure-rubric"
    assert by_id["cops.signatures"]["citation"].startswith("SECURe rubric")
    for req in detail["requirements"]:
        assert set(req) >= {
            "id",
            "element",
            "check",
            "severity",
            "message",
            "citation",
            "effective",
            "until",
            "from",
        }
    text = run(runner, "profiles", "show", "secure-rubric", "--dir", str(PROFILES)).output
    assert "inherited from: cops-hiring" in text


def test_show_unknown_profile_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(mou, ["profiles", "show", "wa-rcw-28a-320-12", "--dir", str(PROFILES)])
    assert result.exit_code == 2
    assert "unknown profile 'wa-rcw-28a-320-12'" in result.output
    assert "did you mean 'wa-rcw-28a-320-124'?" in result.output
    assert "Traceback" not in result.output


def test_show_bad_on_date(runner: CliRunner) -> None:
    result = runner.invoke(
        mou, ["profiles", "show", "cops-hiring", "--on", "July 1", "--dir", str(PROFILES)]
    )
    assert result.exit_code == 2
    assert "is not a date" in result.output


def test_check_with_several_profiles_has_one_matrix_column_each(
    runner: CliRunner, write_spec: Callable[..., Path], mini_library: Path
) -> None:
    spec = write_spec()
    result = runner.invoke(
        mou,
        [
            "--library",
            str(mini_library),
            "check",
            str(spec),
            "--profile",
            "cops-hiring",
            "--profile",
            "national-2020",
            "--matrix",
        ],
        env={"MOU_PROFILES": str(PROFILES)},
    )
    assert result.exit_code == 1  # the mini library lacks required elements
    header = result.output.splitlines()[0].split()
    assert header == ["element", "clause", "section", "cops-hiring", "national-2020"]
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[2:]}
    assert rows["signatures"][1] == "MISSING"
    assert rows["signatures"][-2:] == ["required", "-"]  # only COPS requires signatures
    assert rows["discipline_boundary"][-1] == "required"


def test_check_json_lists_every_profile_and_their_findings(
    runner: CliRunner, write_spec: Callable[..., Path], mini_library: Path
) -> None:
    spec = write_spec()
    result = runner.invoke(
        mou,
        [
            "--library",
            str(mini_library),
            "check",
            str(spec),
            "--profile",
            "cops-hiring",
            "--profile",
            "secure-rubric",
            "--format",
            "json",
        ],
        env={"MOU_PROFILES": str(PROFILES)},
    )
    payload = json.loads(result.stdout)
    assert payload["profiles"] == ["cops-hiring", "secure-rubric"]
    signatures = [
        f
        for f in payload["findings"]
        if f["rule"] == "required-element" and f["element"] == "signatures"
    ]
    # the same element through two profiles with different citations: one finding each
    assert sorted(f["citation"].split(",")[0] for f in signatures) == [
        "COPS Hiring Program award conditions (FY2020)",
        "SECURe rubric (2016)",
    ]


def test_a_bad_profile_file_is_reported_with_its_location(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "profiles"
    root.mkdir()
    (root / "broken.yaml").write_text(
        "id: broken\n"
        "title: Broken\n"
        "authority: Nobody\n"
        "jurisdiction: Nowhere\n"
        "requirements:\n"
        "  - id: b.one\n"
        "    element: sro_hats\n"
        "    message: wear hats\n"
        "    citation: Hat Code 1\n"
        "  - id: b.two\n"
        "    element: purpose\n"
        "    message: no citation given\n"
    )
    result = runner.invoke(mou, ["profiles", "list", "--dir", str(root)])
    assert result.exit_code == 2
    assert "broken.yaml:6:5:" in result.output and "unknown element 'sro_hats'" in result.output
    assert "broken.yaml:10:5: missing required key 'requirements.1.citation'" in result.output
    assert "Traceback" not in result.output


def test_a_misspelt_rule_name_in_a_profile_is_refused_with_its_location(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "profiles"
    root.mkdir()
    (root / "typo.yaml").write_text(
        "id: typo\n"
        "title: Typo\n"
        "authority: Nobody\n"
        "jurisdiction: Nowhere\n"
        "rules:\n"
        "  consent-rules:\n"
        "    severity: warning\n"
    )
    result = runner.invoke(mou, ["profiles", "show", "typo", "--dir", str(root)])
    assert result.exit_code == 2
    assert "typo.yaml:6:3: unknown rule 'consent-rules'; known rules: " in result.output
    assert "Traceback" not in result.output


def test_profiles_from_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "profiles"
    root.mkdir()
    (root / "local.yaml").write_text(
        "id: local\ntitle: Local rules\nauthority: Board\njurisdiction: Here\n"
        "extends: cops-hiring\nrequirements: []\n"
    )
    result = runner.invoke(mou, ["profiles", "show", "local"], env={"MOU_PROFILES": str(root)})
    assert result.exit_code == 2  # its parent is not in that directory
    assert "unknown profile 'cops-hiring'" in result.output


STATE_EXAMPLES = [
    ("cedar-valley-wa.mou.yaml", "wa-rcw-28a-320-124"),
    ("prairie-grove-il.mou.yaml", "il-105-ilcs-5-10-20-68"),
    ("mesquite-creek-tx.mou.yaml", "tx-educ-37-081"),
    ("james-ridge-va.mou.yaml", "va-22-1-280-2-3"),
    ("platte-bend-ne.mou.yaml", "ne-79-2704"),
    ("harbor-point-ma.mou.yaml", "ma-c71-s37p"),
]


@pytest.mark.parametrize(("name", "profile_id"), STATE_EXAMPLES)
def test_state_examples_pass_mou_check(runner: CliRunner, name: str, profile_id: str) -> None:
    result = runner.invoke(mou, ["check", str(EXAMPLES / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["ok"] is True and payload["profiles"] == [profile_id]
    assert [f for f in payload["findings"] if f["severity"] == "error"] == []


@pytest.mark.parametrize(("effective", "exit_code"), [("2026-06-30", 0), ("2026-07-01", 1)])
def test_illinois_no_ticket_rule_applies_by_effective_date(
    runner: CliRunner, tmp_path: Path, effective: str, exit_code: int
) -> None:
    text = (EXAMPLES / "prairie-grove-il.mou.yaml").read_text()
    assert "  - no-tickets-school-property@1\n" in text
    text = text.replace("  - no-tickets-school-property@1\n", "")
    text = text.replace("  effective: 2026-08-01\n", f"  effective: {effective}\n")
    spec = tmp_path / "il.mou.yaml"
    spec.write_text(text)
    result = runner.invoke(mou, ["check", str(spec)])
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "(required-element) [105 ILCS 5/10-20.68(a-5)(3)]" in result.output
        assert "no clause covers 'arrests_citations'" in result.output
    else:
        findings = result.output.split("\n\n")[0].splitlines()
        assert [line for line in findings if "10-20.68" in line] == [
            next(line for line in findings if "(upcoming-requirement)" in line)
        ]
        assert ": info: " in findings[0] and "take effect on 2026-07-01" in findings[0]
