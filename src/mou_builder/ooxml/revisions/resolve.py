"""Accepting or rejecting every tracked change of a tree, in place.

Runs, paragraph marks, table rows and cells, property changes and moves are resolved,
keeping paragraph structure exact (a paragraph whose mark goes joins the next one).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.etree import _Element as Element

from ..ns import w
from .propchanges import SECT_PR_CHANGE, SECTION_REFERENCES
from .tags import (
    BODY,
    DEL,
    DEL_INSTR,
    DEL_TEXT,
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
    SDT,
    SDT_CONTENT,
    SECT_PR,
    TBL,
    TC,
    TCPR,
    TR,
    TRPR,
    P,
    R,
    T,
)
from .track import remove, unwrap

CELL_INS, CELL_DEL, NUMBERING_CHANGE = w("cellIns"), w("cellDel"), w("numberingChange")


def accept_all(root: Element) -> Element:
    """Accept every tracked change in ``root`` (in place); returns ``root``."""
    _resolve(root, accept=True)
    return root


def reject_all(root: Element) -> Element:
    """Reject every tracked change in ``root`` (in place); returns ``root``."""
    _resolve(root, accept=False)
    return root


def has_revisions(root: Element) -> bool:
    watched = MARKERS | PROPERTY_CHANGES | {CELL_INS, CELL_DEL}
    return next(root.iter(*watched), None) is not None


def _resolve(root: Element, accept: bool) -> None:
    if not has_revisions(root):
        return
    drop = (DEL, MOVE_FROM) if accept else (INS, MOVE_TO)
    for step in _STEPS:
        step(root, accept, drop)


def _property_changes(root: Element, accept: bool, drop: tuple[str, ...]) -> None:
    """Accepting drops the record of old properties, rejecting restores them."""
    for change in list(root.iter(*PROPERTY_CHANGES)):
        parent = change.getparent()
        if parent is None:
            continue
        if accept or change.tag == NUMBERING_CHANGE:
            parent.remove(change)
        else:
            _restore_properties(parent, change)


def _restore_properties(parent: Element, change: Element) -> None:
    """Replace ``parent``'s properties by the old ones ``change`` holds (keeping markers,
    and a paragraph's mark properties and section)."""
    inner = next((c for c in change if isinstance(c.tag, str)), None)
    kept = [
        c
        for c in parent
        if c is not change
        and (c.tag in MARKERS or (change.tag == PPR_CHANGE and c.tag in (RPR, SECT_PR)))
    ]
    # a section's change holds no header/footer references: they stay, first
    first = [c for c in parent if change.tag == SECT_PR_CHANGE and c.tag in SECTION_REFERENCES]
    for c in list(parent):
        parent.remove(c)
    for c in first:
        parent.append(c)
    for c in list(inner) if inner is not None else []:
        parent.append(c)
    for c in kept:
        parent.append(c)
    if parent.tag == RPR:  # markers first in a paragraph mark's rPr
        for c in [c for c in parent if c.tag in MARKERS]:
            parent.remove(c)
            parent.insert(0, c)


def _move_ranges(root: Element, accept: bool, drop: tuple[str, ...]) -> None:
    for el in list(root.iter(*MOVE_RANGES)):
        remove(el)


def _run_wrappers(root: Element, accept: bool, drop: tuple[str, ...]) -> None:
    """``w:ins``/``w:del``/moves around runs: dropped with their content, or unwrapped."""
    for el in list(root.iter(INS, DEL, MOVE_FROM, MOVE_TO)):
        parent = el.getparent()
        if parent is None or parent.tag in (RPR, TRPR, TCPR):
            continue
        if el.tag in drop:
            remove(el)
            continue
        if not accept:
            for t in el.iter(DEL_TEXT, DEL_INSTR):
                t.tag = T if t.tag == DEL_TEXT else INSTR
        unwrap(el, list(el))


def _cells(root: Element, accept: bool, drop: tuple[str, ...]) -> None:
    for tc in list(root.iter(TC)):
        tcpr = tc.find(TCPR)
        if tcpr is None:
            continue
        for marker in tcpr.findall(CELL_INS) + tcpr.findall(CELL_DEL):
            gone = (marker.tag == CELL_DEL) == accept
            tcpr.remove(marker)
            parent = tc.getparent()
            if gone and parent is not None:
                parent.remove(tc)


def _rows(root: Element, accept: bool, drop: tuple[str, ...]) -> None:
    for tr in list(root.iter(TR)):
        trpr = tr.find(TRPR)
        if trpr is None:
            continue
        markers = [c for c in trpr if c.tag in MARKERS]
        parent = tr.getparent()
        if any(m.tag in drop for m in markers) and parent is not None:
            parent.remove(tr)
            continue
        for m in markers:
            trpr.remove(m)
    for tbl in list(root.iter(TBL)):
        parent = tbl.getparent()
        if tbl.find(TR) is None and parent is not None:
            parent.remove(tbl)


def _paragraph_marks(root: Element, accept: bool, drop: tuple[str, ...]) -> None:
    for p in list(root.iter(P)):
        rpr = p.find(f"{PPR}/{RPR}")
        if rpr is None:
            continue
        markers = [c for c in rpr if c.tag in MARKERS]
        for m in markers:
            rpr.remove(m)
        if any(m.tag in drop for m in markers):
            _join_next(p)


def _empty_controls(root: Element, accept: bool, drop: tuple[str, ...]) -> None:
    """Block-level content controls left empty go."""
    for sdt in list(root.iter(SDT)):
        content = sdt.find(SDT_CONTENT)
        parent = sdt.getparent()
        if (
            content is not None
            and len(content) == 0
            and parent is not None
            and parent.tag in (BODY, TC, SDT_CONTENT)
        ):
            parent.remove(sdt)


#: the order matters: properties before wrappers, cells and rows before paragraph marks
_STEPS: tuple[Callable[[Element, bool, tuple[str, ...]], None], ...] = (
    _property_changes,
    _move_ranges,
    _run_wrappers,
    _cells,
    _rows,
    _paragraph_marks,
    _empty_controls,
)


def _join_next(p: Element) -> None:
    """A paragraph whose mark is removed: its content joins the next paragraph."""
    content = [c for c in p if c.tag != PPR]
    parent = p.getparent()
    if parent is None:
        return
    if not any(c.tag == R or c.find(f".//{R}") is not None for c in content):
        parent.remove(p)
        return
    nxt = p.getnext()
    if nxt is None or nxt.tag != P:
        return  # nowhere to join: the paragraph stays (Word keeps the last mark, too)
    ppr = nxt.find(PPR)
    index = 1 if ppr is not None else 0
    for offset, child in enumerate(content):
        nxt.insert(index + offset, child)
    parent.remove(p)
