"""Native moves: a clause that moved, its text unchanged, as ``w:moveFrom``/``w:moveTo``.

Word and LibreOffice show a move as one change (and Docxodus writes them): the old place's
paragraphs are wrapped in ``w:moveFrom`` (their marks too, their text stays ``w:t``), the new
place's in ``w:moveTo``, each place between range markers of one name
(``w:moveFromRangeStart``/``End``, ``w:moveToRangeStart``/``End``). Accepting removes the old
place, rejecting the new one, as for a deletion and an insertion; but no paragraph ends in
an insertion, so LibreOffice's Reject All joins nothing to the next heading.
"""

from __future__ import annotations

import copy

from lxml import etree
from lxml.etree import _Element as Element

from ..docmodel import Segment
from ..ns import w
from .tags import AUTHOR, DATE, ID, MOVE_FROM, MOVE_TO, PPR, P
from .track import Revisions, _mark_paragraph, _wrap_runs, sanitize_foreign

NAME = w("name")


def movable(old: Segment, new: Segment) -> bool:
    """Both places hold the same paragraphs (no table), block for block."""
    return (
        bool(old.blocks)
        and len(old.blocks) == len(new.blocks)
        and all(
            a.element.tag == b.element.tag == P and a.text == b.text
            for a, b in zip(old.blocks, new.blocks, strict=True)
        )
    )


def _range(rev: Revisions, kind: str, name: str, first: Element, last: Element) -> None:
    start = etree.Element(w(f"{kind}RangeStart"))
    start.set(ID, str(rev.next_id))
    start.set(AUTHOR, rev.author)
    start.set(DATE, rev.date)
    start.set(NAME, name)
    end = etree.Element(w(f"{kind}RangeEnd"))
    end.set(ID, str(rev.next_id))
    rev.next_id += 1
    ppr = first.find(PPR)
    first.insert(0 if ppr is None else first.index(ppr) + 1, start)
    last.append(end)


def moved_from(old: Segment, rev: Revisions, name: str) -> list[Element]:
    """Copies of OLD's paragraphs, marked as moved away (to be placed where OLD had them)."""
    copies = [sanitize_foreign(copy.deepcopy(b.element), rev.images) for b in old.blocks]
    for p in copies:
        _wrap_runs(p, MOVE_FROM, rev)
        _mark_paragraph(p, MOVE_FROM, rev)
    _range(rev, "moveFrom", name, copies[0], copies[-1])
    return copies


def moved_to(new: Segment, rev: Revisions, name: str) -> None:
    """NEW's paragraphs (in place) marked as moved here."""
    paragraphs = [b.element for b in new.blocks]
    for p in paragraphs:
        _wrap_runs(p, MOVE_TO, rev)
        _mark_paragraph(p, MOVE_TO, rev)
    _range(rev, "moveTo", name, paragraphs[0], paragraphs[-1])
