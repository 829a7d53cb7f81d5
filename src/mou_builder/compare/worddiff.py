"""Word-level text diff: words, spaces and punctuation are tokens."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


def diff_tokens(old: Sequence[str], new: Sequence[str]) -> list[Piece]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(pieces, "equal", "".join(old[i1:i2]))
        else:
            if i2 > i1:
                _add(pieces, "delete", "".join(old[i1:i2]))
            if j2 > j1:
                _add(pieces, "insert", "".join(new[j1:j2]))
    return pieces


def diff_words(old: str, new: str) -> list[Piece]:
    """Pieces whose equal+delete texts rebuild ``old`` and equal+insert texts rebuild ``new``."""
    if old == new:
        return [Piece("equal", old)] if old else []
    return diff_tokens(tokenize(old), tokenize(new))


def _add(pieces: list[Piece], op: Op, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = Piece(op, pieces[-1].text + text)
    else:
        pieces.append(Piece(op, text))


@dataclass(frozen=True)
class Hunk:
    """A run of changed pieces between two equal ones: pieces[start:end]."""

    start: int
    end: int
    removed: str
    added: str


def hunks(pieces: list[Piece]) -> list[Hunk]:
    """Group consecutive deletions and insertions into hunks, in order."""
    found: list[Hunk] = []
    index = 0
    while index < len(pieces):
        if pieces[index].op == "equal":
            index += 1
            continue
        start = index
        removed = added = ""
        while index < len(pieces) and pieces[index].op != "equal":
            if pieces[index].op == "delete":
                removed += pieces[index].text
            else:
                added += pieces[index].text
            index += 1
        found.append(Hunk(start, index, removed, added))
    return found


def render_ansi(pieces: list[Piece], colour: bool) -> str:
    """Deletions red and struck through, insertions green and underlined; or [-x-]{+y+}."""
    out = []
    for piece in pieces:
        if piece.op == "equal":
            out.append(piece.text)
        elif colour:
            code = "\x1b[31;9m" if piece.op == "delete" else "\x1b[32;4m"
            out.append(f"{code}{piece.text}\x1b[0m")
        else:
            out.append(f"[-{piece.text}-]" if piece.op == "delete" else f"{{+{piece.text}+}}")
    return "".join(out)
