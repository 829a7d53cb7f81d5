"""`mou new` writes a whole agreement, not a list of required clauses: recitals, purpose,
definitions and term open it, notices and signatures close it, every section another
refers to is there, and the board carries the state's name for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble
from mou_builder.checks.engine import run_check
from mou_builder.sources.library import Library
from mou_builder.sources.profiles import ProfileSet
from mou_builder.sources.specfile import load_spec
from mou_builder.workflows.new import scaffold

from conftest import CLAUSES, PROFILES

ALL = sorted(p.stem for p in PROFILES.glob("*.yaml"))
# what is left to the person: values to type in, and rules judged once they are typed
LEFT_TO_FILL = {"placeholder", "unfilled-blank"}


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(CLAUSES)


@pytest.mark.parametrize("profile_id", ALL)
def test_scaffold_is_a_complete_agreement(
    profile_id: str, library: Library, tmp_path: Path
) -> None:
    profiles = ProfileSet.load(PROFILES)
    path = scaffold(tmp_path, profile_id, library, profiles, today=dt.date(2026, 9, 1))
    agreement = assemble(load_spec(path), library)
    elements = [e for s in agreement.sections for e in s.elements]
    for needed in ("recitals", "purpose", "definitions", "term_renewal", "notices"):
        assert needed in elements, needed
    assert elements[0] == "recitals"
    assert "signatures" in agreement.sections[-1].elements
    result = run_check(agreement, library, profiles=profiles)
    open_elements = {e for s in agreement.sections if s.blanks for e in s.elements}
    errors = [
        f.format()
        for f in result.findings
        if f.severity == "error"
        and f.rule not in LEFT_TO_FILL
        and not (f.rule != "required-element" and f.element in open_elements)
    ]
    assert errors == []


def test_washington_board_is_a_board_of_directors(library: Library, tmp_path: Path) -> None:
    profiles = ProfileSet.load(PROFILES)
    wa = scaffold(tmp_path / "wa", "wa-rcw-28a-320-124", library, profiles)
    assert load_spec(wa).spec.board.name == "Board of Directors"
    ny = scaffold(tmp_path / "ny", "ny-educ-2801-a", library, profiles)
    assert load_spec(ny).spec.board.name == "Board of Education"
