"""Complex fields in a paragraph being redlined: LibreOffice shows a field's result as one
field and loses tracked changes inside it, so a paragraph whose edit touches a result is
replaced whole (:func:`edits_a_field_result`)."""

from __future__ import annotations

from lxml.etree import _Element as Element

from ...compare.worddiff import diff_words_fast
from ..ns import w
from ..text import iter_runs, paragraph_text, run_items


def has_field(p: Element) -> bool:
    """A complex field (w:fldChar): LibreOffice shows its result as one field."""
    return next(p.iter(w("fldChar")), None) is not None


def _result_spans(p: Element) -> list[tuple[int, int]]:
    """Character ranges of the paragraph's text that are complex fields' results."""
    spans: list[tuple[int, int]] = []
    pos, depth, start = 0, 0, -1
    for run in iter_runs(p):
        for text, el in run_items(run):
            kind = el.get(w("fldCharType")) if el.tag == w("fldChar") else None
            if kind == "begin":
                depth += 1
            elif kind == "separate" and depth == 1:
                start = pos
            elif kind == "end" and depth:
                depth -= 1
                if depth == 0 and start >= 0:
                    spans.append((start, pos))
                    start = -1
            pos += len(text)
    return spans


def edits_a_field_result(old_p: Element, new_p: Element) -> bool:
    """True when the word diff of two paragraphs changes text inside a field's result
    (LibreOffice loses tracked changes there)."""
    if not (has_field(old_p) or has_field(new_p)):
        return False
    old_spans, new_spans = _result_spans(old_p), _result_spans(new_p)
    old_pos = new_pos = 0
    for piece in diff_words_fast(paragraph_text(old_p), paragraph_text(new_p)):
        size = len(piece.text)
        if piece.op == "delete":
            if any(a < old_pos + size and old_pos < b for a, b in old_spans):
                return True
            old_pos += size
        elif piece.op == "insert":
            if any(a <= new_pos < b or a < new_pos + size <= b for a, b in new_spans):
                return True
            new_pos += size
        else:
            old_pos, new_pos = old_pos + size, new_pos + size
    return False
