"""Accepting or rejecting every tracked change of a tree, in place.

Runs, paragraph marks, table rows and cells, property changes and moves are resolved,
keeping paragraph structure exact (a paragraph whose mark goes joins the next one).
"""

from __future__ import annotations

from typing import Any

from ..ns import w
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


def accept_all(root: Any) -> Any:
    """Accept every tracked change in ``root`` (in place); returns ``root``."""
    _resolve(root, accept=True)
    return root


def reject_all(root: Any) -> Any:
    """Reject every tracked change in ``root`` (in place); returns ``root``."""
    _resolve(root, accept=False)
    return root


def has_revisions(root: Any) -> bool:
    watched = MARKERS | PROPERTY_CHANGES | {w("cellIns"), w("cellDel")}
    return next(root.iter(*watched), None) is not None


def _resolve(root: Any, accept: bool) -> None:
    if not has_revisions(root):
        return
    drop = (DEL, MOVE_FROM) if accept else (INS, MOVE_TO)
    # 1. property changes: accepting drops the record, rejecting restores the old properties
    for change in list(root.iter(*PROPERTY_CHANGES)):
        parent = change.getparent()
        if parent is None:
            continue
        if accept or change.tag == w("numberingChange"):
            parent.remove(change)
            continue
        inner = next((c for c in change if isinstance(c.tag, str)), None)
        kept = [
            c
            for c in parent
            if c is not change
            and (c.tag in MARKERS or (change.tag == PPR_CHANGE and c.tag in (RPR, SECT_PR)))
        ]
        for c in list(parent):
            parent.remove(c)
        for c in list(inner) if inner is not None else []:
            parent.append(c)
        for c in kept:
            parent.append(c)
        if parent.tag == RPR:  # markers first in a paragraph mark's rPr
            for c in [c for c in parent if c.tag in MARKERS]:
                parent.remove(c)
                parent.insert(0, c)
    for el in list(root.iter(*MOVE_RANGES)):
        remove(el)
    # 2. run-level wrappers
    for el in [el for el in root.iter(INS, DEL, MOVE_FROM, MOVE_TO)]:
        parent = el.getparent()
        if parent is None or parent.tag in (RPR, TRPR, TCPR):
            continue
        if el.tag in drop:
            remove(el)
        else:
            if not accept:
                for t in el.iter(DEL_TEXT, DEL_INSTR):
                    t.tag = T if t.tag == DEL_TEXT else INSTR
            unwrap(el, list(el))
    # 3. cells and rows
    for tc in list(root.iter(TC)):
        tcpr = tc.find(TCPR)
        if tcpr is None:
            continue
        for marker in tcpr.findall(w("cellIns")) + tcpr.findall(w("cellDel")):
            gone = (marker.tag == w("cellDel")) == accept
            tcpr.remove(marker)
            if gone and tc.getparent() is not None:
                tc.getparent().remove(tc)
    for tr in list(root.iter(TR)):
        trpr = tr.find(TRPR)
        if trpr is None:
            continue
        markers = [c for c in trpr if c.tag in MARKERS]
        if any(m.tag in drop for m in markers):
            tr.getparent().remove(tr)
            continue
        for m in markers:
            trpr.remove(m)
    for tbl in list(root.iter(TBL)):
        if tbl.find(TR) is None and tbl.getparent() is not None:
            tbl.getparent().remove(tbl)
    # 4. paragraph marks
    for p in list(root.iter(P)):
        rpr = p.find(f"{PPR}/{RPR}")
        if rpr is None:
            continue
        markers = [c for c in rpr if c.tag in MARKERS]
        if not markers:
            continue
        for m in markers:
            rpr.remove(m)
        if any(m.tag in drop for m in markers):
            _join_next(p)
    # 5. block-level content controls left empty
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


def _join_next(p: Any) -> None:
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
