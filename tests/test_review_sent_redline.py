"""A redline that mou sent carries the sender's own tracked changes; reviewed as returned, the
document as sent is those changes accepted. So an untouched redline has no untracked edit,
whether its clauses were edited or moved, and with or without the spec it was made from."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from mou_builder.sources.library import Library
from mou_builder.workflows.redline import load_side, redline_bytes
from mou_builder.workflows.review import review

from conftest import CLAUSES, EXAMPLES

OAKVIEW = (EXAMPLES / "oakview-ca.mou.yaml").read_text()
NEXT_YEAR = OAKVIEW.replace('revision: "1"', 'revision: "2"')
EDITED = NEXT_YEAR.replace("removal_days: 10", "removal_days: 15")
MOVED = NEXT_YEAR.replace("  - purpose@1\n", "", 1).replace(
    "  - roles-responsibilities@1\n", "  - roles-responsibilities@1\n  - purpose@1\n", 1
)


def _sent_redline(tmp_path: Path, new_text: str) -> tuple[Path, Path, Library]:
    assert new_text != NEXT_YEAR
    old, new = tmp_path / "old.mou.yaml", tmp_path / "new.mou.yaml"
    old.write_text(OAKVIEW)
    new.write_text(new_text)
    library = Library.load(CLAUSES)
    out = tmp_path / "redline.docx"
    out.write_bytes(redline_bytes(load_side(old, library), load_side(new, library)).data)
    return out, new, library


@pytest.mark.parametrize("new_text", [EDITED, MOVED], ids=["edited", "moved"])
@pytest.mark.parametrize("with_spec", [True, False], ids=["spec", "manifest"])
def test_an_untouched_redline_has_no_untracked_edit(
    tmp_path: Path, new_text: str, with_spec: bool
) -> None:
    out, new, library = _sent_redline(tmp_path, new_text)
    result = review(out, spec=new if with_spec else None, library=library, flags=False)
    assert [c for c in result.changes if c.kind == "untracked"] == []
    tracked = [c for c in result.changes if c.kind != "untracked"]
    assert tracked and all(c.party == "sender" for c in tracked)


def test_an_edit_made_with_tracking_off_in_a_sent_redline_is_still_untracked(
    tmp_path: Path,
) -> None:
    out, new, library = _sent_redline(tmp_path, EDITED)
    with zipfile.ZipFile(out) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sentence = b"School Days after the Superintendent"
    assert parts["word/document.xml"].count(sentence) == 1
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        sentence, b"School Days after the Chief"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = review(out, spec=new, library=library, flags=False)
    untracked = [c for c in result.changes if c.kind == "untracked"]
    assert [(c.clause, c.old.strip(), c.new.strip()) for c in untracked] == [
        ("supervision-chain-of-command", "Superintendent", "Chief")
    ]


REMOVED = NEXT_YEAR.replace("  - use-of-force@1\n", "", 1)


@pytest.mark.parametrize("with_spec", [True, False], ids=["spec", "manifest"])
def test_the_paragraphs_of_a_removed_clause_are_filed_under_it_not_the_clause_before(
    tmp_path: Path, with_spec: bool
) -> None:
    """The redline keeps the removed clause's bookmark on its deleted copy: review lists its
    deletions under Use of Force (and flags that accepting them removes the clause), not under
    Access to Student Records, the clause before it, and finds no untracked edit."""
    out, new, library = _sent_redline(tmp_path, REMOVED)
    result = review(out, spec=new if with_spec else None, library=library)
    deleted = [c for c in result.changes if c.kind == "paragraph-delete"]
    assert {c.clause for c in deleted} == {"use-of-force"}
    assert deleted[0].text == "Use of Force and De-escalation" and len(deleted) == 5
    assert not [c for c in result.changes if c.clause == "records-access"]
    assert [c for c in result.changes if c.kind == "untracked"] == []
    if not with_spec:  # with it, the simulated check says what removing it costs
        assert {f.rule for f in result.flags} >= {"clause-removed"}
