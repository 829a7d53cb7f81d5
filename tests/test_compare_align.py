"""Comparing two versions: units by clause, blocks by similarity, words inside; the memo."""

from __future__ import annotations

from mou_builder.compare.align import Change, Edit, Unit, align_blocks, align_units, compare
from mou_builder.render.memo import memo_from_changes, phrase_changes


def unit(cid: str, version: int = 1, *blocks: str, number: int | None = None) -> Unit:
    return Unit(f"clause:{cid}", cid, version, cid.title(), number, [cid.title(), *blocks])


def test_identical_blocks_align_as_equal() -> None:
    assert align_blocks(["a b", "c d"], ["a b", "c d"]) == [
        Edit("equal", 0, 0),
        Edit("equal", 1, 1),
    ]


def test_an_edited_paragraph_is_paired_not_replaced() -> None:
    old = ["The officer works six hours a day.", "Unrelated sentence stays."]
    new = ["The officer works eight hours a day.", "Unrelated sentence stays."]
    assert align_blocks(old, new) == [Edit("modify", 0, 0), Edit("equal", 1, 1)]


def test_replaced_ranges_pair_similar_paragraphs_and_keep_order() -> None:
    old = ["Alpha beta gamma delta.", "Completely different words here.", "One two three four."]
    new = ["Something brand new appears.", "Alpha beta gamma epsilon.", "One two three five."]
    edits = align_blocks(old, new)
    assert Edit("modify", 0, 1) in edits and Edit("modify", 2, 2) in edits
    assert Edit("insert", None, 0) in edits and Edit("delete", 1, None) in edits
    # every old and new block appears exactly once
    assert sorted(e.old for e in edits if e.old is not None) == [0, 1, 2]
    assert sorted(e.new for e in edits if e.new is not None) == [0, 1, 2]


def test_blocks_of_different_kinds_are_never_paired() -> None:
    edits = align_blocks(["a\tb"], ["a\tb"], ["tbl"], ["p"])
    assert {e.op for e in edits} == {"delete", "insert"}


def test_units_align_by_clause_and_moves_are_recognised() -> None:
    old = [unit("a"), unit("b"), unit("c"), unit("d")]
    new = [unit("b"), unit("c"), unit("a"), unit("e")]
    ops = align_units(old, new)
    moved = [op for op in ops if op.moved]
    assert {(op.op, op.old, op.new) for op in moved} == {("delete", 0, None), ("insert", None, 2)}
    assert ("delete", 3, None, False) in {(o.op, o.old, o.new, o.moved) for o in ops}
    assert ("insert", None, 3, False) in {(o.op, o.old, o.new, o.moved) for o in ops}


def test_compare_kinds() -> None:
    old = [
        unit("purpose", 1, "Why."),
        unit("hours", 1, "Six hours.", number=2),
        unit("records", 1, "Ask first."),
        unit("gone", 1, "Bye."),
    ]
    new = [
        unit("hours", 1, "Eight hours.", number=1),
        unit("records", 2, "Ask in writing."),
        unit("purpose", 1, "Why."),
        unit("training", 1, "Forty hours."),
    ]
    changes = {c.clause: c for c in compare(old, new)}
    assert {k: c.kind for k, c in changes.items()} == {
        "hours": "modified",
        "records": "upgraded",
        "purpose": "moved",
        "gone": "removed",
        "training": "added",
    }
    assert changes["hours"].edits == [("Six hours.", "Eight hours.")]
    assert (changes["records"].old_version, changes["records"].new_version) == (1, 2)
    assert changes["gone"].after == "" and changes["training"].before == ""


def test_unchanged_clauses_produce_no_change() -> None:
    units = [unit("a", 1, "x"), unit("b", 2, "y")]
    assert compare(units, [unit("a", 1, "x"), unit("b", 2, "y")]) == []


def test_text_outside_clauses_is_reported_by_changed_run() -> None:
    old = [Unit("free:0", None, None, "", None, ["Cover", "Draft 1", "Same"])]
    new = [Unit("free:0", None, None, "", None, ["Cover", "Draft 2", "Same", "Added line"])]
    changes = compare(old, new)
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("modified", "Draft 1", "Draft 2"),
        ("added", "", "Added line"),
    ]


def test_phrase_changes_carry_a_word_of_context() -> None:
    assert phrase_changes(
        "The officer works six hours a day.", "The officer works eight hours a day."
    ) == [("six hours", "eight hours")]
    assert phrase_changes("works six hours a day.", "works six hours a school day.") == [
        ("a day", "a school day")
    ]
    assert phrase_changes("same", "same") == []


def test_memo_reads_like_a_board_packet() -> None:
    changes = [
        Change(
            "hours",
            "modified",
            1,
            1,
            "Hours\nSix hours.",
            "Hours\nEight hours.",
            "Hours",
            5,
            5,
            [("The officer works six hours a day.", "The officer works eight hours a day.")],
        ),
        Change("records", "upgraded", 1, 2, "a", "b", "Records access", 7, 7, [("a", "b")]),
        Change("training", "added", None, 1, "", "Training\nForty hours.", "Training", None, 8),
        Change("gone", "removed", 1, None, "Gone\nBye.", "", "Gone", 9, None),
    ]
    memo = memo_from_changes(changes, "Changes from revision 1 to revision 2")
    assert memo.startswith("# Changes from revision 1 to revision 2\n")
    assert "- **Section 5, Hours**: 'six hours' becomes 'eight hours'." in memo
    assert "- **Section 7, Records access**: Version 1 replaced by version 2." in memo
    assert "- **Section 8, Training**: New section added: 'Forty hours.'." in memo
    assert "- **Section 9, Gone**: Section removed." in memo
    assert "No changes" in memo_from_changes([], "x")


def test_revision_dates_are_given_or_taken_from_new_never_the_clock() -> None:
    import datetime as dt

    import pytest

    from mou_builder.errors import UsageError
    from mou_builder.workflows.redline import FALLBACK_DATE, Side, revision_date

    assert revision_date("2026-05-04") == "2026-05-04T00:00:00Z"
    assert revision_date("2026-05-04T10:30:00+02:00") == "2026-05-04T08:30:00Z"
    assert revision_date(dt.date(2026, 1, 2)) == "2026-01-02T00:00:00Z"
    assert revision_date(None, Side("new.docx")) == FALLBACK_DATE
    with pytest.raises(UsageError):
        revision_date("soon")
