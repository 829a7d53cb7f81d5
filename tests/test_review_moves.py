"""Review of a redline in which a clause moved (a native move): one move, in its clause, and
no heading numbered differently from its section."""

from __future__ import annotations

from pathlib import Path

from mou_builder.sources.library import Library
from mou_builder.workflows.redline import load_side, redline_bytes
from mou_builder.workflows.review import review

from conftest import CLAUSES, EXAMPLES


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
