"""Native moves: a clause or a paragraph that moved, as ``w:moveFrom``/``w:moveTo``.

Word and LibreOffice show a move as one change (and Docxodus writes them): the old place's
paragraphs are wrapped in ``w:moveFrom`` (their marks too, their text stays ``w:t``, OLD's
text), the new place's in ``w:moveTo``, each place between range markers of one name
(``w:moveFromRangeStart``/``End``, ``w:moveToRangeStart``/``End``). Accepting removes the old
place, rejecting the new one, as for a deletion and an insertion; but each paragraph goes
with its own mark (no kept paragraph ends in an insertion), so LibreOffice's Reject All
joins nothing to the next heading.

Moved *and edited*: the new place is NEW's text redlined against OLD's first (the ordinary
word-level redline), then marked as moved here: unchanged runs in ``w:moveTo``, inserted runs
as ``w:ins`` inside the move's range, and a paragraph inserted into the moved text keeps its
own inserted mark. Deleted words are shown only at the old place (in the ``w:moveFrom``
text): Word nests them at the new place as ``w:moveTo/w:del``, but LibreOffice 7.4 reads
that as plain moved text and keeps the deleted words in both its Accept All and its Reject
All. Review gives a move's inner edits by comparing its two texts.

What counts as a move (:data:`MOVE_RATIO`): a clause present on both sides but out of order,
or a paragraph deleted at one place and inserted at another, whose old and new text share at
least 60% of their words and punctuation (:func:`~mou_builder.compare.worddiff.similarity`).
Below that the new text is a rewrite, tracked as a deletion there and an insertion here.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml.etree import _Element as Element

from ...compare.worddiff import similarity, token_similarity, words_and_marks
from ..docmodel import Segment
from ..ns import w
from .tags import (
    AUTHOR,
    DATE,
    DEL,
    MARKERS,
    MOVE_FROM,
    MOVE_TO,
    PPR,
    RPR,
    P,
)
from .track import Revisions, _mark_paragraph, _wrap_runs, enclose, sanitize_foreign

NAME = w("name")

#: old and new text at least this similar (share of words and punctuation) make a move
MOVE_RATIO = 0.6
#: a paragraph with fewer words is never taken for a moved one (a lone "Yes" or "1.")
MOVE_MIN_WORDS = 4
#: above this many (deleted x inserted) paragraph pairs, only unchanged paragraphs are moves
#: (benchmarks/bench_moves.py: 14,400 pairs add about 0.3 s to a 1,200-paragraph redline)
MOVE_PAIR_LIMIT = 20000


def movable(old: Segment, new: Segment) -> bool:
    """Both places hold paragraphs only (no table), and their texts are alike enough."""
    if not old.blocks or not new.blocks:
        return False
    if any(b.element.tag != P for b in (*old.blocks, *new.blocks)):
        return False
    before = "\n".join(b.text for b in old.blocks)
    after = "\n".join(b.text for b in new.blocks)
    return before == after or similarity(before, after) >= MOVE_RATIO


def _range(rev: Revisions, kind: str, name: str, first: Element, last: Element) -> None:
    tags = w(f"{kind}RangeStart"), w(f"{kind}RangeEnd")
    enclose(first, last, rev, tags, {AUTHOR: rev.author, DATE: rev.date, NAME: name})


def moved_from(old: Sequence[Element], rev: Revisions, name: str) -> list[Element]:
    """Copies of OLD's paragraphs, marked as moved away (to be placed where OLD had them)."""
    copies = [sanitize_foreign(copy.deepcopy(p), rev.images) for p in old]
    for p in copies:
        _wrap_runs(p, MOVE_FROM, rev)
        _mark_paragraph(p, MOVE_FROM, rev)
    _range(rev, "moveFrom", name, copies[0], copies[-1])
    return copies


def moved_to(paragraphs: Sequence[Element], rev: Revisions, name: str) -> None:
    """NEW's paragraphs (in place, already redlined against OLD's) marked as moved here:
    their unchanged runs in ``w:moveTo``, their marks too unless inserted; the deletions
    the redline wrote go (they stay visible at the old place)."""
    for p in paragraphs:
        for deleted in list(p.iter(DEL)):
            if deleted.getparent().tag != RPR:
                rev.drop(deleted)
        _wrap_runs(p, MOVE_TO, rev)
        if _mark_of(p) is None:
            _mark_paragraph(p, MOVE_TO, rev)
    _range(rev, "moveTo", name, paragraphs[0], paragraphs[-1])


def _mark_of(p: Element) -> Element | None:
    rpr = p.find(f"{PPR}/{RPR}")
    return None if rpr is None else next((c for c in rpr if c.tag in MARKERS), None)


# ---------------------------------------------------------------- paragraph moves

Place = tuple[int, int]  # (segment, block) index


@dataclass
class ParagraphMoves:
    """Paragraphs that moved: where each left (its name) and where it arrived."""

    away: dict[Place, str] = field(default_factory=dict)
    here: dict[Place, tuple[str, Place]] = field(default_factory=dict)  # name, OLD's place


def _words(tokens: list[str]) -> int:
    return sum(1 for t in tokens if t[0].isalnum() or t[0] == "_")


def _bound(a: Counter[str], b: Counter[str], total: int) -> float:
    """An upper bound of :func:`token_similarity` from the two texts' token counts."""
    return 2 * sum((a & b).values()) / total if total else 0.0


def pair_paragraphs(
    deleted: list[tuple[Place, str]],
    inserted: list[tuple[Place, str]],
    first: int,
) -> ParagraphMoves:
    """Each inserted paragraph (in NEW's order) paired with the most similar deleted one
    still free, when at least :data:`MOVE_RATIO` alike; names from ``mouMove<first>`` on."""
    found = ParagraphMoves()
    olds = [(p, t, words_and_marks(t)) for p, t in deleted]
    news = [(p, t, words_and_marks(t)) for p, t in inserted]
    olds = [o for o in olds if _words(o[2]) >= MOVE_MIN_WORDS]
    news = [n for n in news if _words(n[2]) >= MOVE_MIN_WORDS]
    exact_only = len(olds) * len(news) > MOVE_PAIR_LIMIT
    counts = {place: Counter(tokens) for place, _, tokens in olds}
    free = {place: (text, tokens) for place, text, tokens in olds}
    for place, text, tokens in news:
        mine = Counter(tokens)
        best: tuple[float, Place] | None = None
        for old_place, (old_text, old_tokens) in free.items():
            if old_text == text:
                score = 1.0
            elif exact_only or (
                _bound(counts[old_place], mine, len(tokens) + len(old_tokens)) < MOVE_RATIO
            ):
                continue
            else:
                score = token_similarity(old_tokens, tokens)
            if score >= MOVE_RATIO and (best is None or score > best[0]):
                best = (score, old_place)
        if best is None:
            continue
        del free[best[1]]
        name = f"mouMove{first + len(found.here)}"
        found.away[best[1]] = name
        found.here[place] = (name, best[1])
    return found
