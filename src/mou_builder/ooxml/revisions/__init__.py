"""Tracked changes in WordprocessingML: writing them, accepting/rejecting them.

- :mod:`.track`: the one id counter (:class:`Revisions`), whole paragraphs, rows and tables
  marked inserted or deleted, deleted copies placed among NEW's blocks;
- :mod:`.words`: the word-level redline of a paragraph (:func:`redline_paragraph`) or table;
- :mod:`.formatting`: visible formatting changes as ``w:rPrChange`` (:func:`track_formatting`);
- :mod:`.resolve`: :func:`accept_all` / :func:`reject_all`, in place, paragraph structure exact;
- :mod:`.tags`: the element names.

Text in any view (as written, accept-all, reject-all) is :mod:`mou_builder.ooxml.text`'s;
its functions are re-exported here under their old names.
"""

from __future__ import annotations

from ..text import (
    CHARACTERS,
    CONTAINERS,
    View,
    block_text,
    iter_runs,
    paragraph_text,
    paragraph_texts,
    run_items,
    run_text,
)
from .formatting import VISIBLE_PROPS, format_signature, track_formatting
from .resolve import accept_all, has_revisions, reject_all
from .tags import (
    AUTHOR,
    BODY,
    DATE,
    DEL,
    DEL_INSTR,
    DEL_TEXT,
    ID,
    INS,
    INSTR,
    MARKERS,
    MOVE_FROM,
    MOVE_RANGES,
    MOVE_TO,
    PPR,
    PPR_CHANGE,
    PROPERTY_CHANGES,
    RPR,
    RPR_CHANGE,
    SDT,
    SDT_CONTENT,
    SECT_PR,
    TBL,
    TBL_PR_EX,
    TC,
    TCPR,
    TR,
    TRPR,
    P,
    R,
    T,
)
from .track import (
    Placer,
    Revisions,
    deleted_copy,
    mark_inserted,
    max_id,
    sanitize_foreign,
)
from .words import redline_paragraph, redline_table

#: the run children that carry text (:data:`mou_builder.ooxml.text.CHARACTERS`)
TEXT_ITEMS = CHARACTERS

__all__ = [
    "AUTHOR",
    "BODY",
    "CHARACTERS",
    "CONTAINERS",
    "DATE",
    "DEL",
    "DEL_INSTR",
    "DEL_TEXT",
    "ID",
    "INS",
    "INSTR",
    "MARKERS",
    "MOVE_FROM",
    "MOVE_RANGES",
    "MOVE_TO",
    "PPR",
    "PPR_CHANGE",
    "PROPERTY_CHANGES",
    "RPR",
    "RPR_CHANGE",
    "SDT",
    "SDT_CONTENT",
    "SECT_PR",
    "TBL",
    "TBL_PR_EX",
    "TC",
    "TCPR",
    "TEXT_ITEMS",
    "TR",
    "TRPR",
    "VISIBLE_PROPS",
    "P",
    "Placer",
    "R",
    "Revisions",
    "T",
    "View",
    "accept_all",
    "block_text",
    "deleted_copy",
    "format_signature",
    "has_revisions",
    "iter_runs",
    "mark_inserted",
    "max_id",
    "paragraph_text",
    "paragraph_texts",
    "redline_paragraph",
    "redline_table",
    "reject_all",
    "run_items",
    "run_text",
    "sanitize_foreign",
    "track_formatting",
]
