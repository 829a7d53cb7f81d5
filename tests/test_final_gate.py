"""`mou final` refuses an agreement that is not ready for the board, listing every reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mou_builder.cli import mou
from mou_builder.sources.library import Library
from mou_builder.workflows.final import FinalRefused, gate

from conftest import MINI_SPEC, stamp_clause_data

BOARD_DATE = "2026-06-15"

EXTRA_CLAUSE = {
    "id": "leave",
    "title": "Leave Coverage",
    "elements": ["leave_coverage"],
    "versions": [
        {
            "version": 1,
            "status": "approved",
            "effective": "2024-01-01",
            "text": ["The Agency covers the post while the SRO is on leave."],
        },
        {
            "version": 2,
            "status": "draft",
            "text": ["The Agency covers the post within two days while the SRO is on leave."],
        },
        {
            "version": 3,
            "status": "withdrawn",
            "text": ["The post stays empty while the SRO is on leave."],
        },
    ],
}

PROFILE = {
    "id": "mini-board",
    "title": "Mini board policy",
    "authority": "Board Policy 1",
    "jurisdiction": "Testland",
    "version": 3,
    "requirements": [
        {
            "id": "mini.leave",
            "element": "leave_coverage",
            "citation": "BP 1 (item 7)",
            "message": "the agreement must say who covers the post during leave",
        },
    ],
}


@pytest.fixture
def library(mini_library: Path) -> Path:
    data = stamp_clause_data(yaml.safe_load(yaml.safe_dump(EXTRA_CLAUSE)))
    (mini_library / "leave.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return mini_library


@pytest.fixture
def profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "profiles"
    root.mkdir()
    (root / "mini-board.yaml").write_text(yaml.safe_dump(PROFILE, sort_keys=False))
    monkeypatch.setenv("MOU_PROFILES", str(root))
    return root


READY = MINI_SPEC.replace("profiles: []", "profiles: [mini-board]").replace(
    "  - training@1\n", "  - training@1\n  - leave@1\n"
)

# reason -> (how the spec is spoiled, words the refusal must contain)
CASES = {
    "check-error": (
        lambda s: s.replace("  - leave@1\n", ""),
        "no clause covers 'leave_coverage'",
    ),
    "superseded": (
        lambda s: s.replace(
            "    version: 2\n    params:\n      hours_per_day: 7\n"
            "      schools:\n        - {school: Lakeside High, hours: 30}\n",
            "    version: 1\n",
        ),
        "clause 'hours' v1 is superseded, not approved",
    ),
    "draft": (lambda s: s.replace("leave@1", "leave@2"), "clause 'leave' v2 is draft"),
    "withdrawn": (lambda s: s.replace("leave@1", "leave@3"), "clause 'leave' v3 is withdrawn"),
    "blank": (
        lambda s: s.replace("  contact: the records office\n", ""),
        "clause 'records' leaves parameter 'contact' blank",
    ),
    "term-order": (
        lambda s: s.replace("expires: 2027-06-30", "expires: 2026-06-30").replace(
            "effective: 2026-07-01", "effective: 2026-07-01"
        ),
        "the term expires (2026-06-30) on or before it takes effect (2026-07-01)",
    ),
    "placeholder-signatory": (
        lambda s: s.replace("name: Lee Stone", "name: fill in"),
        "parties.agency.signatories.0.name is a placeholder ('fill in'): fill in the signatory's",
    ),
    "empty-district": (
        lambda s: s.replace("name: Lakeside School District", 'name: ""'),
        "parties.district.name is empty: fill in the district's legal name",
    ),
    "board-after-expiry": (
        lambda s: s.replace("expires: 2027-06-30", "expires: 2026-06-10"),
        "the board meets on 2026-06-15, after the term ends (2026-06-10)",
    ),
}


def test_a_ready_agreement_passes_the_gate(library, profiles, write_spec) -> None:
    agreement, result = gate(
        write_spec(READY), Library.load(library), dt.date.fromisoformat(BOARD_DATE)
    )
    assert result.ok() and [p.id for p in result.profiles] == ["mini-board"]
    assert all(s.status == "approved" for s in agreement.sections)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_reason_refuses_with_exit_one(case, library, profiles, write_spec, tmp_path) -> None:
    spoil, words = CASES[case]
    spoiled = spoil(READY)
    assert spoiled != READY
    spec = write_spec(spoiled)
    result = CliRunner().invoke(
        mou,
        [
            "--library",
            str(library),
            "final",
            str(spec),
            "--board-date",
            BOARD_DATE,
            "--item",
            "7.2",
            "-o",
            str(tmp_path / "final"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert words in result.output
    assert "refused" in result.output
    assert not (tmp_path / "final").exists() or not any((tmp_path / "final").iterdir())


def test_every_reason_is_listed_at_once(library, profiles, write_spec) -> None:
    spoiled = READY
    for case in ("check-error", "draft", "blank", "board-after-expiry"):
        spoiled = CASES[case][0](spoiled)
    # check-error removed leave@1, so "draft" found nothing to change: spoil leave again
    spoiled = spoiled.replace("  - training@1\n", "  - training@1\n  - leave@2\n")
    with pytest.raises(FinalRefused) as caught:
        gate(write_spec(spoiled), Library.load(library), dt.date.fromisoformat(BOARD_DATE))
    reasons = "\n".join(caught.value.reasons)
    assert "clause 'leave' v2 is draft" in reasons
    assert "leaves parameter 'contact' blank" in reasons
    assert "after the term ends" in reasons
    assert caught.value.exit_code == 1
    # each problem once, even though `mou check` reports some of them too
    assert sum("'contact'" in r for r in caught.value.reasons) == 1


def test_a_warning_alone_does_not_refuse(library, profiles, write_spec) -> None:
    """Notes and warnings (e.g. an unpinned clause) are recorded, not refused."""
    spec = write_spec(READY.replace("- training@1", "- training"))
    _, result = gate(spec, Library.load(library), dt.date.fromisoformat(BOARD_DATE))
    assert result.ok() and result.findings


def test_bad_board_date_is_a_usage_error(library, write_spec, tmp_path) -> None:
    result = CliRunner().invoke(
        mou,
        [
            "--library",
            str(library),
            "final",
            str(write_spec()),
            "--board-date",
            "June 15",
            "--item",
            "7.2",
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
