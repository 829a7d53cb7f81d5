"""The text of a clause in a returned document, as ``mou review`` and ``mou accept`` read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import ClauseView
from .normal import normalize

if TYPE_CHECKING:
    from ...ooxml.read import ReturnedDocument

# revision keys taken as accepted (None: the document as sent: the sender's own tracked
# changes accepted, such as a redline's, and every other change rejected)
Accepted = frozenset[int] | None


def clause_text(
    doc: ReturnedDocument, view: ClauseView, accepted: Accepted = None, *, fold: bool = True
) -> tuple[str, list[str]]:
    """(title, body lines) of a clause in a view (the sender's own changes always accepted);
    trailing empty lines and page breaks go.
    ``fold``: the text normalised as a reader takes it in (:func:`.normal.normalize`); else
    as written (what the manifest's text hashes were taken of)."""
    blocks = view.blocks
    sent = doc.sent_keys
    accepted = sent if accepted is None else accepted | sent
    heading = blocks[0] if blocks and blocks[0].heading else None
    texts = [(normalize(t) if fold else t).rstrip() for t in doc.block_texts(blocks, accepted)]
    if heading is not None and texts:
        # a heading whose mark vanished merges into the body: keep the text as the title line
        title, rest = texts[0], texts[1:]
    else:
        title, rest = "", texts
    # tables give one line per row; empty paragraphs (spacing after a table) are not text
    body = [line.rstrip() for text in rest for line in text.split("\n") if line.strip()]
    while body and not body[-1].strip():
        body.pop()
    return title.strip(), body


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a section's text (how :func:`clause_text` reads a clause)."""
    return [line.rstrip() for line in normalize(text).split("\n") if line.strip()]


def sent_text(view: ClauseView) -> str | None:
    if view.sent is None:
        return None
    return normalize(view.sent.title) + "\n" + "\n".join(lines_of(view.sent.text))
