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

from .tags import DEL, INS, MARKERS, PPR, PPR_CHANGE, RPR, SDT, SECT_PR, TBL, TR, TRPR, P, R
from .track import Revisions


def _mark(p: Element) -> Element | None:
    ppr = p.find(PPR)
    rpr = ppr.find(RPR) if ppr is not None else None
    if rpr is None:
        return None
    return next((c for c in rpr if c.tag in MARKERS), None)


def _wholly(p: Element, tag: str) -> bool:
    mark = _mark(p)
    if mark is None or mark.tag != tag:
        return False
    return all(any(a.tag == tag for a in run.iterancestors()) for run in p.iter(R))


def move_final_mark(container: Element, rev: Revisions) -> None:
    """In ``container`` (in place): inserted trailing paragraphs' break moved up."""
    blocks = [c for c in container if c.tag in (P, TBL, SDT)]
    if not blocks or blocks[-1].tag != P or _mark(blocks[-1]) is None:
        return
    tag = _mark(blocks[-1]).tag  # type: ignore[union-attr]
    if tag not in (INS, DEL):
        return
    trailing = 0
    while trailing < len(blocks) and blocks[-1 - trailing].tag == P:
        if not _wholly(blocks[-1 - trailing], tag):
            break
        trailing += 1
    if trailing == 0 or trailing == len(blocks):
        return
    kept, last = blocks[-1 - trailing], blocks[-1]
    if kept.tag != P or _mark(kept) is not None:
        return
    mark = _mark(last)
    assert mark is not None
    mark.getparent().remove(mark)
    ppr = kept.find(PPR)
    if ppr is None:
        ppr = kept.makeelement(PPR, {})
        kept.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = ppr.makeelement(RPR, {})
        ppr.append(rpr)
    rpr.insert(0, mark)
    _record_properties(last, kept, rev, inserted=tag == INS)


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
    change = rev.mark(PPR_CHANGE)
    change.append(before)
    last_ppr.append(change)  # w:pPrChange is the last child of w:pPr


def _inserted_table(tbl: Element) -> bool:
    rows = [tr for tr in tbl if tr.tag == TR]
    return bool(rows) and all(
        (trpr := tr.find(TRPR)) is not None and trpr.find(INS) is not None for tr in rows
    )


def deleted_before_tables(container: Element) -> None:
    """A deleted paragraph right before an inserted table goes after it: LibreOffice cannot
    join a paragraph to a table, so Accept All would leave it empty there. The order is
    OLD's again once the table is rejected."""
    for tbl in [c for c in container if c.tag == TBL]:
        before = tbl.getprevious()
        moved: list[Element] = []
        while before is not None and before.tag == P and _wholly(before, DEL):
            moved.append(before)
            before = before.getprevious()
        if moved and _inserted_table(tbl):
            for p in moved:  # nearest first: inserting each right after keeps their order
                tbl.addnext(p)
