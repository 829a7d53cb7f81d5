"""Reading a returned .docx: tracked changes and comments, block by block.

A returned document is walked once, in document order. Every body paragraph and table
becomes a :class:`Block`, mapped to its clause by :mod:`..clausemap` (content controls, then
bookmarks); paragraphs added between two clauses join the clause before them. The text
of a paragraph is kept as *segments*, each tagged with the revision elements around it, so
any view can be produced cheaply afterwards: reject-all (the text that was sent, as far as
tracked changes go), accept-all, or "accept just these changes" (used to simulate checks).

Read here:

- ``w:ins`` / ``w:del`` around runs (also nested, as Word writes a deletion of someone
  else's insertion), ``w:moveFrom`` / ``w:moveTo`` with their ``*RangeStart`` names;
- paragraph marks inserted or deleted (``w:pPr/w:rPr/w:ins|w:del|w:moveFrom|w:moveTo``);
- table rows inserted or deleted (``w:trPr/w:ins|w:del``) and cells (``w:cellIns|w:cellDel``);
- formatting changes ``w:rPrChange`` (runs) and ``w:pPrChange`` (paragraphs);
- comments (``word/comments.xml``) with their anchors (``commentRangeStart/End``), replies and
  resolved state (``word/commentsExtended.xml``, keyed by ``w14:paraId``/``w15:paraIdParent``).

The package, one job a module:

- :mod:`.model`: what a document is read into (blocks, paragraphs as segments, revisions,
  tracked changes, comments) and its views;
- :mod:`.walk`: the one pass over the body; :mod:`.props`: formatting changes in words;
- :mod:`.changes`: revision elements grouped into tracked changes, with context;
- :mod:`.comments`: comments, replies and resolved state;
- :mod:`.document`: :func:`read_returned` / :func:`read_package`, tying them together.
"""

from __future__ import annotations

from .document import read_package, read_returned
from .model import (
    ALL,
    Block,
    Comment,
    Para,
    ReturnedDocument,
    Rev,
    RevKind,
    Row,
    Segment,
    TrackedChange,
)
from .tags import COMMENTS, COMMENTS_EXT, DOCUMENT

__all__ = [
    "ALL",
    "COMMENTS",
    "COMMENTS_EXT",
    "DOCUMENT",
    "Block",
    "Comment",
    "Para",
    "ReturnedDocument",
    "Rev",
    "RevKind",
    "Row",
    "Segment",
    "TrackedChange",
    "read_package",
    "read_returned",
]
