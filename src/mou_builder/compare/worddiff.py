"""Word-level text diff (words, spaces and punctuation are tokens) and sequence alignment.

Pure string work, no Word XML and no agreement model: :mod:`mou_builder.ooxml` may import
it. :func:`align_blocks` pairs two lists of block texts (edited paragraphs are *modified*, not
deleted and inserted), :func:`align_keys` matches two key sequences (units by clause key).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

Op = Literal["equal", "insert", "delete"]
BlockOp = Literal["equal", "modify", "delete", "insert"]

#: two replaced paragraphs at least this similar (token ratio) are paired as one edit
PAIR_RATIO = 0.5
#: above this many candidate pairs in one replaced range, pair positionally instead
PAIR_LIMIT = 900


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


# ---------------------------------------------------------------- alignment


@dataclass(frozen=True)
class SegOp:
    """One step of the unit alignment, in output order."""

    op: Literal["match", "delete", "insert"]
    old: int | None
    new: int | None
    moved: bool = False


@dataclass(frozen=True)
class Edit:
    """One step of a block alignment: indexes into the old and new block lists."""

    op: BlockOp
    old: int | None
    new: int | None


def align_keys(old_keys: Sequence[str], new_keys: Sequence[str]) -> list[SegOp]:
    """Match keys in order; unmatched ones are deleted/inserted (``moved`` when on both sides)."""
    both = set(old_keys) & set(new_keys)
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    ops: list[SegOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(
                SegOp("match", i, j) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        ops.extend(SegOp("delete", i, None, old_keys[i] in both) for i in range(i1, i2))
        ops.extend(SegOp("insert", None, j, new_keys[j] in both) for j in range(j1, j2))
    return ops


def common_ends(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix."""
    limit = min(len(a), len(b))
    pre = 0
    while pre < limit and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < limit - pre and a[-1 - suf] == b[-1 - suf]:
        suf += 1
    return pre, suf


def similarity(a: str, b: str) -> float:
    """Share of matching words and punctuation (0..1); spaces are not counted."""
    if a == b:
        return 1.0
    return token_similarity(words_and_marks(a), words_and_marks(b))


def words_and_marks(text: str) -> list[str]:
    """The tokens :func:`similarity` compares: words and punctuation, no spaces."""
    return [t for t in tokenize(text) if not t.isspace()]  # spaces would make any two alike


def token_similarity(ta: Sequence[str], tb: Sequence[str]) -> float:
    """:func:`similarity` of two texts already split by :func:`words_and_marks`."""
    if not ta or not tb:
        return 0.0
    total = len(ta) + len(tb)
    if 2 * min(len(ta), len(tb)) < PAIR_RATIO * total:
        return 0.0
    pre, suf = common_ends(ta, tb)
    mid_a, mid_b = ta[pre : len(ta) - suf], tb[pre : len(tb) - suf]
    matches = pre + suf
    if mid_a and mid_b:
        matcher = SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        if 2 * (matches + matcher.quick_ratio() * (len(mid_a) + len(mid_b)) / 2) < (
            PAIR_RATIO * total
        ):
            return 0.0
        matches += sum(block.size for block in matcher.get_matching_blocks())
    return 2 * matches / total


def diff_words_fast(old: str, new: str) -> list[Piece]:
    """:func:`worddiff.diff_words`, with the common beginning and end split off first.

    A one-word edit in a long paragraph then costs a token comparison, not a full
    SequenceMatcher run.
    """
    if old == new:
        return [Piece("equal", old)] if old else []
    a, b = tokenize(old), tokenize(new)
    pre, suf = common_ends(a, b)
    pieces: list[Piece] = []
    head = "".join(a[:pre])
    if head:
        pieces.append(Piece("equal", head))
    for piece in diff_tokens(a[pre : len(a) - suf], b[pre : len(b) - suf]):
        if pieces and pieces[-1].op == piece.op:
            pieces[-1] = Piece(piece.op, pieces[-1].text + piece.text)
        else:
            pieces.append(piece)
    tail = "".join(a[len(a) - suf :])
    if tail:
        if pieces and pieces[-1].op == "equal":
            pieces[-1] = Piece("equal", pieces[-1].text + tail)
        else:
            pieces.append(Piece("equal", tail))
    return pieces


def align_blocks(
    old: Sequence[str],
    new: Sequence[str],
    kinds_old: Sequence[str] | None = None,
    kinds_new: Sequence[str] | None = None,
) -> list[Edit]:
    """Align two block lists; replaced ranges are paired by similarity.

    ``kinds_*`` (e.g. "p"/"tbl") keep blocks of different kinds from being paired.
    Deletions come before insertions at the same place.
    """
    ko = list(kinds_old) if kinds_old is not None else [""] * len(old)
    kn = list(kinds_new) if kinds_new is not None else [""] * len(new)
    keys_old = [f"{k}\x00{t}" for k, t in zip(ko, old, strict=True)]
    keys_new = [f"{k}\x00{t}" for k, t in zip(kn, new, strict=True)]
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            edits.extend(
                Edit("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        elif tag == "delete":
            edits.extend(Edit("delete", i, None) for i in range(i1, i2))
        elif tag == "insert":
            edits.extend(Edit("insert", None, j) for j in range(j1, j2))
        else:
            edits.extend(_pair(old, new, ko, kn, i1, i2, j1, j2))
    return edits


def _pair(
    old: Sequence[str],
    new: Sequence[str],
    ko: list[str],
    kn: list[str],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
) -> list[Edit]:
    n, m = i2 - i1, j2 - j1
    pairs: list[tuple[int, int]] = []
    if n * m <= PAIR_LIMIT:
        # best order-preserving pairing (maximum total similarity), a small DP
        score = [[0.0] * (m + 1) for _ in range(n + 1)]
        sims: dict[tuple[int, int], float] = {}
        for a in range(n - 1, -1, -1):
            for b in range(m - 1, -1, -1):
                best = max(score[a + 1][b], score[a][b + 1])
                if ko[i1 + a] == kn[j1 + b]:
                    s = similarity(old[i1 + a], new[j1 + b])
                    if s >= PAIR_RATIO:
                        sims[a, b] = s
                        best = max(best, s + score[a + 1][b + 1])
                score[a][b] = best
        a = b = 0
        while a < n and b < m:
            found = sims.get((a, b))
            if found is not None and score[a][b] == found + score[a + 1][b + 1]:
                pairs.append((i1 + a, j1 + b))
                a, b = a + 1, b + 1
            elif score[a][b] == score[a + 1][b]:
                a += 1
            else:
                b += 1
    else:
        for k in range(min(n, m)):
            i, j = i1 + k, j1 + k
            if ko[i] == kn[j] and similarity(old[i], new[j]) >= PAIR_RATIO:
                pairs.append((i, j))
    edits: list[Edit] = []
    i, j = i1, j1
    for pi, pj in pairs:
        edits.extend(Edit("delete", x, None) for x in range(i, pi))
        edits.extend(Edit("insert", None, y) for y in range(j, pj))
        edits.append(Edit("modify", pi, pj))
        i, j = pi + 1, pj + 1
    edits.extend(Edit("delete", x, None) for x in range(i, i2))
    edits.extend(Edit("insert", None, y) for y in range(j, j2))
    return edits
