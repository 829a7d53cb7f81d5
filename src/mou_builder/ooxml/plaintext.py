"""Plain text of a .docx mou did not write: paragraphs with their style names and list labels.

Used to read an agreement a district already has (``mou check X.docx``, ``mou import``). The
package is opened with :func:`~.safezip.open_docx` (size bounds, no DTDs, encrypted files
refused). Only the body is read: running headers and footers live in other parts and never
reach the text. Table rows become one line each, cells separated by a tab, so a two-column
definitions table reads as "Term<TAB>meaning". Tracked insertions are read as text,
deletions are not (the document as it stands with its changes accepted).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml.etree import _Element as Element

from .docmodel import iter_blocks
from .ns import w
from .safezip import Package, open_docx

DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
NUMBERING = "word/numbering.xml"

_P, _TBL, _TR, _TC, _R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
_T, _TAB, _BR, _CR, _NBH = w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen")
_DEL = w("del")
_VAL = w("val")

MAX_PARAGRAPHS = 200_000


@dataclass(frozen=True)
class DocxParagraph:
    text: str
    style: str | None = None  # the style's name ("Heading 1"), not its id
    label: str | None = None  # the list label Word shows ("1.", "a)", "IV."), if numbered
    level: int | None = None  # list level (0 = top) when numbered


def docx_paragraphs(path: Path | str) -> list[DocxParagraph]:
    """The body's paragraphs in order (table rows as tab-separated lines)."""
    package = open_docx(path)
    return package_paragraphs(package)


def package_paragraphs(package: Package) -> list[DocxParagraph]:
    root = package.xml(DOCUMENT)
    styles, style_numbering = _styles(package)
    numbering = _Numbering(package)
    body = root.find(w("body"))
    out: list[DocxParagraph] = []
    if body is None:
        return out
    for block in iter_blocks(body):
        if len(out) >= MAX_PARAGRAPHS:
            break
        if block.tag == _TBL:
            for row in block.iter(_TR):
                cells = [_cell_text(cell) for cell in row if cell.tag == _TC]
                line = "\t".join(c for c in cells)
                if line.strip():
                    out.append(DocxParagraph(line, "Table"))
            continue
        style_id, num_id, ilvl = _paragraph_props(block)
        if num_id is None and style_id in style_numbering:  # numbered through its style
            num_id, ilvl = style_numbering[style_id]
        text = _paragraph_text(block)
        label = numbering.label(num_id, ilvl) if num_id else None
        out.append(
            DocxParagraph(
                text=text,
                style=styles.get(style_id or "", style_id),
                label=label,
                level=ilvl if num_id else None,
            )
        )
    return out


def _paragraph_props(p: Element) -> tuple[str | None, str | None, int]:
    ppr = p.find(w("pPr"))
    if ppr is None:
        return None, None, 0
    style = ppr.find(w("pStyle"))
    style_id = style.get(_VAL) if style is not None else None
    num = ppr.find(w("numPr"))
    num_id: str | None = None
    ilvl = 0
    if num is not None:
        nid = num.find(w("numId"))
        lvl = num.find(w("ilvl"))
        num_id = nid.get(_VAL) if nid is not None else None
        if num_id == "0":  # numbering switched off
            num_id = None
        if lvl is not None and (lvl.get(_VAL) or "").isdigit():
            ilvl = int(lvl.get(_VAL) or 0)
    return style_id, num_id, ilvl


def _paragraph_text(p: Element) -> str:
    parts: list[str] = []
    for node in p.iter():
        if node.tag == _T:
            if not _deleted(node, p):
                parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag in (_BR, _CR):
            parts.append("\n")
        elif node.tag == _NBH:
            parts.append("-")
    return "".join(parts)


def _deleted(node: Element, stop: Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _DEL:
            return True
        parent = parent.getparent()
    return False


def _cell_text(cell: Element) -> str:
    return " ".join(_paragraph_text(p).strip() for p in cell.iter(_P)).strip()


def _styles(package: Package) -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    """Style names by id, and the list each numbered style puts its paragraphs in."""
    if not package.has(STYLES):
        return {}, {}
    root = package.xml(STYLES)
    names: dict[str, str] = {}
    numbering: dict[str, tuple[str, int]] = {}
    for style in root.iter(w("style")):
        sid = style.get(w("styleId"))
        if not sid:
            continue
        name = style.find(w("name"))
        if name is not None and name.get(_VAL):
            names[sid] = name.get(_VAL) or sid
        _, num_id, ilvl = _paragraph_props(style)
        if num_id is not None:
            numbering[sid] = (num_id, ilvl)
    return names, numbering


class _Numbering:
    """List labels as Word would show them, counted in document order."""

    def __init__(self, package: Package):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        if not package.has(NUMBERING):
            return
        root = package.xml(NUMBERING)
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(w("abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.iter(w("lvl")):
                index = int(lvl.get(w("ilvl")) or 0)
                fmt = lvl.find(w("numFmt"))
                text = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                start_value = start.get(_VAL) if start is not None else "1"
                levels[index] = (
                    (fmt.get(_VAL) or "decimal") if fmt is not None else "decimal",
                    (text.get(_VAL) or "") if text is not None else f"%{index + 1}.",
                    int(start_value) if (start_value or "").isdigit() else 1,
                )
            abstract[node.get(w("abstractNumId")) or ""] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            ref_id = (ref.get(_VAL) or "") if ref is not None else ""
            levels = abstract.get(ref_id, {})
            for index, spec in levels.items():
                self.formats[(num.get(w("numId")) or "", index)] = spec

    def label(self, num_id: str | None, ilvl: int) -> str | None:
        if num_id is None:
            return None
        fmt, text, start = self.formats.get((num_id, ilvl), ("decimal", f"%{ilvl + 1}.", 1))
        if fmt in ("bullet", "none"):
            return "•" if fmt == "bullet" else None
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > ilvl]:
            del self.counters[deeper]
        label = text
        for level in range(ilvl + 1):
            value = self.counters.get((num_id, level), 1)
            level_fmt = self.formats.get((num_id, level), ("decimal", "", 1))[0]
            label = label.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return label.strip() or None


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out
