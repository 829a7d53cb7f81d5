"""Paragraphs inserted at the end of a container (the body, a note): the mark moves up.

A container's last paragraph mark cannot be removed, so when the last paragraphs are
inserted, rejecting them in LibreOffice (or Word) leaves an empty paragraph (an empty
bullet when they are list items). As Word records it, the inserted paragraph break is the
one *before* them: the mark of the last kept paragraph is marked inserted instead of the
last one's, and the last paragraph's properties carry a ``w:pPrChange`` to the kept
paragraph's, so Reject All gives the kept paragraph back as it was.
"""

from __future__ import annotations

import copy

from lxml.etree import _Element as Element

from ..ns import w
from ..text import run_text
from .formatting import canonical
from .tags import (
    DEL,
    INS,
    MARKERS,
    MOVE_FROM,
    MOVE_TO,
    PPR,
    PPR_CHANGE,
    RPR,
    SDT,
    SDT_CONTENT,
    SECT_PR,
    TBL,
    TR,
    TRPR,
    P,
    R,
)
from .track import Revisions

NUM_PR = w("numPr")
#: a paragraph moved here goes in Reject All as an inserted one does; moved away, in Accept All
_FAMILY = {INS: (INS, MOVE_TO), DEL: (DEL, MOVE_FROM)}


def _mark(p: Element) -> Element | None:
    ppr = p.find(PPR)
    rpr = ppr.find(RPR) if ppr is not None else None
    if rpr is None:
        return None
    return next((c for c in rpr if c.tag in MARKERS), None)


def _wholly(p: Element, tag: str, moves: bool = False) -> bool:
    """``p``'s mark and all its runs tracked as ``tag`` (``moves``: or moved the same way)."""
    tags = _FAMILY[tag] if moves else (tag,)
    mark = _mark(p)
    if mark is None or mark.tag not in tags:
        return False
    return all(any(a.tag in tags for a in run.iterancestors()) for run in p.iter(R))


def move_final_mark(container: Element, rev: Revisions) -> None:
    """In ``container`` (in place): the break of paragraphs wholly inserted or deleted at
    its end, or right before a table or a list paragraph (a numbered heading), moved up to
    the kept paragraph before them. LibreOffice takes a list paragraph right after an
    inserted (deleted) break for an inserted (deleted) item and numbers the original
    document without it: "10.[9.]" for every heading after it. The same when the kept
    paragraph ends in text tracked the same way (a sentence appended, then paragraphs
    inserted): LibreOffice takes that text, the paragraphs and their breaks for one change,
    and its Reject All (Accept All, for deletions) joins the kept paragraph to the next
    one ("...written agreement.5. Confidentiality")."""
    blocks = _flow(container)
    for index, block in enumerate(blocks):
        at_end = index == len(blocks) - 1
        if block.tag != P:
            continue
        mark = _mark(block)
        # moved paragraphs keep their own marks (a move joins nothing to what follows),
        # but the container's last mark cannot go: there it moves up as for an insertion
        if mark is None or (mark.tag not in (INS, DEL) and not at_end):
            continue
        tag = INS if mark.tag in _FAMILY[INS] else DEL
        first = index
        while first > 0 and blocks[first - 1].tag == P and _wholly(blocks[first - 1], tag, at_end):
            first -= 1
        if not _wholly(block, tag, at_end) or first == 0:
            continue
        kept = blocks[first - 1]
        if kept.tag != P:
            continue
        if not (
            at_end
            or _fixed_start(blocks[index + 1])
            or (_ends_tracked(kept, tag) and not _wholly_p(blocks[index + 1], tag))
        ):
            continue
        kept_mark = _mark(kept)
        if kept_mark is None:
            _move(mark, kept, tag)
            _record_properties(block, kept, rev, inserted=tag == INS)
        elif kept_mark.tag in (INS, DEL) and kept_mark.tag != tag and _wholly(kept, kept_mark.tag):
            _merge(kept, block, rev)


def _wholly_p(block: Element, tag: str) -> bool:
    return block.tag == P and _wholly(block, tag)


def _ends_tracked(p: Element, tag: str) -> bool:
    """The last run of ``p`` that holds text is inside a ``tag`` (``w:ins``/``w:del``)."""
    last = next((r for r in reversed(list(p.iter(R))) if run_text(r)), None)
    return last is not None and any(a.tag == tag for a in last.iterancestors())


def _flow(container: Element) -> list[Element]:
    """The paragraphs and tables of ``container`` in order, through block content controls."""
    out: list[Element] = []
    for child in container:
        if child.tag in (P, TBL):
            out.append(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                out += _flow(content)
    return out


def _fixed_start(block: Element) -> bool:
    """A block a tracked break before it must not touch: a table, even one
    tracked the same way (LibreOffice cannot join a paragraph to a table, so rejecting an
    inserted clause that ends in a table would leave its last paragraph there, empty), or a
    list paragraph whose own mark is untracked."""
    if block.tag == TBL:
        return True
    ppr = block.find(PPR)
    return ppr is not None and ppr.find(NUM_PR) is not None and _mark(block) is None


def _merge(other: Element, last: Element, rev: Revisions) -> None:
    """``last`` (wholly inserted or deleted, its mark cannot go) takes in ``other``, the
    paragraph before the run it ends, wholly tracked the other way: one paragraph whose
    text is either side's, its mark kept in both views, its properties NEW's when accepted
    and OLD's when rejected."""
    mark = _mark(last)
    assert mark is not None
    inserted = mark.tag == INS
    rev.drop(mark)
    other_mark = _mark(other)
    assert other_mark is not None
    rev.drop(other_mark)
    _record_properties(last, other, rev, inserted=inserted)
    content = [c for c in other if c.tag != PPR]
    if inserted:  # OLD's deleted text first, as a replacement reads
        ppr = last.find(PPR)
        index = 0 if ppr is None else last.index(ppr) + 1
        for offset, child in enumerate(content):
            last.insert(index + offset, child)
    else:
        last.extend(content)
    other.getparent().remove(other)


def _move(mark: Element, kept: Element, tag: str) -> None:
    """``mark`` (a paragraph mark's change) now ``kept``'s, as ``tag``: the kept paragraph
    is outside any move's range, so its break is a plain insertion (deletion)."""
    mark.getparent().remove(mark)
    mark.tag = tag
    ppr = kept.find(PPR)
    if ppr is None:
        ppr = kept.makeelement(PPR, {})
        kept.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = ppr.makeelement(RPR, {})
        later = [c for c in ppr if c.tag in (SECT_PR, PPR_CHANGE)]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, mark)


def _bare(ppr: Element | None) -> list[Element]:
    """Paragraph properties without the mark's run properties, section and change."""
    if ppr is None:
        return []
    return [copy.deepcopy(c) for c in ppr if c.tag not in (RPR, SECT_PR, PPR_CHANGE)]


def _record_properties(last: Element, kept: Element, rev: Revisions, inserted: bool) -> None:
    """The merged paragraph's properties: NEW's when accepted, OLD's when rejected.

    Inserted: ``last`` is NEW's, the change goes back to ``kept``'s. Deleted: ``last`` is
    OLD's; it takes ``kept``'s properties and the change goes back to its own."""
    last_ppr = last.find(PPR)
    if last_ppr is None:
        last_ppr = last.makeelement(PPR, {})
        last.insert(0, last_ppr)
    if last_ppr.find(PPR_CHANGE) is not None:
        return
    before = last_ppr.makeelement(PPR, {})
    before.extend(_bare(kept.find(PPR)) if inserted else _bare(last_ppr))
    if not inserted:
        keep = [c for c in last_ppr if c.tag in (RPR, SECT_PR)]
        last_ppr[:] = [*_bare(kept.find(PPR)), *keep]
    now = [c for c in last_ppr if c.tag not in (RPR, SECT_PR, PPR_CHANGE)]
    if [canonical(c) for c in now] == [canonical(c) for c in before]:
        return  # the same properties either way: nothing to record
    change = rev.mark(PPR_CHANGE)
    change.append(before)
    last_ppr.append(change)  # w:pPrChange is the last child of w:pPr


def _inserted_table(tbl: Element) -> bool:
    rows = [tr for tr in tbl if tr.tag == TR]
    return bool(rows) and all(
        (trpr := tr.find(TRPR)) is not None and trpr.find(INS) is not None for tr in rows
    )


def _rowless(el: Element) -> bool:
    return el.tag == TBL and next(el.iter(TR), None) is None


def deleted_before_tables(container: Element) -> None:
    """A deleted paragraph right before an inserted table goes after it: LibreOffice cannot
    join a paragraph to a table, so Accept All would leave it empty there. The order is
    OLD's again once the table is rejected. A table without rows in between (nothing to
    see, nothing to track) is passed over. Tables inside content controls and cells too."""
    for tbl in list(container.iter(TBL)):
        before = tbl.getprevious()
        moved: list[Element] = []
        while before is not None and (
            (before.tag == P and _wholly(before, DEL)) or _rowless(before)
        ):
            if before.tag == P:
                moved.append(before)
            before = before.getprevious()
        if moved and _inserted_table(tbl):
            for p in moved:  # nearest first: inserting each right after keeps their order
                tbl.addnext(p)
