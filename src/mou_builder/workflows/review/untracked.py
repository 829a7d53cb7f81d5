"""Edits made with Track Changes off: each clause's reject-all text against what was sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...compare.worddiff import Piece, diff_words, hunks
from ...model.agreement import Agreement
from ...model.hashing import sha256_text
from ...ooxml.text import squeeze_spaces
from .model import Change, ClauseView
from .texts import clause_text, sent_text

if TYPE_CHECKING:
    from ...ooxml.read import ReturnedDocument


def untracked_changes(
    doc: ReturnedDocument, clauses: dict[str, ClauseView], agreement: Agreement | None
) -> list[Change]:
    """The untracked edits, numbered ``u1``, ``u2`` ... in clause order, then the clauses of
    the spec missing from the document."""
    hashes = _manifest_hashes(doc)
    result: list[Change] = []
    for cid, view in clauses.items():
        result.extend(_clause_edits(doc, cid, view, hashes.get(cid)))
    if agreement is not None:
        for section in agreement.sections:
            if section.clause_id not in clauses:
                result.append(
                    Change(
                        id="",
                        clause=section.clause_id,
                        section=section.number,
                        kind="untracked",
                        text=section.title,
                        context="the clause is missing from the returned document",
                        old=section.title + "\n" + section.text,
                        new="",
                    )
                )
    for counter, change in enumerate(result, 1):
        change.id = f"u{counter}"
    return result


def _manifest_hashes(doc: ReturnedDocument) -> dict[str, str]:
    hashes: dict[str, str] = {}
    for entry in (doc.manifest or {}).get("clauses", []) or []:
        if isinstance(entry, dict) and entry.get("text_hash"):
            hashes[str(entry.get("id"))] = str(entry["text_hash"])
    return hashes


def _clause_edits(
    doc: ReturnedDocument, cid: str, view: ClauseView, expected_hash: str | None
) -> list[Change]:
    title, body = clause_text(doc, view)
    current = title + "\n" + "\n".join(body)
    sent = sent_text(view)
    if sent is None:
        if expected_hash is None or expected_hash in _hashes(doc, view, current):
            return []
        return [
            Change(
                id="",
                clause=cid,
                section=view.section,
                kind="untracked",
                text="the clause text differs from the text that was sent",
                context="pass --spec to see the words that differ",
            )
        ]
    if sent == current or squeeze_spaces(sent) == squeeze_spaces(current):
        return []
    return [
        Change(
            id="",
            clause=cid,
            section=view.section,
            kind="untracked",
            text=(piece_new if piece_new.strip() else piece_old).strip(),
            context=context,
            old=piece_old,
            new=piece_new,
        )
        for piece_old, piece_new, context in word_hunks(sent, current)
    ]


def _hashes(doc: ReturnedDocument, view: ClauseView, current: str) -> set[str]:
    """The clause's text hashed as read (normalised) and as written: the manifest hashes the
    text as built, no-break spaces and all."""
    title, body = clause_text(doc, view, fold=False)
    return {sha256_text(current), sha256_text(title + "\n" + "\n".join(body))}


def _absorb_gaps(pieces: list[Piece]) -> list[Piece]:
    """A lone space (or a one-word "equal") between two edits belongs to the edit."""
    merged: list[Piece] = []
    for i, piece in enumerate(pieces):
        inner = 0 < i < len(pieces) - 1
        if (
            piece.op == "equal"
            and inner
            and pieces[i - 1].op != "equal"
            and pieces[i + 1].op != "equal"
            and len(piece.text.split()) <= 1
            and "\n" not in piece.text
        ):
            merged.append(Piece("delete", piece.text))
            merged.append(Piece("insert", piece.text))
        else:
            merged.append(piece)
    return merged


def word_hunks(old: str, new: str) -> list[tuple[str, str, str]]:
    """Word-level differences as (old text, new text, context with [-x-]{+y+})."""
    pieces = _absorb_gaps(diff_words(old, new))
    found: list[tuple[str, str, str]] = []
    for hunk in hunks(pieces):
        removed, added = hunk.removed, hunk.added
        if not (removed.strip() or added.strip()):
            continue
        before = pieces[hunk.start - 1].text if hunk.start > 0 else ""
        after = pieces[hunk.end].text if hunk.end < len(pieces) else ""
        before = before.split("\n")[-1][-50:]
        after = after.split("\n")[0][:50]
        marked = (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
        found.append((removed, added, f"{before}{marked}{after}"))
    return found
