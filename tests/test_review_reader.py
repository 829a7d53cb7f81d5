"""Reading a returned .docx: tracked changes and comments placed in their clauses.

Fixtures (tests/fixtures/review, made by make_fixtures.py): ``lo-tracked.docx`` and
``lo-untracked.docx`` were edited by LibreOffice itself; ``word-constructs.docx`` holds XML
written the way Word writes it (moves, formatting changes, comment replies, table cells).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mou_builder.ooxml.read import ALL, read_returned
from mou_builder.sources.library import Library
from mou_builder.workflows.review import review

FIXTURES = Path(__file__).parent / "fixtures" / "review"
SPEC = FIXTURES / "spec.mou.yaml"


@pytest.fixture(autouse=True)
def _profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_PROFILES", str(FIXTURES / "profiles"))


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(FIXTURES / "clauses")


def by_text(result, text):
    return [c for c in result.changes if c.text.strip() == text]


# ------------------------------------------------------------------ LibreOffice's own output


def test_libreoffice_replacement_is_a_deletion_and_an_insertion_in_the_hours_clause(library):
    result = review(FIXTURES / "lo-tracked.docx", library=library)
    (deleted,) = by_text(result, "six")
    (inserted,) = by_text(result, "eight")
    assert (deleted.kind, inserted.kind) == ("delete", "insert")
    assert deleted.clause == inserted.clause == "sro-hours"
    assert deleted.section == 2
    assert deleted.author == "Sgt. Lopez (Agency)"
    assert deleted.date.startswith("20")
    assert "[-six-]" in deleted.context and "{+eight+}" in inserted.context


def test_libreoffice_deleted_sentence_and_inserted_paragraph(library):
    result = review(FIXTURES / "lo-tracked.docx", library=library)
    (sentence,) = by_text(result, "The Agency will tell the principal in advance of any absence.")
    assert sentence.kind == "delete" and sentence.clause == "sro-hours"
    (paragraph,) = by_text(result, "The SRO will meet the principal once a month.")
    # LibreOffice marks the paragraph break before the new paragraph: still one change
    assert paragraph.kind == "paragraph-insert"
    assert paragraph.clause == "discipline-boundary"


def test_libreoffice_comment_is_anchored_in_the_records_clause(library):
    result = review(FIXTURES / "lo-tracked.docx", library=library)
    (comment,) = result.comments
    assert comment.text == "Can consent be given by email?"
    assert comment.anchor == "written consent"
    assert comment.clause == "records-access"
    assert comment.author == "Sgt. Lopez (Agency)"


def test_clauses_are_found_after_libreoffice_dropped_the_content_controls():
    doc = read_returned(FIXTURES / "lo-tracked.docx")
    clauses = doc.clause_blocks()
    assert list(clauses) == [
        "purpose",
        "sro-hours",
        "discipline-boundary",
        "records-access",
        "statutory-notice",
        "contacts",
    ]
    # the signature page after the last clause stays outside it
    contacts_text = "\n".join(doc.block_texts(clauses["contacts"]))
    assert "Signatures" not in contacts_text
    assert "Ben Cole" not in contacts_text and "Ana Cruz" in contacts_text


def test_views_reject_all_and_accept_all():
    doc = read_returned(FIXTURES / "lo-tracked.docx")
    blocks = doc.clause_blocks()["sro-hours"]
    rejected = "\n".join(doc.block_texts(blocks))
    accepted = "\n".join(doc.block_texts(blocks, ALL))
    assert "for six hours" in rejected and "in advance of any absence" in rejected
    assert "for eight hours" in accepted and "in advance of any absence" not in accepted


# ------------------------------------------------------------------ Word-authored constructs


def test_word_move_is_one_change_with_from_and_to(library):
    result = review(FIXTURES / "word-constructs.docx", library=library)
    moves = [c for c in result.changes if c.kind == "move"]
    assert len(moves) == 1
    (move,) = moves
    assert move.text.startswith("The program is meant to keep students")
    assert move.clause == "purpose"
    assert "moved within Section 1" in move.context
    doc = result.doc
    purpose = doc.clause_blocks()["purpose"]
    accepted = doc.block_texts(purpose, ALL)
    assert accepted[1].startswith("The program is meant")  # moved before the first paragraph
    assert doc.block_texts(purpose)[1].startswith("This Agreement explains")


def test_word_formatting_change_is_reported_with_what_changed(library):
    result = review(FIXTURES / "word-constructs.docx", library=library)
    (fmt,) = [c for c in result.changes if c.kind == "format" and c.clause == "sro-hours"]
    assert "bold added" in fmt.context
    assert fmt.text.startswith("Before assignment the SRO will complete 40 hours")


def test_word_deleted_paragraph_with_its_mark_is_one_paragraph_delete(library):
    result = review(FIXTURES / "word-constructs.docx", library=library)
    (deleted,) = [c for c in result.changes if c.kind == "paragraph-delete"]
    assert deleted.clause == "records-access"
    assert deleted.text.startswith("The SRO will not see student records.")


def test_word_revisions_inside_table_cells_and_an_inserted_row(library):
    result = review(FIXTURES / "word-constructs.docx", library=library)
    contacts = [c for c in result.changes if c.clause == "contacts"]
    kinds = {(c.kind, c.text) for c in contacts}
    assert ("delete", "Ana Cruz") in kinds and ("insert", "Ben Cole") in kinds
    rows = [c for c in contacts if c.kind == "paragraph-insert"]
    assert len(rows) == 1  # the row with both its cells is one change
    assert rows[0].text == "Counselor | Kim Vo" and rows[0].context == "table row"


def test_word_comment_thread_replies_and_resolved_state(library):
    result = review(FIXTURES / "word-constructs.docx", library=library)
    comments = {c.id: c for c in result.comments}
    assert set(comments) == {"0", "2"}  # comment 1 is a reply, not a thread of its own
    thread = comments["0"]
    assert thread.anchor == "school administrators"
    assert thread.clause == "discipline-boundary"
    assert [r["text"] for r in thread.replies] == ["The principal or a designee."]
    assert thread.replies[0]["author"] == "Counsel (District)"
    assert thread.resolved is False
    assert comments["2"].resolved is True and comments["2"].anchor == "Purpose"


def test_change_ids_are_unique(library):
    for name in ("lo-tracked.docx", "word-constructs.docx", "lo-untracked.docx"):
        ids = [c.id for c in review(FIXTURES / name, library=library).changes]
        assert len(ids) == len(set(ids))


# ------------------------------------------------------------------ untracked edits


def test_untracked_edits_are_reported_word_by_word_with_the_spec(library):
    result = review(FIXTURES / "lo-untracked.docx", spec=SPEC, library=library)
    untracked = [c for c in result.changes if c.kind == "untracked"]
    assert {(c.clause, c.old.strip(), c.new.strip()) for c in untracked} == {
        ("sro-hours", "40", "80"),
        ("records-access", "law allows release without consent", "Agency asks for it"),
    }
    assert all(c.id.startswith("u") for c in untracked)
    assert any("[-40-]{+80+}" in c.context for c in untracked)


def test_untracked_edits_are_detected_from_the_manifest_hash_without_a_spec(library):
    result = review(FIXTURES / "lo-untracked.docx", library=library)
    assert {c.clause for c in result.changes if c.kind == "untracked"} == {
        "sro-hours",
        "records-access",
    }


def test_a_document_as_sent_has_nothing_to_report(library):
    result = review(FIXTURES / "sent.docx", spec=SPEC, library=library)
    assert result.changes == [] and result.comments == [] and result.flags == []


def test_word_paragraph_formatting_change_and_utc_date(library):
    result = review(FIXTURES / "word-constructs.docx", library=library)
    (fmt,) = [c for c in result.changes if c.clause == "statutory-notice"]
    assert fmt.kind == "format"
    assert fmt.context == "paragraph formatting: alignment added (center)"
    assert fmt.date == "2026-06-20T16:30:00Z"  # w16du:dateUtc wins over w:date
    # formatting is not a change of words: no locked-clause flag for it
    assert not [f for f in result.flags if f.change == fmt.id]
