"""The command line: check output and its JSON contract, clause browsing, pins, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mou_builder.cli import mou

from conftest import MINI_SPEC


def run(runner: CliRunner, library: Path, *args: str):
    return runner.invoke(mou, ["--library", str(library), *args])


def test_clean_agreement_exits_zero_and_prints_the_matrix(runner, mini_library, write_spec):
    result = run(runner, mini_library, "check", str(write_spec()))
    assert result.exit_code == 0, result.output
    assert "element" in result.output and "rules-of-duty" in result.output
    assert ": ok: 0 error(s)" in result.output


def test_findings_use_the_file_line_col_format(runner, mini_library, write_spec):
    spec = write_spec(MINI_SPEC.replace("  contact: the records office\n", ""))
    result = run(runner, mini_library, "check", str(spec))
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "(unfilled-blank)" in x)
    assert line == (
        f"{spec}:25:5: error: 'records' has no value for 'contact'; set it under the "
        "clause's params or the spec's params (unfilled-blank)"
    )


def test_json_output_follows_the_contract(runner, mini_library, write_spec):
    spec = write_spec(MINI_SPEC.replace("- training@1", "- training"))
    result = run(runner, mini_library, "check", str(spec), "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert set(payload) == {"ok", "spec", "profiles", "findings", "coverage"}
    assert payload["ok"] is True and payload["spec"] == str(spec) and payload["profiles"] == []
    (finding,) = payload["findings"]
    assert set(finding) == {
        "rule",
        "severity",
        "element",
        "clause",
        "message",
        "location",
        "citation",
    }
    assert finding["rule"] == "version-status" and finding["severity"] == "info"
    assert finding["location"] == f"{spec}:27:5"
    assert payload["coverage"]["hours"] == ["hours"]


def test_strict_turns_warnings_into_failure(runner, mini_library, write_spec):
    spec = write_spec(
        MINI_SPEC.replace("version: 2", "version: 1").replace(
            "      schools:\n        - {school: Lakeside High, hours: 30}\n", ""
        )
    )
    assert run(runner, mini_library, "check", str(spec)).exit_code == 0
    result = run(runner, mini_library, "check", str(spec), "--strict")
    assert result.exit_code == 1
    assert "'hours' v1 is superseded by v2" in result.output


def test_matrix_only(runner, mini_library, write_spec):
    result = run(runner, mini_library, "check", str(write_spec()), "--matrix")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["element", "clause", "section"]
    assert "ok:" not in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2\n", "malformed YAML"),
        ("- a\n- b\n", "expected a mapping at the top level"),
        ("a: &a [x, x]\nb: !!python/object:os.system x\n", "unsupported tag"),
        (MINI_SPEC.replace("purpose@1", "nothing-like-it"), "unknown clause 'nothing-like-it'"),
        (MINI_SPEC.replace("hours_per_day: 7", "hours_per_day: [7]"), "expected a whole number"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_two(runner, mini_library, write_spec, text, message):
    result = run(runner, mini_library, "check", str(write_spec(text)))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_spec_file(runner, mini_library, tmp_path):
    result = run(runner, mini_library, "check", str(tmp_path / "nope.mou.yaml"))
    assert result.exit_code == 2
    assert "file not found" in result.output


def test_clauses_list_json_contract(runner, mini_library):
    result = run(runner, mini_library, "clauses", "list", "--format", "json")
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["hours"] == {
        "id": "hours",
        "title": "Hours",
        "elements": ["hours"],
        "latest": 2,
        "status": "approved",
        "versions": [1, 2],
    }


def test_clauses_list_filters_by_element(runner, mini_library):
    result = run(runner, mini_library, "clauses", "list", "--element", "records_access")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == ["records"]


def test_clauses_show_history_and_diff(runner, mini_library):
    shown = run(runner, mini_library, "clauses", "show", "hours@1")
    assert "status: superseded" in shown.output
    assert "The officer works 6 hours a day." in shown.output
    history = run(runner, mini_library, "clauses", "history", "hours")
    assert [line.split()[0] for line in history.output.splitlines()] == ["v2", "v1"]
    diff = run(runner, mini_library, "clauses", "diff", "hours@1", "hours@2", "--no-colour")
    assert "works [-6-]{+8+} hours a {+school +}day." in diff.output
    assert "parameter added: schools" in diff.output


def test_clauses_diff_colours_on_request(runner, mini_library):
    diff = runner.invoke(
        mou,
        ["--library", str(mini_library), "clauses", "diff", "hours@1", "hours@2", "--colour"],
        color=True,
    )
    assert "\x1b[31;9m6\x1b[0m" in diff.output


def test_unknown_clause_in_show(runner, mini_library):
    result = run(runner, mini_library, "clauses", "show", "hour")
    assert result.exit_code == 2
    assert "unknown clause 'hour'; did you mean 'hours'?" in result.output


def test_outdated_and_upgrade_keep_comments(runner, mini_library, write_spec):
    spec = write_spec(
        MINI_SPEC.replace("version: 2", "version: 1  # keep this comment").replace(
            "      schools:\n        - {school: Lakeside High, hours: 30}\n", ""
        )
    )
    outdated = run(runner, mini_library, "outdated", str(spec))
    assert outdated.exit_code == 1
    assert "hours@1 (superseded) -> latest approved hours@2" in outdated.output
    upgraded = run(runner, mini_library, "upgrade", str(spec), "--no-colour")
    assert upgraded.exit_code == 0, upgraded.output
    assert "hours: v1 -> v2" in upgraded.output
    assert "[-6-]{+8+}" in upgraded.output
    text = spec.read_text()
    assert "version: 2  # keep this comment" in text
    assert "  - purpose@1\n" in text
    assert run(runner, mini_library, "outdated", str(spec)).exit_code == 0


def test_upgrade_of_one_clause_only(runner, mini_library, write_spec):
    spec = write_spec(MINI_SPEC.replace("version: 2", "version: 1"))
    result = run(runner, mini_library, "upgrade", str(spec), "--clause", "training")
    assert result.exit_code == 0
    assert "nothing to upgrade" in result.output
    assert "version: 1" in spec.read_text()


def test_new_scaffolds_a_spec_with_the_required_clauses(runner, mini_library, tmp_path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "mini.yaml").write_text(
        "id: mini\ntitle: Mini\nauthority: test\njurisdiction: test\nrequirements:\n"
        "  - {id: m.hours, element: hours, message: hours, citation: X 1}\n"
        "  - {id: m.records, element: records_access, message: records, citation: X 2}\n"
    )
    result = runner.invoke(
        mou,
        [
            "--library",
            str(mini_library),
            "new",
            str(tmp_path / "draft"),
            "--profile",
            "mini",
            "--id",
            "LAKE-2027",
        ],
        env={"MOU_PROFILES": str(profiles)},
    )
    assert result.exit_code == 0, result.output
    spec = tmp_path / "draft" / "lake-2027.mou.yaml"
    text = spec.read_text()
    assert "  - id: hours" in text and "  - id: records" in text
    assert "schools:     # fill in: table, schools served" in text
    assert 'contact: "fill in: records contact"' in text
    again = runner.invoke(
        mou,
        [
            "--library",
            str(mini_library),
            "new",
            str(tmp_path / "draft"),
            "--profile",
            "mini",
            "--id",
            "LAKE-2027",
        ],
        env={"MOU_PROFILES": str(profiles)},
    )
    assert again.exit_code == 2 and "already exists" in again.output
