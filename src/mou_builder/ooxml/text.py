"""THE text of Word runs, paragraphs and table cells: one rule for every special element.

Views (:data:`View`):

- ``"current"``: as written, every character in the markup, inserted and deleted alike;
- ``"accepted"``: as if every tracked change were accepted (no ``w:del``/``w:moveFrom`` text,
  no rows marked deleted);
- ``"rejected"``: as if every tracked change were rejected (no ``w:ins``/``w:moveTo`` text, no
  rows marked inserted); ``w:delText`` only ever shows in this view and in ``"current"``.

One rule per special run child (:data:`CHARACTERS`):

=====================  ==========================================================
``w:t``, ``w:delText``  the element's text
``w:tab``, ``w:ptab``   ``"\\t"`` (a ``w:tab`` in ``w:pPr/w:tabs`` is a tab stop, never text)
``w:br``, ``w:cr``      ``"\\n"`` (a page or column break: nothing, it is layout)
``w:noBreakHyphen``     ``"-"`` (what a reader sees; matches the clause text we wrote)
``w:softHyphen``        nothing (invisible unless Word breaks the line there)
``w:sym``               nothing (a font-specific glyph, not text)
``w:instrText``         nothing: field codes are not text; field *results* are ordinary runs
note references         :data:`NOTE_MARK` (U+FFFC): a foot/endnote is anchored here
=====================  ==========================================================

A paragraph's text is its runs in text order, looking through hyperlinks, smart tags,
simple fields, custom XML, bidi wrappers and inline content controls, but not into text
boxes or drawings (their paragraphs are paragraphs of their own). A table's text is its own
rows (:data:`ROW_SEP`) of cells (:data:`CELL_SEP`); a cell's text is its own paragraphs joined by
:data:`CELL_PARAGRAPH_SEP` (a line break, as the redline always had it: the comparison and
``mou diff`` text keep a cell's lines); rows and cells of nested tables are not repeated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from lxml.etree import _Element as Element

from .ns import w

View = Literal["current", "accepted", "rejected"]
BR, BR_TYPE = w("br"), w("type")

P, R, T, DEL_TEXT = w("p"), w("r"), w("t"), w("delText")
RPR, TRPR = w("rPr"), w("trPr")
INS, DEL, MOVE_FROM, MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
TBL, TR, TC, SDT, SDT_CONTENT = w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent")

#: elements whose runs are part of the paragraph's text flow
CONTAINERS = frozenset(
    w(t) for t in ("hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo")
)
#: run children that carry text, and the characters each stands for (None: the element's text)
CHARACTERS: dict[str, str | None] = {
    T: None,
    DEL_TEXT: None,
    w("tab"): "\t",
    w("ptab"): "\t",
    w("br"): "\n",
    w("cr"): "\n",
    w("noBreakHyphen"): "-",
    w("softHyphen"): "",
    w("sym"): "",
    w("footnoteReference"): "\ufffc",
    w("endnoteReference"): "\ufffc",
}
#: what a footnote or endnote reference stands for in the text (so its addition is a change)
NOTE_MARK = "\ufffc"
CELL_SEP = "\t"
ROW_SEP = "\n"
CELL_PARAGRAPH_SEP = "\n"  # paragraphs inside one cell

#: which wrappers a view leaves out
_HIDDEN: dict[str, frozenset[str]] = {
    "current": frozenset(),
    "accepted": frozenset({DEL, MOVE_FROM}),
    "rejected": frozenset({INS, MOVE_TO}),
}
_TEXT_TAGS = tuple(CHARACTERS)


def item_text(child: Element) -> str | None:
    """The text one run child stands for, or None when it is not a text element."""
    tag = child.tag
    if not isinstance(tag, str) or tag not in CHARACTERS:
        return None
    char = CHARACTERS[tag]
    if tag == BR and child.get(BR_TYPE) in ("page", "column"):
        return ""  # layout, not text: LibreOffice moves a page break into the paragraph before
    return child.text or "" if char is None else char


def iter_runs(container: Element, view: View = "current") -> Iterator[Element]:
    """The ``w:r`` elements of a paragraph (or any run container) in text order."""
    hidden = _HIDDEN[view]
    for child in container:
        tag = child.tag
        if tag == R:
            yield child
        elif tag in CONTAINERS or tag == SDT_CONTENT or tag in (INS, MOVE_TO, DEL, MOVE_FROM):
            if tag not in hidden:
                yield from iter_runs(child, view)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from iter_runs(content, view)


def run_items(run: Element) -> list[tuple[str, Element]]:
    """(text, element) for each child of a run but its ``w:rPr``; non-text children have ""."""
    items: list[tuple[str, Element]] = []
    for child in run:
        tag = child.tag
        if tag == RPR or not isinstance(tag, str):
            continue
        items.append((item_text(child) or "", child))
    return items


def run_text(run: Element) -> str:
    return "".join(text for text, _ in run_items(run))


def paragraph_text(p: Element, view: View = "current") -> str:
    """Text of a paragraph in ``view`` (``current``: inserted and deleted text both, in order)."""
    if view == "current" and p.find(f".//{P}") is None:
        # fast path: no text boxes inside, so every text element is in the text flow
        parts = []
        for el in p.iter(_TEXT_TAGS):
            parent = el.getparent()
            if parent is not None and parent.tag == R:
                parts.append(item_text(el) or "")
        return "".join(parts)
    return "".join(run_text(r) for r in iter_runs(p, view))


def row_marker(tr: Element) -> str | None:
    """The tag of the revision marking a whole table row (``w:trPr/w:ins`` ...), if any."""
    trpr = tr.find(TRPR)
    if trpr is None:
        return None
    for child in trpr:
        if child.tag in (INS, DEL, MOVE_FROM, MOVE_TO):
            return str(child.tag)
    return None


def row_visible(tr: Element, view: View = "current") -> bool:
    return row_marker(tr) not in _HIDDEN[view]


def nearest(element: Element, tag: str) -> Element | None:
    """The closest ancestor of ``element`` with ``tag``."""
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def own_rows(tbl: Element) -> list[Element]:
    """The rows of ``tbl`` itself (also inside row-level content controls), not nested ones."""
    return [tr for tr in tbl.iter(TR) if nearest(tr, TBL) is tbl]


def own_cells(tr: Element) -> list[Element]:
    """The cells of ``tr`` itself (also inside cell-level content controls)."""
    return [tc for tc in tr.iter(TC) if nearest(tc, TR) is tr]


def own_paragraphs(tc: Element) -> list[Element]:
    """The paragraphs of a cell itself, not those of a table nested in it."""
    return [p for p in tc.iter(P) if nearest(p, TC) is tc]


def join_cell(paragraphs: list[str]) -> str:
    return CELL_PARAGRAPH_SEP.join(paragraphs)


def join_row(cells: list[str]) -> str:
    return CELL_SEP.join(cells)


def join_rows(rows: list[str]) -> str:
    return ROW_SEP.join(rows)


def cell_text(tc: Element, view: View = "current") -> str:
    return join_cell([paragraph_text(p, view) for p in own_paragraphs(tc)])


def row_text(tr: Element, view: View = "current") -> str:
    return join_row([cell_text(tc, view) for tc in own_cells(tr)])


def table_text(tbl: Element, view: View = "current") -> str:
    """A table's rows, one per line, cells tab-separated (rows hidden in ``view`` left out)."""
    return join_rows([row_text(tr, view) for tr in own_rows(tbl) if row_visible(tr, view)])


def block_text(block: Element, view: View = "current") -> str:
    """Text of a body-level paragraph or table ("" for anything else)."""
    if block.tag == P:
        return paragraph_text(block, view)
    if block.tag == TBL:
        return table_text(block, view)
    return ""


def paragraph_texts(root: Element, view: View = "current") -> list[str]:
    """Every paragraph's text in document order (table cells and text boxes included)."""
    return [paragraph_text(p, view) for p in root.iter(P)]


def squeeze_spaces(text: str) -> str:
    """Text with runs of spaces, tabs and no-break spaces as one space, stripped: the form in
    which a returned paragraph is compared with the text that was sent."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()
