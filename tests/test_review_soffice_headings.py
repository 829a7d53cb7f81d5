"""LibreOffice as the counterparty commenting on clause headings: a comment on a heading, a
comment on the first paragraph of a clause's body and a tracked edit in another heading
(tests/fixtures/review/lo_headings.py through Python-UNO) all come back under their clause
after LibreOffice saves the .docx (issue 14, item 13)."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from mou_builder.sources.library import Library
from mou_builder.workflows.review import review

from conftest import requires_soffice

FIXTURES = Path(__file__).parent / "fixtures" / "review"

pytestmark = [
    pytest.mark.soffice,
    requires_soffice,
    pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="no system python3"),
]


def _make_fixtures():
    spec = importlib.util.spec_from_file_location(
        "review_make_fixtures", FIXTURES / "make_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    probe = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("python3-uno is not installed for /usr/bin/python3")
    make = _make_fixtures()
    directory = tmp_path_factory.mktemp("lo-headings")
    sent, target = directory / "sent.docx", directory / "returned.docx"
    sent.write_bytes(make.sent_docx(make.fixture_agreement()))
    make.edit_with_libreoffice("lo_headings.py", [("headings", sent, target)])
    return target


@pytest.fixture
def result(returned, monkeypatch):
    monkeypatch.setenv("MOU_PROFILES", str(FIXTURES / "profiles"))
    library = Library.load(FIXTURES / "clauses")
    return review(returned, spec=FIXTURES / "spec.mou.yaml", library=library)


def test_a_comment_on_a_heading_and_one_on_the_body_come_back_under_their_clause(result):
    found = {(c.anchor, c.text, c.clause, c.section) for c in result.comments}
    assert found == {
        ("Student Records", "Should this section name FERPA?", "records-access", 4),
        ("written consent", "Can consent be given by email?", "records-access", 4),
    }
    assert {c.author for c in result.comments} == {"Sgt. Lopez (Agency)"}


def test_a_tracked_edit_in_a_heading_comes_back_under_its_clause(result):
    found = {(c.kind, c.text.strip(), c.clause) for c in result.changes}
    assert ("delete", "Duty", "sro-hours") in found
    assert ("insert", "Service", "sro-hours") in found
    assert {c.author for c in result.changes} == {"Sgt. Lopez (Agency)"}


def test_no_comment_is_reported_missing(result):
    assert "comment-missing" not in {f.rule for f in result.flags}
