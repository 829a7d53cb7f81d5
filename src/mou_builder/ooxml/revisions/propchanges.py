"""Table, row, cell and section properties that changed: ``w:tblPrChange``,
``w:trPrChange``, ``w:tcPrChange`` and ``w:sectPrChange``, and a table's column widths
(``w:tblGridChange``).

Each change is the last child of NEW's properties and holds OLD's (as Word records them), so
Reject All gives OLD's table borders, row heights, cell shading or page setup back. Only what
a reader sees is compared (:data:`VISIBLE`); the ids editors renumber are not. A cell's
column span and vertical merge are not here: rows whose cells merge differently are
replaced (:func:`.words.redline_table`).

Column widths are tracked as Word tracks them: ``w:tblGridChange`` (which has no author)
holds OLD's grid, the table's ``w:tblPrChange`` says who changed it, and each paired cell
whose width changed holds OLD's ``w:tcW`` in a ``w:tcPrChange``. Only a change a reader
sees counts (:func:`grid_moved`): a column's share of the table moving by more than
:data:`GRID_TOLERANCE`, or a column added or removed, not an editor's rounding.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree
from lxml.etree import _Element as Element

from ..ns import turned_off, w
from ..text import own_cells, own_rows
from .formatting import canonical
from .tags import AUTHOR, DATE, MARKERS, SECT_PR, TBL_PR_EX, TCPR, TRPR
from .track import Revisions

TBL_PR = w("tblPr")
TBL_GRID, TBL_GRID_CHANGE, GRID_COL, TC_W = w("tblGrid"), w("tblGridChange"), w("gridCol"), w("tcW")
#: the share of the table's width a column may gain or lose before it is a change
GRID_TOLERANCE = 0.02
SECT_PR_CHANGE = w("sectPrChange")
#: references a section's change does not hold (CT_SectPrBase): they stay on Reject All
SECTION_REFERENCES = frozenset({w("headerReference"), w("footerReference")})
_CELL_MARKS = frozenset({w("cellIns"), w("cellDel"), w("cellMerge")})

#: properties element -> (its change element, the children compared). Widths, indents,
#: cell margins and layout are not: editors rewrite them (LibreOffice recomputes every
#: column width on save) without anyone meaning to change the table.
VISIBLE: dict[str, tuple[str, tuple[str, ...]]] = {
    TBL_PR: (w("tblPrChange"), ("tblStyle", "jc", "tblBorders", "shd")),
    TRPR: (w("trPrChange"), ("trHeight", "cantSplit", "tblHeader")),
    TCPR: (w("tcPrChange"), ("tcBorders", "shd", "noWrap", "vAlign", "textDirection")),
    SECT_PR: (SECT_PR_CHANGE, ("pgSz", "pgMar", "cols", "pgNumType", "titlePg", "vAlign")),
}
_ON_OFF = frozenset({"cantSplit", "tblHeader", "noWrap", "titlePg"})
#: values that say what absence says
_DEFAULT = frozenset(
    {("jc", "start"), ("jc", "left"), ("vAlign", "top"), ("textDirection", "lrTb")}
)
_NO_LINE = frozenset({"nil", "none"})
_MARGINS = ("top", "bottom", "left", "right")
_NOT_COPIED = MARKERS | _CELL_MARKS | SECTION_REFERENCES


def _signature(pr: Element | None, names: tuple[str, ...]) -> list[str]:
    if pr is None:
        return []
    found = (_meaning(name, c) for name in names for c in pr.findall(w(name)))
    return [value for value in found if value is not None]


def _meaning(name: str, el: Element) -> str | None:
    """What one property says, the same however an editor spells it (None: the default)."""
    val = el.get(w("val"))
    if name in _ON_OFF:
        return None if turned_off(val) else name
    if (name, val) in _DEFAULT:
        return None
    if name.endswith("Borders"):
        return _borders(name, el)
    special = _SPECIAL.get(name)
    return special(el) if special is not None else canonical(el)


def _borders(name: str, el: Element) -> str | None:
    lines = sorted(canonical(c) for c in el if c.get(w("val")) not in _NO_LINE)
    return f"{name}:{''.join(lines)}" if lines else None


def _shading(el: Element) -> str | None:
    val, fill = el.get(w("val")), (el.get(w("fill")) or "auto").lower()
    return None if val in ("nil", "clear") and fill == "auto" else f"shd:{val}:{fill}"


def _margins(el: Element) -> str:
    return "pgMar:" + ",".join(el.get(w(side)) or "0" for side in _MARGINS)


def _columns(el: Element) -> str | None:
    count = el.get(w("num")) or "1"
    return None if count == "1" else f"cols:{count}"


def _page_numbers(el: Element) -> str | None:
    start, fmt = el.get(w("start")), el.get(w("fmt")) or "decimal"
    return None if start is None and fmt == "decimal" else f"pgNumType:{start}:{fmt}"


_SPECIAL: dict[str, Callable[[Element], str | None]] = {
    "shd": _shading,
    "pgMar": _margins,
    "cols": _columns,
    "pgNumType": _page_numbers,
}


def _properties_of(owner: Element, tag: str) -> Element:
    """``owner``'s properties element (``tag``), made at its schema place when missing."""
    pr = owner.find(tag)
    if pr is None:
        pr = etree.Element(tag)
        ex = owner.find(TBL_PR_EX)
        if tag == TRPR and ex is not None:
            ex.addnext(pr)
        else:
            owner.insert(0, pr)
    return pr


def track_properties(
    old_pr: Element | None, owner: Element, tag: str, rev: Revisions, *, also: bool = False
) -> bool:
    """A change on ``owner``'s ``tag`` properties holding ``old_pr`` when what a reader
    sees differs (or ``also``: something else the change stands for, a column width);
    True when one was added. ``owner`` is a table, row or cell, or for a section (``tag``
    is ``w:sectPr``) the ``w:sectPr`` itself."""
    change_tag, names = VISIBLE[tag]
    new_pr = owner if owner.tag == tag else owner.find(tag)
    if not also and _signature(old_pr, names) == _signature(new_pr, names):
        return False
    new_pr = owner if owner.tag == tag else _properties_of(owner, tag)
    if new_pr.find(change_tag) is not None:
        return False
    before = etree.Element(tag)
    for child in old_pr if old_pr is not None else []:
        if isinstance(child.tag, str) and child.tag not in _NOT_COPIED and child.tag != change_tag:
            before.append(copy.deepcopy(child))
    change = rev.mark(change_tag)
    change.append(before)
    new_pr.append(change)  # the last child of the properties
    return True


def _widths(grid: Element | None) -> list[float]:
    cols = [] if grid is None else grid.findall(GRID_COL)
    values = []
    for col in cols:
        try:
            values.append(max(float(col.get(w("w")) or 0), 0.0))
        except ValueError:
            values.append(0.0)
    return values


def grid_moved(old_grid: Element | None, new_grid: Element | None) -> bool:
    """True when the columns differ in number, or one's share of the table's width moved
    by more than :data:`GRID_TOLERANCE`."""
    old, new = _widths(old_grid), _widths(new_grid)
    if len(old) != len(new):
        return bool(old) and bool(new)
    old_total, new_total = sum(old), sum(new)
    if not old_total or not new_total:
        return False
    return any(
        abs(a / old_total - b / new_total) > GRID_TOLERANCE for a, b in zip(old, new, strict=True)
    )


def track_grid(old_tbl: Element, new_tbl: Element, rev: Revisions) -> bool:
    """A ``w:tblGridChange`` holding OLD's columns when the widths a reader sees changed."""
    old_grid, new_grid = old_tbl.find(TBL_GRID), new_tbl.find(TBL_GRID)
    if new_grid is None or not grid_moved(old_grid, new_grid):
        return False
    if new_grid.find(TBL_GRID_CHANGE) is not None:
        return False
    change = rev.mark(TBL_GRID_CHANGE)
    for name in (AUTHOR, DATE):  # CT_Markup: an id only; the table's change has the author
        del change.attrib[name]
    before = etree.SubElement(change, TBL_GRID)
    for col in old_grid.findall(GRID_COL) if old_grid is not None else []:
        before.append(copy.deepcopy(col))
    new_grid.append(change)  # the last child of the grid
    return True


def track_table_properties(old_tbl: Element, new_tbl: Element, rev: Revisions) -> None:
    """Table properties and column widths, and the properties of rows and cells paired
    in order when the table keeps its rows and each row its cells (otherwise the rows are
    redlined as rows)."""
    widths = track_grid(old_tbl, new_tbl, rev)
    track_properties(old_tbl.find(TBL_PR), new_tbl, TBL_PR, rev, also=widths)
    old_rows, new_rows = own_rows(old_tbl), own_rows(new_tbl)
    if len(old_rows) != len(new_rows):
        return
    for old_tr, new_tr in zip(old_rows, new_rows, strict=True):
        track_row_properties(old_tr, new_tr, rev, widths=widths)


def _cell_width(tc: Element) -> str | None:
    tcw = tc.find(f"{TCPR}/{TC_W}")
    return None if tcw is None else canonical(tcw)


def track_row_properties(
    old_tr: Element, new_tr: Element, rev: Revisions, *, widths: bool = False
) -> None:
    track_properties(old_tr.find(TRPR), new_tr, TRPR, rev)
    old_cells, new_cells = own_cells(old_tr), own_cells(new_tr)
    if len(old_cells) == len(new_cells):
        for old_tc, new_tc in zip(old_cells, new_cells, strict=True):
            resized = widths and _cell_width(old_tc) != _cell_width(new_tc)
            track_properties(old_tc.find(TCPR), new_tc, TCPR, rev, also=resized)


def track_section(old_sect: Element | None, new_sect: Element | None, rev: Revisions) -> bool:
    """Page setup of a section (size, margins, columns, numbering) changed."""
    if old_sect is None or new_sect is None:
        return False
    return track_properties(old_sect, new_sect, SECT_PR, rev)
