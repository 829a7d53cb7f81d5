"""What a redline does with each segment (a clause, or the text outside clauses), decided
before anything is written: which clauses moved whole, each matched pair's block edits,
and which paragraphs moved from one segment to another (out of a clause only OLD has, into
one only NEW has, or between matched clauses)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from ...compare.worddiff import Edit, SegOp, align_blocks
from ..docmodel import DocBlock, Segment, same_blocks
from .fields import has_field
from .moves import Place, movable, pair_paragraphs


def clause_moves(
    ops: list[SegOp], old: list[Segment], new: list[Segment]
) -> dict[str, tuple[str, Segment]]:
    """Clause key -> (move name, OLD's clause), for each clause that moved, its text
    unchanged or edited but alike enough (:data:`.revisions.moves.MOVE_RATIO`)."""
    deleted = {
        old[op.old].key: old[op.old] for op in ops if op.op == "delete" and op.old is not None
    }
    found: dict[str, tuple[str, Segment]] = {}
    for op in ops:
        if op.op == "insert" and op.new is not None:
            seg = new[op.new]
            if seg.key in deleted and movable(deleted[seg.key], seg):
                found[seg.key] = (f"mouMove{len(found) + 1}", deleted[seg.key])
    return found


@dataclass
class SegmentPlan:
    """How one pair of segments is redlined: its block edits, and its paragraphs that moved
    (OLD's block index -> move name; NEW's block index -> move name and OLD's block)."""

    edits: list[Edit]
    moved: bool = False  # the whole segment moved here: OLD's deleted blocks stay there
    same: bool = False  # byte for byte the same as OLD's: nothing compared, nothing tracked
    departures: dict[int, str] = field(default_factory=dict)
    arrivals: dict[int, tuple[str, DocBlock]] = field(default_factory=dict)


def block_edits(old: Segment, new: Segment) -> list[Edit]:
    return _one_for_one(
        align_blocks(
            [b.text for b in old.blocks],
            [b.text for b in new.blocks],
            [b.kind for b in old.blocks],
            [b.kind for b in new.blocks],
        ),
        old,
        new,
    )


def _one_for_one(edits: list[Edit], old: Segment, new: Segment) -> list[Edit]:
    """A lone paragraph replaced by a lone paragraph is one paragraph edited word by word:
    a deleted and an inserted paragraph side by side leave an empty one behind after
    LibreOffice's Reject All when a table follows."""
    out: list[Edit] = []
    ops = [e.op for e in edits]
    for i, edit in enumerate(edits):
        previous = out[-1] if out else None
        if (
            edit.op == "insert"
            and previous is not None
            and previous.op == "delete"
            and (i < 2 or ops[i - 2] not in ("delete", "insert"))
            and (i + 1 >= len(ops) or ops[i + 1] not in ("delete", "insert"))
            and previous.old is not None
            and edit.new is not None
            and old.blocks[previous.old].kind == new.blocks[edit.new].kind == "p"
            and not has_field(old.blocks[previous.old].element)
            and not has_field(new.blocks[edit.new].element)
            and old.blocks[previous.old].text.strip()
            and new.blocks[edit.new].text.strip()
        ):
            out[-1] = Edit("modify", previous.old, edit.new)
            continue
        out.append(edit)
    return out


def _movable(seg: Segment, index: int, blocks: Iterable[int]) -> list[tuple[Place, str]]:
    """The paragraphs at ``blocks`` of segment ``index`` that could have moved (no field)."""
    return [
        ((index, at), seg.blocks[at].text)
        for at in blocks
        if seg.blocks[at].kind == "p" and not has_field(seg.blocks[at].element)
    ]


def segment_plans(
    ops: list[SegOp],
    old: list[Segment],
    new: list[Segment],
    first_move: int,
    whole: Collection[str] = (),
) -> dict[int, SegmentPlan]:
    """A plan for each segment (by op index): for a matched pair its block edits; and
    paragraphs deleted in one segment (a matched or a removed one) and inserted in another
    (or the same; a matched or an added one) paired as moves. ``whole``: keys of clauses
    that moved whole (their paragraphs are not paired again)."""
    plans: dict[int, SegmentPlan] = {}
    deleted: list[tuple[Place, str]] = []
    inserted: list[tuple[Place, str]] = []
    for index, op in enumerate(ops):
        plan, gone, came = _plan_of(op, old, new, whole)
        if plan is not None:
            plans[index] = plan
        deleted += gone
        inserted += came
    moves = pair_paragraphs(deleted, inserted, first_move)
    by_old = {op.old: plans[i] for i, op in enumerate(ops) if i in plans and op.old is not None}
    by_new = {op.new: plans[i] for i, op in enumerate(ops) if i in plans and op.new is not None}
    for (seg, at), name in moves.away.items():
        by_old[seg].departures[at] = name
    for (seg, at), (name, (old_seg, old_at)) in moves.here.items():
        by_new[seg].arrivals[at] = (name, old[old_seg].blocks[old_at])
    return plans


Candidates = list[tuple[Place, str]]


def _plan_of(
    op: SegOp, old: list[Segment], new: list[Segment], whole: Collection[str]
) -> tuple[SegmentPlan | None, Candidates, Candidates]:
    """One segment's plan, and its paragraphs that left (OLD's) or arrived (NEW's)."""
    if op.op == "delete" and op.old is not None:
        seg = old[op.old]
        if seg.key in whole:
            return None, [], []
        return SegmentPlan([]), _movable(seg, op.old, range(len(seg.blocks))), []
    if op.op == "insert" and op.new is not None:
        seg = new[op.new]
        if seg.key in whole:
            return None, [], []
        return SegmentPlan([]), [], _movable(seg, op.new, range(len(seg.blocks)))
    if op.old is None or op.new is None:
        return None, [], []
    if same_blocks(old[op.old], new[op.new]):
        return SegmentPlan([], same=True), [], []
    plan = SegmentPlan(block_edits(old[op.old], new[op.new]))
    gone = [e.old for e in plan.edits if e.op == "delete" and e.old is not None]
    came = [e.new for e in plan.edits if e.op == "insert" and e.new is not None]
    return plan, _movable(old[op.old], op.old, gone), _movable(new[op.new], op.new, came)
