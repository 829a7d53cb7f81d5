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
from typing import TYPE_CHECKING, Any, Literal

from ..model.units import Unit
from .worddiff import (
    PAIR_LIMIT,
    PAIR_RATIO,
    BlockOp,
    Edit,
    Piece,
    SegOp,
    align_blocks,
    align_keys,
    diff_words_fast,
    similarity,
)

if TYPE_CHECKING:  # the data model (pydantic) is not loaded by a .docx-only redline
    from ..model.agreement import Agreement

__all__ = [
    "PAIR_LIMIT",
    "PAIR_RATIO",
    "BlockOp",
    "Change",
    "Edit",
    "Kind",
    "SegOp",
    "Unit",
    "align_blocks",
    "align_units",
    "compare",
    "compare_agreements",
    "diff_words_fast",
    "similarity",
    "units_from_agreement",
]

Kind = Literal["added", "removed", "moved", "modified", "upgraded"]


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
    return align_keys([u.key for u in old], [u.key for u in new])


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
