"""The real-document corpus (../shared/corpus/docx, beside the checkout): see corpus_check.

Every case must end as it is recorded below (``KNOWN``: the cases not yet handled, by issue
group); a case that newly fails, or a known one that now passes, fails the test so the list
stays exact. Skipped when the corpus or LibreOffice is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_check import CORPUS, load_cases, run_cases, summary

from conftest import requires_soffice

pytestmark = [
    pytest.mark.soffice,
    requires_soffice,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus beside the checkout"),
]

#: case id -> what is still wrong with it (the issue's group)
KNOWN: dict[str, str] = {
    "RP051-Arabic rej->acc": "LibreOffice keeps both sides of a change in RTL text (10)",
}


def test_corpus(tmp_path: Path) -> None:
    outcomes = run_cases(load_cases(), tmp_path, jobs=2)
    print(summary(outcomes))
    failing = {
        o.case["id"]: "; ".join(o.reasons)
        for o in outcomes
        if o.status not in ("ok", "refused") or (o.status == "refused" and o.case["type"] != "bad")
    }
    new = {k: v for k, v in failing.items() if k not in KNOWN}
    fixed = sorted(k for k in KNOWN if k not in failing)
    assert not new, f"newly failing: {new}"
    assert not fixed, f"now passing, drop from KNOWN: {fixed}"
