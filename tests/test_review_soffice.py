"""LibreOffice as the counterparty: edit a freshly built agreement with change tracking on
(tests/fixtures/review/lo_edit.py through Python-UNO) and read its revisions back."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from mou_builder.sources.library import Library
from mou_builder.workflows.review import review

FIXTURES = Path(__file__).parent / "fixtures" / "review"

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
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
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    probe = __import__("subprocess").run(
        ["/usr/bin/python3", "-c", "import uno"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip("python3-uno is not installed for /usr/bin/python3")
    make = _make_fixtures()
    directory = tmp_path_factory.mktemp("lo-review")
    sent = directory / "sent.docx"
    sent.write_bytes(make.sent_docx(make.fixture_agreement()))
    tracked, untracked = directory / "tracked.docx", directory / "untracked.docx"
    make.run_libreoffice(sent, tracked, untracked)
    return {"tracked": tracked, "untracked": untracked}


def test_libreoffice_tracked_edits_are_read_back_per_clause(edited, monkeypatch):
    monkeypatch.setenv("MOU_PROFILES", str(FIXTURES / "profiles"))
    library = Library.load(FIXTURES / "clauses")
    result = review(edited["tracked"], spec=FIXTURES / "spec.mou.yaml", library=library)
    found = {(c.kind, c.text.strip(), c.clause) for c in result.changes}
    assert ("delete", "six", "sro-hours") in found
    assert ("insert", "eight", "sro-hours") in found
    assert ("delete", "not", "discipline-boundary") in found
    assert (
        "paragraph-insert",
        "The SRO will meet the principal once a month.",
        "discipline-boundary",
    ) in found
    assert {c.author for c in result.changes} == {"Sgt. Lopez (Agency)"}
    rules = {f.rule for f in result.flags}
    assert {"locked-clause", "discipline-duties"} <= rules
    (comment,) = result.comments
    assert comment.anchor == "written consent" and comment.clause == "records-access"


def test_libreoffice_untracked_edits_are_caught(edited, monkeypatch):
    monkeypatch.setenv("MOU_PROFILES", str(FIXTURES / "profiles"))
    library = Library.load(FIXTURES / "clauses")
    result = review(edited["untracked"], spec=FIXTURES / "spec.mou.yaml", library=library)
    assert {c.kind for c in result.changes} == {"untracked"}
    assert {c.clause for c in result.changes} == {"sro-hours", "records-access"}
