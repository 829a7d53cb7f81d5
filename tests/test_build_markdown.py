"""Markdown output: escaping and lettering match what the Word document shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mou_builder.assembly.assembler import assemble
from mou_builder.model.agreement import Paragraph, Run
from mou_builder.render.markdown import escape, letter, paragraph_text, render_markdown
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec


def test_letters_count_like_word():
    assert [letter(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "bb"]


def test_legal_text_is_escaped_but_stays_readable():
    assert escape("a * b | c") == "a \\* b \\| c"
    assert escape("- not a list") == "\\- not a list"
    assert escape("12. not a list either") == "12\\. not a list either"
    assert escape("signature: ________") == "signature: ________"


def test_runs_keep_emphasis_without_swallowing_spaces():
    paragraph = Paragraph([Run("the "), Run("District ", bold=True), Run("agrees", italic=True)])
    assert paragraph_text(paragraph) == "the **District** *agrees*"


def test_final_copy_has_filled_approval_and_no_draft_mark(mini_library: Path, write_spec):
    agreement = assemble(load_spec(write_spec()), Library.load(mini_library))
    approval = {
        "body": "Lakeside Board",
        "meeting_date": dt.date(2026, 6, 18),
        "agenda_item": "7.2",
        "resolution": "2026-41",
    }
    text = render_markdown(agreement, draft=False, approval=approval).replace("\u00a0", " ")
    assert "DRAFT" not in text
    # the final cover names the meeting, the agenda item and the resolution
    assert (
        "| Status | Approved by the Lakeside Board on June 18, 2026 "
        "(agenda item 7.2, resolution 2026-41) |"
    ) in text
    assert "meeting of June 18, 2026, agenda item 7.2, resolution 2026-41." in text
