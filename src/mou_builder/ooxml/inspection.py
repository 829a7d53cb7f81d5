"""Looking inside a built or returned .docx for the final-copy commands.

- :func:`revision_marks` lists what keeps a document from being a clean copy: tracked
  insertions, deletions, moves, formatting changes, comments (anchors or a comments part).
- :func:`clause_texts` extracts each clause's heading and body text by its marker
  (:func:`mou_builder.ooxml.clausemap.clause_spans`), in a plain form that is stable between
  two reads of the same XML (paragraphs one per line, table cells tab-separated: the rules
  of :mod:`.text`, in its visible view: accepted text a reader sees, hidden runs left out).

Every package comes from :func:`mou_builder.ooxml.safezip.open_docx` (or ``open_docx_bytes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clausemap import clause_spans
from .ns import w
from .safezip import Package
from .text import block_text, paragraph_texts

DOCUMENT = "word/document.xml"

# Revision elements that may appear anywhere in the body (or in headers, footers, notes).
_REVISION_TAGS = {
    w("ins"): "tracked insertion",
    w("del"): "tracked deletion",
    w("moveFrom"): "tracked move",
    w("moveTo"): "tracked move",
    w("rPrChange"): "tracked formatting change",
    w("pPrChange"): "tracked formatting change",
    w("sectPrChange"): "tracked formatting change",
    w("tblPrChange"): "tracked formatting change",
    w("trPrChange"): "tracked formatting change",
    w("tcPrChange"): "tracked formatting change",
    w("numberingChange"): "tracked formatting change",
    w("cellIns"): "tracked insertion",
    w("cellDel"): "tracked deletion",
}
_COMMENT_TAGS = {
    w("commentRangeStart"): "comment",
    w("commentRangeEnd"): "comment",
    w("commentReference"): "comment",
}
COMMENTS_PART = "word/comments.xml"


def _story_parts(package: Package) -> list[str]:
    names = [DOCUMENT]
    for name in sorted(package.parts):
        if name.startswith(("word/header", "word/footer")) or name in (
            "word/footnotes.xml",
            "word/endnotes.xml",
        ):
            names.append(name)
    return [n for n in names if package.has(n)]


def revision_marks(package: Package) -> list[str]:
    """What makes ``package`` not a clean copy, one line each ([] when clean)."""
    problems: dict[str, int] = {}
    for name in _story_parts(package):
        root = package.xml(name)
        for element in root.iter():
            tag = element.tag
            if not isinstance(tag, str):
                continue
            label = _REVISION_TAGS.get(tag) or _COMMENT_TAGS.get(tag)
            if label:
                key = f"{label} in {name}"
                problems[key] = problems.get(key, 0) + 1
    if package.has(COMMENTS_PART):
        count = sum(1 for _ in package.xml(COMMENTS_PART).iter(w("comment")))
        if count:
            problems[f"comment in {COMMENTS_PART}"] = count
    settings = "word/settings.xml"
    if package.has(settings):
        root = package.xml(settings)
        if root.find(w("trackRevisions")) is not None:
            problems["change tracking switched on in word/settings.xml"] = 1
    return [f"{count} × {key}" if count > 1 else key for key, count in problems.items()]


@dataclass
class ClauseText:
    clause_id: str
    version: int | None
    section: int | None
    heading: str
    body: str

    @property
    def text(self) -> str:
        return self.heading + "\n" + self.body


def clause_texts(package: Package, manifest: dict[str, Any] | None = None) -> list[ClauseText]:
    """Each clause of the document, by its marker, with its heading and body text."""
    root = package.xml(DOCUMENT)
    result = []
    for span in clause_spans(root, manifest):
        texts = [block_text(e, "visible") for e in span.elements]
        heading = texts[0] if texts else ""
        result.append(
            ClauseText(span.clause_id, span.version, span.section, heading, "\n".join(texts[1:]))
        )
    return result


def document_text(package: Package) -> str:
    """All paragraphs of the main document, one per line (for searching a copy)."""
    root = package.xml(DOCUMENT)
    return "\n".join(paragraph_texts(root, "accepted"))
