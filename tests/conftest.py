"""Shared fixtures: a small clause library and spec writers built in tmp_path."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mou_builder.model.hashing import version_hash
from mou_builder.model.schema import Clause

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "mou_builder" / "data"  # what the package ships
EXAMPLES = ROOT / "examples"
CLAUSES = DATA / "clauses"
PROFILES = DATA / "profiles"

requires_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks that depend on today's date (expiry, renewal) see a fixed day."""
    monkeypatch.setenv("MOU_TODAY", "2026-08-01")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def stamp_clause_data(data: dict) -> dict:
    """Fill in the hash of every version that lacks one (as `mou clauses stamp` would)."""
    for version in data["versions"]:
        if "hash" not in version:
            version["hash"] = version_hash(
                Clause.model_validate({**data, "versions": [version]}).versions[0]
            )
    return data


MINI_CLAUSES: dict[str, dict] = {
    "purpose": {
        "id": "purpose",
        "title": "Purpose",
        "elements": ["purpose"],
        "versions": [
            {
                "version": 1,
                "status": "approved",
                "effective": "2024-01-01",
                "citations": ["BP 3515.31"],
                "text": [
                    "{{ district }} and {{ agency }} agree to place officers at schools.",
                    "Duties are limited as {{ ref('rules-of-duty') }} provides.",
                ],
            }
        ],
    },
    "rules-of-duty": {
        "id": "rules-of-duty",
        "title": "Duties",
        "elements": ["roles", "discipline_boundary"],
        "versions": [
            {
                "version": 1,
                "status": "approved",
                "effective": "2024-01-01",
                "text": [
                    "The SRO shall not administer student discipline.",
                    {"items": ["patrol the campus;", "respond to crimes."]},
                ],
            }
        ],
    },
    "hours": {
        "id": "hours",
        "title": "Hours",
        "elements": ["hours"],
        "versions": [
            {
                "version": 1,
                "status": "superseded",
                "effective": "2023-01-01",
                "params": {
                    "hours_per_day": {
                        "type": "int",
                        "min": 1,
                        "max": 12,
                        "help": "hours",
                        "default": 6,
                    }
                },
                "text": ["The officer works {{ hours_per_day }} hours a day."],
            },
            {
                "version": 2,
                "status": "approved",
                "effective": "2024-01-01",
                "params": {
                    "hours_per_day": {
                        "type": "int",
                        "min": 1,
                        "max": 12,
                        "help": "hours",
                        "default": 8,
                    },
                    "schools": {
                        "type": "table",
                        "help": "schools served",
                        "columns": [
                            {"key": "school", "label": "School"},
                            {"key": "hours", "label": "Hours", "type": "int"},
                        ],
                    },
                },
                "text": [
                    "The officer works {{ hours_per_day }} hours a school day.",
                    {"table": "schools"},
                ],
            },
        ],
    },
    "records": {
        "id": "records",
        "title": "Student Records",
        "elements": ["information_sharing", "records_access"],
        "versions": [
            {
                "version": 1,
                "status": "approved",
                "effective": "2024-01-01",
                "citations": ["Education Code 49076"],
                "params": {"contact": {"type": "str", "help": "records contact"}},
                "text": [
                    "The SRO has no access to student records without the written consent of "
                    "a parent, guardian or adult student, unless the law allows it. Requests go "
                    "to {{ contact }}."
                ],
            }
        ],
    },
    "training": {
        "id": "training",
        "title": "Training",
        "elements": ["training"],
        "versions": [
            {
                "version": 1,
                "status": "approved",
                "effective": "2024-01-01",
                "params": {
                    "training_hours": {"type": "int", "min": 0, "help": "hours", "default": 40}
                },
                "text": [
                    "Each SRO completes {{ training_hours }} hours of *youth-focused* training."
                ],
            }
        ],
    },
}


def write_library(root: Path, clauses: dict[str, dict]) -> Path:
    """A clause library in ``root``: one stamped YAML file per clause."""
    root.mkdir(parents=True)
    for clause_id, data in clauses.items():
        stamped = stamp_clause_data(yaml.safe_load(yaml.safe_dump(data)))
        (root / f"{clause_id}.yaml").write_text(yaml.safe_dump(stamped, sort_keys=False))
    return root


@pytest.fixture
def mini_library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "clauses", MINI_CLAUSES)


MINI_SPEC = """\
id: MINI-2026
title: School Resource Officer Agreement
date: 2026-06-01
profiles: []
parties:
  district:
    name: Lakeside School District
    short: District
    signatories: [{name: Ana Park, title: Superintendent}]
  agency:
    name: Lakeside Police Department
    short: Agency
    signatories: [{name: Lee Stone, title: Chief of Police}]
term: {effective: 2026-07-01, expires: 2027-06-30}
params:
  contact: the records office
clauses:
  - purpose@1
  - rules-of-duty@1
  - id: hours
    version: 2
    params:
      hours_per_day: 7
      schools:
        - {school: Lakeside High, hours: 30}
  - records@1
  - training@1
"""


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str = MINI_SPEC, name: str = "spec.mou.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        return path

    return write
