"""THE text of Word runs, paragraphs and table cells: one rule for every special element.

Views (:data:`View`):

- ``"current"``: as written, every character in the markup, inserted and deleted alike;
- ``"accepted"``: as if every tracked change were accepted (no ``w:del``/``w:moveFrom`` text,
  no rows marked deleted);
- ``"rejected"``: as if every tracked change were rejected (no ``w:ins``/``w:moveTo`` text, no
  rows marked inserted); ``w:delText`` only ever shows in this view and in ``"current"``;
- ``"visible"``: what a reader sees of the accepted text: runs hidden by their formatting
  (:func:`hidden_reason`: ``w:vanish``, a colour at or near the background or shading, a size
  under 4 pt) are left out.

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

View = Literal["current", "accepted", "rejected", "visible"]
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
    "visible": frozenset({DEL, MOVE_FROM}),
}
#: runs smaller than this (half-points: 4 pt) are unreadable
MIN_HALF_POINTS = 8
#: colours closer than this (sum of channel differences, 0..765) to the background are unseen
MIN_CONTRAST = 96
WHITE = "FFFFFF"
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


def _rgb(value: str | None) -> tuple[int, int, int] | None:
    if not value or len(value) != 6:
        return None
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return None


def _fill(props: Element | None) -> str | None:
    shd = props.find(w("shd")) if props is not None else None
    fill = shd.get(w("fill")) if shd is not None else None
    return fill if fill and fill.lower() != "auto" else None


#: w:highlight colour names (ST_HighlightColor) as RGB
HIGHLIGHTS = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}


COLOR = w("color")


def _highlight(rpr: Element | None) -> str | None:
    found = rpr.find(w("highlight")) if rpr is not None else None
    return HIGHLIGHTS.get(found.get(w("val")) or "") if found is not None else None


def _cell_fill(run: Element) -> str | None:
    cell = nearest(run, w("tc"))
    return _fill(cell.find(w("tcPr"))) if cell is not None else None


def hidden_reason(
    run: Element, background: str | None = None, styles: dict[str, str] | None = None
) -> str | None:
    """Why a reader does not see ``run`` (None: they do): hidden text, a colour at or near
    the highlight, the run's, paragraph's or cell's shading or the page ``background``
    (white unless given), or a size under 4 pt. Reads the run's own properties and
    ``styles`` (style id -> why a style
    hides its text, from :func:`hiding_styles`) for the run's and the paragraph's style."""
    rpr = run.find(RPR)
    if rpr is None and not styles:
        return None  # the common case: nothing to look up
    paragraph = nearest(run, P)
    ppr = paragraph.find(w("pPr")) if paragraph is not None else None
    if rpr is not None:
        back = WHITE  # what the text is on matters only for a coloured run
        if rpr.find(COLOR) is not None:
            back = (
                _highlight(rpr)
                or _fill(rpr)
                or _fill(ppr)
                or _cell_fill(run)
                or background
                or WHITE
            )
        reason = rpr_reason(rpr, back)
        if reason is not None:
            return reason
    if not styles:
        return None
    for props, tag in ((rpr, "rStyle"), (ppr, "pStyle")):
        found = props.find(w(tag)) if props is not None else None
        style = found.get(w("val")) if found is not None else None
        if style in styles:
            return f"{styles[style]} (style {style})"
    return None


def rpr_reason(rpr: Element, background: str = WHITE) -> str | None:
    """Why run properties ``rpr`` hide text on ``background`` (None: they do not)."""
    vanish = rpr.find(w("vanish"))
    if vanish is not None and vanish.get(w("val")) not in ("0", "false", "off"):
        return "hidden text (w:vanish)"
    size = rpr.find(w("sz"))
    if size is not None:
        try:
            if int(size.get(w("val")) or "24") < MIN_HALF_POINTS:
                return f"{int(size.get(w('val')) or 0) / 2:g}-point text"
        except ValueError:
            pass
    colour = rpr.find(w("color"))
    fore = _rgb(colour.get(w("val")) if colour is not None else None)
    back = _rgb(background)
    if (
        fore is not None
        and back is not None
        and sum(abs(a - b) for a, b in zip(fore, back, strict=True)) < MIN_CONTRAST
    ):
        return f"text coloured {colour.get(w('val'))} on {background}"
    return None


def hiding_styles(styles: Element | None) -> dict[str, str]:
    """Style id -> why the paragraph or character style hides its text (itself or through
    ``w:basedOn``); table and list styles are applied by no run or paragraph."""
    if styles is None:
        return {}
    own: dict[str, str | None] = {}
    based: dict[str, str] = {}
    for style in styles.iter(w("style")):
        if style.get(w("type")) in ("table", "numbering"):
            continue
        sid = style.get(w("styleId")) or ""
        rpr = style.find(RPR)
        own[sid] = rpr_reason(rpr) if rpr is not None else None
        parent = style.find(w("basedOn"))
        if parent is not None:
            based[sid] = parent.get(w("val")) or ""
    result: dict[str, str] = {}
    for sid in own:
        seen, current = set(), sid
        while current and current not in seen:
            seen.add(current)
            if own.get(current):
                result[sid] = own[current] or ""
                break
            current = based.get(current, "")
    return result


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
    runs = iter_runs(p, view)
    if view == "visible":
        return "".join(run_text(r) for r in runs if hidden_reason(r) is None)
    return "".join(run_text(r) for r in runs)


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
