"""Tracked changes that are not run text: property changes of paragraph marks, sections,
tables, rows, cells and list numbers; insertions and deletions whose content is a field, a
note reference or a picture; and tracked text inside text boxes.

The walker (:mod:`.walk`) reads run text and run/paragraph formatting of the body's own
paragraphs; everything else a reviewer must see is found here, in one pass over the tree.
"""

from __future__ import annotations

from lxml.etree import QName
from lxml.etree import _Element as Element

from ..text import paragraph_text
from .model import ChangeKind, ReturnedDocument, TrackedChange
from .tags import AUTHOR, ID, PPR, RPR, w
from .walk import date_of

TXBX = w("txbxContent")
#: the copy of a drawing for older readers (its text boxes repeat the mc:Choice ones)
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: property change element -> what the reviewer is told changed
PROPERTY_CHANGES = {
    w("sectPrChange"): "section properties",
    w("tblPrChange"): "table properties",
    w("trPrChange"): "table row properties",
    w("tcPrChange"): "table cell properties",
    w("tblPrExChange"): "table row exceptions (w:tblPrEx)",
    w("numberingChange"): "list numbering",
    w("rPrChange"): "formatting",
    w("pPrChange"): "paragraph formatting",
}
GRID_CHANGE, TBL_PR_CHANGE = w("tblGridChange"), w("tblPrChange")
#: the changes of a table's own rows and cells that can say who changed its column widths
_ROW_CELL_CHANGES = (w("trPrChange"), w("tcPrChange"))
#: run content that is not text but is still a change when inserted or deleted
OBJECTS = {
    w("fldChar"): "field",
    w("fldSimple"): "field",
    w("footnoteReference"): "footnote reference",
    w("endnoteReference"): "endnote reference",
    w("drawing"): "picture",
    w("pict"): "picture",
    w("object"): "embedded object",
    w("sym"): "symbol",
}
INS_DEL: dict[str, ChangeKind] = {
    w("ins"): "insert",
    w("del"): "delete",
    w("moveTo"): "insert",
    w("moveFrom"): "delete",
}


def _inside(el: Element, tag: str) -> bool:
    return any(a.tag == tag for a in el.iterancestors())


def _walked(change: Element) -> bool:
    """True for the changes :mod:`.walk` already reports (body run and paragraph formatting)."""
    parent = change.getparent()
    owner = parent.getparent() if parent is not None else None
    if parent is None or owner is None or _inside(change, TXBX):
        return False
    if change.tag == w("rPrChange"):
        return parent.tag == RPR and owner.tag == w("r")
    if change.tag == w("pPrChange"):
        return parent.tag == PPR and owner.tag == w("p")
    return False


def _block_of(el: Element, index: dict[int, int], last: int) -> int:
    for node in (el, *el.iterancestors()):
        found = index.get(id(node))
        if found is not None:
            return found
    return last


def _change(el: Element, kind: ChangeKind, text: str, block: int, detail: str) -> TrackedChange:
    return TrackedChange(
        id=el.get(ID) or "",
        kind=kind,
        author=el.get(AUTHOR) or "",
        date=date_of(el),
        text=text,
        block=block,
        keys=[],
        detail=detail,
    )


def _object_text(el: Element) -> str:
    names = []
    for node in el.iter():
        name = OBJECTS.get(str(node.tag))
        if node.tag == w("fldChar") and node.get(w("fldCharType")) != "begin":
            continue
        if name and f"[{name}]" not in names:
            names.append(f"[{name}]")
    return " ".join(names)


def structural_changes(doc: ReturnedDocument, walked_text: set[str]) -> list[TrackedChange]:
    """The changes :mod:`.walk` does not see; ``walked_text``: ids of revisions with text."""
    if not doc.blocks:
        return []
    root = doc.blocks[0].element.getroottree().getroot()
    index = {id(b.element): b.index for b in doc.blocks}
    last = len(doc.blocks) - 1
    found: list[TrackedChange] = []
    for el in root.iter(*PROPERTY_CHANGES, *INS_DEL, GRID_CHANGE):  # in document order
        if _inside(el, FALLBACK):
            continue
        if el.tag == GRID_CHANGE:
            found += _grid_change(el, _block_of(el, index, last))
            continue
        detail = PROPERTY_CHANGES.get(el.tag)
        if el.tag == TBL_PR_CHANGE and _table_grid_changed(el):
            detail = "table properties and column widths"
        if detail is not None and el.get(AUTHOR) is not None and not _walked(el):
            owner = el.getparent().getparent() if el.getparent() is not None else None
            if el.tag == w("rPrChange") and owner is not None and owner.tag == PPR:
                detail = "paragraph mark formatting"
            where = f"{detail} (text box)" if _inside(el, TXBX) else detail
            found.append(_change(el, "format", "", _block_of(el, index, last), where))
            continue
        kind = INS_DEL.get(el.tag)
        if kind is None or el.getparent() is None or el.getparent().tag in (RPR, w("trPr")):
            continue
        if _inside(el, TXBX):
            text = paragraph_text(el, "current") if el.tag != w("p") else ""
            if text:
                block = _block_of(el, index, last)
                found.append(_change(el, kind, text, block, "in a text box"))
                continue
        if (el.get(ID) or "") in walked_text:
            continue
        text = _object_text(el)
        if text:
            found.append(_change(el, kind, text, _block_of(el, index, last), QName(el).localname))
    return found


def _table_grid_changed(tbl_pr_change: Element) -> bool:
    tbl_pr = tbl_pr_change.getparent()
    tbl = tbl_pr.getparent() if tbl_pr is not None else None
    return tbl is not None and tbl.find(f"{w('tblGrid')}/{GRID_CHANGE}") is not None


def _grid_change(el: Element, block: int) -> list[TrackedChange]:
    """Column widths changed (``w:tblGridChange``, which has no author): reported with the
    table's property change when it has one, else as its own change by the author of the
    first row or cell property change of the table (Word records those beside it)."""
    grid = el.getparent()
    tbl = grid.getparent() if grid is not None else None
    if tbl is None or tbl.find(f"{w('tblPr')}/{TBL_PR_CHANGE}[@{AUTHOR}]") is not None:
        return []
    change = _change(el, "format", "", block, "table column widths")
    change.author = next(
        (c.get(AUTHOR) or "" for c in tbl.iter(*_ROW_CELL_CHANGES) if c.get(AUTHOR)), ""
    )
    return [change]
