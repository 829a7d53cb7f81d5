"""The other stories of a document: headers, footers, footnotes and endnotes, as a reader
sees them (the text model's visible view), and which block refers to each note."""

from __future__ import annotations

from lxml.etree import _Element as Element

from ..ns import w
from ..safezip import Package
from ..text import P, paragraph_text

NOTE_PARTS = {"word/footnotes.xml": "footnote", "word/endnotes.xml": "endnote"}
NOTE_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}


def story_parts(package: Package) -> list[str]:
    return sorted(
        n
        for n in package.parts
        if n.startswith(("word/header", "word/footer")) and n.endswith(".xml")
    ) + [n for n in NOTE_PARTS if package.has(n)]


def story_lines(package: Package) -> dict[str, list[tuple[str, str]]]:
    """Part name -> (note id or "", paragraph text) of every non-empty paragraph a reader
    sees (separator notes left out)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name in story_parts(package):
        root = package.xml(name)
        lines: list[tuple[str, str]] = []
        if name in NOTE_PARTS:
            for note in root:
                if note.get(w("type")) in ("separator", "continuationSeparator"):
                    continue
                lines.extend((note.get(w("id")) or "", t) for t in _texts(note))
        else:
            lines.extend(("", t) for t in _texts(root))
        found[name] = lines
    return found


def _texts(root: Element) -> list[str]:
    return [t for t in (paragraph_text(p, "visible").strip() for p in root.iter(P)) if t]
