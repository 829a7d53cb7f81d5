"""Review of a redline in which a clause moved (a native move): one move, in its clause, and
no heading numbered differently from its section."""

from __future__ import annotations

from pathlib import Path

from mou_builder.sources.library import Library
from mou_builder.workflows.redline import load_side, redline_bytes
from mou_builder.workflows.review import review

from conftest import CLAUSES, EXAMPLES, MINI_SPEC


def test_a_moved_clause_is_one_move_by_the_redlines_author(tmp_path: Path) -> None:
    text = (EXAMPLES / "oakview-ca.mou.yaml").read_text()
    moved = text.replace("  - use-of-force@1\n", "").replace(
        "  - nondiscrimination@1\n", "  - nondiscrimination@1\n  - use-of-force@1\n"
    )
    assert moved != text
    new = tmp_path / "moved.mou.yaml"
    new.write_text(moved)
    library = Library.load(CLAUSES)
    data = redline_bytes(
        load_side(EXAMPLES / "oakview-ca.mou.yaml", library), load_side(new, library)
    ).data
    out = tmp_path / "redline.docx"
    out.write_bytes(data)
    result = review(out, library=library, flags=False)
    moves = [c for c in result.changes if c.kind == "move"]
    assert len(moves) == 1 and moves[0].text.startswith("Use of Force")
    assert not [c for c in result.changes if c.kind in ("insert", "delete", "paragraph-insert")]
    # the old heading left behind (moved away) does not count in the numbering
    assert [f for f in result.findings if f.kind == "numbering"] == []


def test_a_clause_moved_and_edited_is_one_move_with_its_edits(
    tmp_path: Path, mini_library: Path
) -> None:
    old = tmp_path / "old.mou.yaml"
    old.write_text(MINI_SPEC)
    new = tmp_path / "new.mou.yaml"
    new.write_text(
        MINI_SPEC.replace("contact: the records office", "contact: the district records office")
        .replace("  - records@1\n", "")
        .replace("  - purpose@1\n", "  - records@1\n  - purpose@1\n")
    )
    library = Library.load(mini_library)
    out = tmp_path / "redline.docx"
    out.write_bytes(redline_bytes(load_side(old, library), load_side(new, library)).data)
    result = review(out, library=library, flags=False)
    moves = [c for c in result.changes if c.kind == "move"]
    assert len(moves) == 1 and moves[0].clause == "records"
    assert moves[0].text.startswith("Student Records")
    assert "{+district+}" in moves[0].context  # the edit inside the moved text
    # its edits are the move's, not changes of their own (other clauses' references renumber);
    # and the document as sent (the redline's own changes accepted) has no untracked edit
    assert [c.kind for c in result.changes if c.clause == "records"] == ["move"]
    assert [c for c in result.changes if c.kind == "untracked"] == []


def test_a_paragraph_moved_out_of_a_removed_clause_is_one_move_where_it_arrived(
    tmp_path: Path, mini_library: Path
) -> None:
    """Purpose is dropped and its first paragraph, edited, now ends Training: one move to
    Training, by the redline's author, with its edit; Purpose's other paragraphs deleted."""
    import copy

    from conftest import MINI_CLAUSES, write_library

    clauses = copy.deepcopy(MINI_CLAUSES)
    moved = clauses["purpose"]["versions"][0]["text"][0].replace("at schools", "at all schools")
    clauses["training"]["versions"][0]["text"].append(moved)
    old = tmp_path / "old.mou.yaml"
    old.write_text(MINI_SPEC)
    new = tmp_path / "new.mou.yaml"
    new.write_text(MINI_SPEC.replace("  - purpose@1\n", ""))
    new_library = Library.load(write_library(tmp_path / "new-clauses", clauses))
    out = tmp_path / "redline.docx"
    sides = load_side(old, Library.load(mini_library)), load_side(new, new_library)
    out.write_bytes(redline_bytes(*sides, author="Counsel").data)
    result = review(out, library=new_library, flags=False)
    moves = [c for c in result.changes if c.kind == "move"]
    assert len(moves) == 1 and moves[0].to_clause == "training"
    assert moves[0].author == "Counsel"
    assert "agree to place officers at" in moves[0].text
    assert "{+all+}" in moves[0].context
    removed = [c.text for c in result.changes if c.kind == "paragraph-delete"]
    assert removed[0] == "Purpose" and removed[1].startswith("Duties are limited")
    assert len(removed) == 2  # the moved paragraph is not also a deletion
