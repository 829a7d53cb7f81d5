"""The shape a newcomer can read, held by numbers: small modules, no tangled functions, types
at the boundaries. (Radon's cyclomatic-complexity grades: A-B simple, C moderate, D complex,
E-F tangled.)"""

from __future__ import annotations

import re

from radon.complexity import cc_rank, cc_visit

from conftest import ROOT

PACKAGE = ROOT / "src" / "mou_builder"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500
MAX_D = 5
#: half of the 476 uses of ``Any`` the package had before its layout was redone
MAX_ANY = 238


def _grades() -> dict[str, str]:
    grades = {}
    for path in MODULES:
        for block in cc_visit(path.read_text(encoding="utf-8")):
            name = f"{path.relative_to(PACKAGE)}:{block.fullname}"
            grades[name] = cc_rank(block.complexity)
    return grades


def test_no_module_is_over_500_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in MODULES
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_function_is_graded_e_or_f_and_at_most_five_d():
    grades = _grades()
    assert {name for name, grade in grades.items() if grade in "EF"} == set()
    assert len([name for name, grade in grades.items() if grade == "D"]) <= MAX_D


def test_any_is_used_at_most_half_as_often_as_before():
    uses = sum(len(re.findall(r"\bAny\b", p.read_text(encoding="utf-8"))) for p in MODULES)
    assert uses <= MAX_ANY
