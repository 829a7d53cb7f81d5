"""Comparing two versions of an agreement: clause-aligned, then paragraph-aligned, then words.

Pure Python (no Word XML): both sides are lists of :class:`Unit` — one per clause, plus
"free" units for text outside any clause (cover, signature page, or the whole of a document
without clause markers). The same alignment functions drive the Word redline
(:mod:`mou_builder.workflows.redline`), the terminal/JSON diff and the change memo.

Alignment levels
1. Units by key (``clause:<id>`` / ``free:<n>``) with a longest-matching-blocks pass; a clause
   present on both sides but outside the common order is *moved*.
2. Blocks (paragraphs, tables) inside matched units: identical texts are anchors, replaced
   ranges are paired by similarity so an edited paragraph is *modified*, not
   deleted-and-inserted.
3. Words inside paired paragraphs (:mod:`mou_builder.compare.worddiff`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

from ..model.agreement import Agreement
from .worddiff import Piece, diff_tokens, tokenize

Kind = Literal["added", "removed", "moved", "modified", "upgraded"]
BlockOp = Literal["equal", "modify", "delete", "insert"]

#: two replaced paragraphs at least this similar (token ratio) are paired as one edit
PAIR_RATIO = 0.5
#: above this many candidate pairs in one replaced range, pair positionally instead
PAIR_LIMIT = 900


@dataclass
class Unit:
    """One comparable piece of a document: a clause, or text outside clauses."""

    key: str  # "clause:<id>" or "free:<n>"
    clause_id: str | None
    version: int | None
    title: str
    number: int | None  # section number
    blocks: list[str] = field(default_factory=list)  # texts of heading/paragraphs/tables

    @property
    def text(self) -> str:
        return "\n".join(self.blocks)


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


@dataclass
class Change:
    clause: str | None
    kind: Kind
    old_version: int | None
    new_version: int | None
    before: str
    after: str
    title: str = ""
    old_number: int | None = None
    new_number: int | None = None
    edits: list[tuple[str, str]] = field(default_factory=list)  # (before, after) block pairs

    def to_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "kind": self.kind,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "before": self.before,
            "after": self.after,
            "title": self.title,
            "old_section": self.old_number,
            "new_section": self.new_number,
        }

    def pieces(self) -> list[Piece]:
        return diff_words_fast(self.before, self.after)


# ---------------------------------------------------------------- units from an Agreement


def units_from_agreement(agreement: Agreement) -> list[Unit]:
    """One unit per section: its title first, then each block's text."""
    return [
        Unit(
            key=f"clause:{s.clause_id}",
            clause_id=s.clause_id,
            version=s.version,
            title=s.title,
            number=s.number,
            blocks=[s.title, *(b.text for b in s.blocks)],
        )
        for s in agreement.sections
    ]


# ---------------------------------------------------------------- alignment


def align_units(old: Sequence[Unit], new: Sequence[Unit]) -> list[SegOp]:
    """Match units by key in order; unmatched units are deleted/inserted (or moved)."""
    old_keys = [u.key for u in old]
    new_keys = [u.key for u in new]
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


def _common_ends(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
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
    ta = [t for t in tokenize(a) if not t.isspace()]  # spaces would make any two alike
    tb = [t for t in tokenize(b) if not t.isspace()]
    if not ta or not tb:
        return 0.0
    total = len(ta) + len(tb)
    if 2 * min(len(ta), len(tb)) < PAIR_RATIO * total:
        return 0.0
    pre, suf = _common_ends(ta, tb)
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
    pre, suf = _common_ends(a, b)
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


# ---------------------------------------------------------------- changes


def compare(old: Sequence[Unit], new: Sequence[Unit]) -> list[Change]:
    """The changes from ``old`` to ``new``, in the order of the new document."""
    changes: list[Change] = []
    for op in align_units(old, new):
        if op.op == "match":
            assert op.old is not None and op.new is not None
            changes.extend(_matched(old[op.old], new[op.new]))
        elif op.op == "delete":
            assert op.old is not None
            unit = old[op.old]
            if op.moved:
                continue  # reported where it arrives
            changes.append(
                Change(
                    unit.clause_id,
                    "removed",
                    unit.version,
                    None,
                    unit.text,
                    "",
                    unit.title,
                    unit.number,
                    None,
                )
            )
        else:
            assert op.new is not None
            unit = new[op.new]
            if op.moved:
                before = next(u for u in old if u.key == unit.key)
                changes.append(
                    Change(
                        unit.clause_id,
                        "moved",
                        before.version,
                        unit.version,
                        before.text,
                        unit.text,
                        unit.title,
                        before.number,
                        unit.number,
                        _block_pairs(before, unit),
                    )
                )
            else:
                changes.append(
                    Change(
                        unit.clause_id,
                        "added",
                        None,
                        unit.version,
                        "",
                        unit.text,
                        unit.title,
                        None,
                        unit.number,
                    )
                )
    return changes


def _block_pairs(old: Unit, new: Unit) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for edit in align_blocks(old.blocks, new.blocks):
        if edit.op == "equal":
            continue
        before = old.blocks[edit.old] if edit.old is not None else ""
        after = new.blocks[edit.new] if edit.new is not None else ""
        pairs.append((before, after))
    return pairs


def _matched(old: Unit, new: Unit) -> list[Change]:
    if old.clause_id is not None:
        if old.version == new.version and old.blocks == new.blocks:
            return []
        kind: Kind = "upgraded" if old.version != new.version else "modified"
        return [
            Change(
                new.clause_id,
                kind,
                old.version,
                new.version,
                old.text,
                new.text,
                new.title,
                old.number,
                new.number,
                _block_pairs(old, new),
            )
        ]
    # text outside clauses: one change per run of changed blocks
    changes: list[Change] = []
    group: list[Edit] = []

    def flush() -> None:
        if not group:
            return
        before = [old.blocks[e.old] for e in group if e.old is not None]
        after = [new.blocks[e.new] for e in group if e.new is not None]
        kind: Kind = "modified"
        if not before:
            kind = "added"
        elif not after:
            kind = "removed"
        pairs = [
            (
                old.blocks[e.old] if e.old is not None else "",
                new.blocks[e.new] if e.new is not None else "",
            )
            for e in group
        ]
        changes.append(
            Change(
                None,
                kind,
                None,
                None,
                "\n".join(before),
                "\n".join(after),
                new.title,
                None,
                None,
                pairs,
            )
        )
        group.clear()

    for edit in align_blocks(old.blocks, new.blocks):
        if edit.op == "equal":
            flush()
        else:
            group.append(edit)
    flush()
    return changes


def compare_agreements(old: Agreement, new: Agreement) -> list[Change]:
    return compare(units_from_agreement(old), units_from_agreement(new))
