"""Native moves in a redline: a clause or a paragraph that moved, edited or not, is written
as ``w:moveFrom`` (OLD's text, at the old place) and ``w:moveTo`` (at the new place) between
range markers of one name; a rewrite (less than 60% of its words kept) is not a move. And a
sentence appended before added paragraphs (whose break is tracked after the sentence, as Word
does) reads back as one change each."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.etree import _Element as Element

from mou_builder.compare.worddiff import similarity
from mou_builder.ooxml.ns import w
from mou_builder.ooxml.read import read_returned
from mou_builder.ooxml.redlining import RedlineResult, redline_packages
from mou_builder.ooxml.revisions.moves import MOVE_RATIO
from mou_builder.ooxml.safezip import open_docx_bytes
from redline_support import Clause, Free, Part, accepted, expected_texts, make_docx, rejected

BETA = Clause("b", 1, "Beta", ["Beta text stays where it was."])
GAMMA = Clause("c", 1, "Gamma", ["Gamma text stays too."])
RECORDS = [
    "First paragraph of the records clause.",
    "Second paragraph about requests for records.",
    "Third paragraph on the retention of records.",
    "Fourth and last paragraph of the clause.",
]


def _redline(old: list[Part], new: list[Part]) -> tuple[RedlineResult, Element]:
    result = redline_packages(
        open_docx_bytes(make_docx(old)),
        open_docx_bytes(make_docx(new)),
        author="Counsel",
        date="2026-03-01T00:00:00Z",
    )
    assert accepted(result.data) == expected_texts(new)
    assert rejected(result.data) == expected_texts(old)
    return result, open_docx_bytes(result.data).xml("word/document.xml")


def _range_names(root: Element) -> dict[str, list[str]]:
    return {
        kind: [el.get(w("name")) or "" for el in root.iter(w(f"{kind}RangeStart"))]
        for kind in ("moveFrom", "moveTo")
    }


def _text_in(root: Element, tag: str) -> str:
    return "".join(t.text or "" for m in root.iter(w(tag)) for t in m.iter(w("t"), w("delText")))


def test_a_clause_moved_and_edited_is_a_move_with_the_edits_tracked_at_the_new_place() -> None:
    before = ["The officer works six hours on each school day.", "The district pays the salary."]
    after = [
        "The officer works eight hours on each school day.",
        "The district pays the salary.",
        "A paragraph added to the moved clause.",
    ]
    old = [Free(["Cover"]), Clause("a", 1, "Alpha", before), BETA, GAMMA, Free(["Signed"])]
    new = [Free(["Cover"]), BETA, GAMMA, Clause("a", 1, "Alpha", after), Free(["Signed"])]
    result, root = _redline(old, new)
    assert _range_names(root) == {"moveFrom": ["mouMove1"], "moveTo": ["mouMove1"]}
    assert _text_in(root, "moveFrom") == "Alpha" + "".join(before)  # OLD's text, whole
    assert "del" not in result.counts  # the old words are shown where they were
    inserted = [_text_in(ins, "ins") for ins in root.iter(w("ins")) if len(ins)]
    assert "eight" in inserted and "A paragraph added to the moved clause." in inserted
    moved_to = _text_in(root, "moveTo")
    assert "six" not in moved_to and "eight" not in moved_to and "The district" in moved_to


def test_a_clause_rewritten_as_it_moved_is_deleted_there_and_inserted_here() -> None:
    before = ["The officer works six hours on each school day of the year."]
    after = ["Officers are assigned by the chief after consulting the principal."]
    old = [Free(["Cover"]), Clause("a", 1, "Alpha", before), BETA, GAMMA]
    new = [Free(["Cover"]), BETA, GAMMA, Clause("a", 1, "Alpha", after)]
    result, root = _redline(old, new)
    assert _range_names(root) == {"moveFrom": [], "moveTo": []}
    assert {"ins", "del"} <= set(result.counts)
    assert similarity(" ".join(before), " ".join(after)) < MOVE_RATIO


def test_a_paragraph_moved_inside_a_clause_and_edited_is_a_move() -> None:
    moved = "Second paragraph about all requests for records."
    old = [Free(["Cover"]), Clause("r", 1, "Records", RECORDS), BETA]
    new = [Free(["Cover"]), Clause("r", 1, "Records", [*RECORDS[:1], *RECORDS[2:], moved]), BETA]
    _, root = _redline(old, new)
    assert _range_names(root) == {"moveFrom": ["mouMove1"], "moveTo": ["mouMove1"]}
    assert _text_in(root, "moveFrom") == RECORDS[1]
    assert [_text_in(ins, "ins") for ins in root.iter(w("ins")) if len(ins)] == ["all "]


def test_a_paragraph_moved_to_another_clause_is_a_move() -> None:
    old = [Free(["Cover"]), Clause("r", 1, "Records", RECORDS), BETA]
    beta = Clause("b", 1, "Beta", [*BETA.blocks, RECORDS[1]])
    new = [Free(["Cover"]), Clause("r", 1, "Records", [RECORDS[0], *RECORDS[2:]]), beta]
    result, root = _redline(old, new)
    assert set(result.counts) == {"moveFrom", "moveTo"}
    assert _text_in(root, "moveFrom") == _text_in(root, "moveTo") == RECORDS[1]


def test_in_a_document_without_clauses_a_moved_paragraph_is_a_move() -> None:
    old = [Free(["Title", *RECORDS, "Signed"])]
    new = [Free(["Title", RECORDS[1], RECORDS[0], *RECORDS[2:], "Signed"])]
    result, root = _redline(old, new)
    names = _range_names(root)
    assert names["moveFrom"] == names["moveTo"] and len(names["moveTo"]) == 1
    assert set(result.counts) == {"moveFrom", "moveTo"}


def test_short_paragraphs_are_never_taken_for_moved_ones() -> None:
    old = [Free(["Title", "Yes", *RECORDS, "Signed"])]
    new = [Free(["Title", *RECORDS, "Yes", "Signed"])]
    _, root = _redline(old, new)
    assert _range_names(root) == {"moveFrom": [], "moveTo": []}


APPENDED = "Requests go to the office named in the written agreement."
ADDED = [f"{APPENDED} They are answered in ten days.", "An added paragraph.", "Another one."]


@pytest.mark.parametrize("direction", ["added", "removed"])
def test_a_sentence_and_paragraphs_added_after_it_read_back_as_one_change_each(
    tmp_path: Path, direction: str
) -> None:
    short = [Free(["Cover"]), Clause("r", 1, "Records", [APPENDED]), GAMMA]
    long = [Free(["Cover"]), Clause("r", 1, "Records", ADDED), GAMMA]
    old, new = (short, long) if direction == "added" else (long, short)
    result, _ = _redline(old, new)
    path = tmp_path / "redline.docx"
    path.write_bytes(result.data)
    changes = [(c.kind, c.text) for c in read_returned(path).changes]
    kind = "insert" if direction == "added" else "delete"
    assert changes == [
        (kind, " They are answered in ten days."),
        (f"paragraph-{kind}", "An added paragraph."),
        (f"paragraph-{kind}", "Another one."),
    ]
