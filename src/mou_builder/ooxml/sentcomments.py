"""The comments a document carries when mou sends it (a redline), as its manifest records
them (see :func:`.properties.record_revisions`): the author and text of each and, when the
comment sits in a clause, that clause's id, section number and heading. ``mou review`` of the
copy that comes back then says which clause a comment that went missing was on."""

from __future__ import annotations

from lxml.etree import _Element as Element

from .clausemap import Manifest, clause_spans
from .ns import w
from .safezip import Package
from .text import block_text

COMMENTS = "word/comments.xml"
_ANCHORS = (w("commentRangeStart"), w("commentReference"))

#: one recorded comment: author, text and, where known, clause, section and title
SentComment = dict[str, str | int]


def sent_comments(package: Package, root: Element, manifest: Manifest | None) -> list[SentComment]:
    """Every comment of ``package`` (its ``word/comments.xml``), placed by its anchor in the
    document ``root`` (which may be a redlined copy of the package's own)."""
    if not package.has(COMMENTS):
        return []
    places = _places(root, manifest)
    found: list[SentComment] = []
    for comment in package.xml(COMMENTS).iter(w("comment")):
        item: SentComment = {
            "author": comment.get(w("author")) or "",
            "text": comment_text(comment),
        }
        item.update(places.get(comment.get(w("id")) or "", {}))
        found.append(item)
    return found


def comment_text(comment: Element) -> str:
    """A comment's text as compared: its words, whitespace (and paragraph breaks) collapsed."""
    paragraphs = ["".join(t.text or "" for t in p.iter(w("t"))) for p in comment.iter(w("p"))]
    return " ".join(" ".join(paragraphs).split())


def _places(root: Element, manifest: Manifest | None) -> dict[str, SentComment]:
    """Comment id → the clause its anchor is in (id, section number, heading as accepted)."""
    found: dict[str, SentComment] = {}
    for span in clause_spans(root, manifest):
        place: SentComment = {"clause": span.clause_id}
        if span.section is not None:
            place["section"] = span.section
        if span.heading is not None:
            title = " ".join(block_text(span.heading, "accepted").split())
            if title:
                place["title"] = title
        for element in span.elements:
            for anchor in element.iter(*_ANCHORS):
                found.setdefault(anchor.get(w("id")) or "", place)
    return found
