"""The text fallback of clause mapping: blocks without a clause marker placed by matching
their reject-all text against the spec's assembled clauses."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from ...model.agreement import Agreement, Section
from .texts import normal

if TYPE_CHECKING:
    from ...ooxml.reader import Block, ReturnedDocument

# (normalised text, section, is heading)
_Target = tuple[str, Section, bool]
_Hit = tuple[Section, bool]


def map_by_text(doc: ReturnedDocument, agreement: Agreement, threshold: float = 0.6) -> None:
    """Place blocks without a clause marker by matching their reject-all text against the
    spec's assembled clauses (exact first, then difflib ratio over candidates)."""
    targets, exact = _targets(doc, agreement)
    if not targets:
        return
    matched = False
    for block in doc.blocks:
        if block.clause is not None:
            continue
        text = normal("\n".join(doc.block_texts([block])))
        if not text:
            continue
        hit = exact.get(text) or _closest(text, targets, threshold)
        if hit is None:
            continue
        section, heading = hit
        block.clause, block.version, block.section = (
            section.clause_id,
            section.version,
            section.number,
        )
        block.heading = heading
        matched = True
    _fill_between(doc.blocks)
    doc.marked = doc.marked or matched


def _targets(doc: ReturnedDocument, agreement: Agreement) -> tuple[list[_Target], dict[str, _Hit]]:
    """The headings and paragraphs of the clauses no marker placed."""
    known = {b.clause for b in doc.blocks if b.clause}
    targets: list[_Target] = []
    exact: dict[str, _Hit] = {}
    for section in agreement.sections:
        if section.clause_id in known:
            continue
        lines = [(section.title, True)] + [(b.text, False) for b in section.blocks]
        for text, heading in lines:
            key = normal(text)
            if key:
                targets.append((key, section, heading))
                exact.setdefault(key, (section, heading))
    return targets, exact


def _closest(text: str, targets: list[_Target], threshold: float) -> _Hit | None:
    best: _Hit | None = None
    best_ratio = threshold
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)
    for key, section, heading in targets:
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = (section, heading), ratio
    return best


def _fill_between(blocks: list[Block]) -> None:
    """Blocks between two matched blocks of one clause belong to it; so do blocks between a
    clause and the next clause's heading (a paragraph the other party added)."""
    last: Block | None = None
    pending: list[Block] = []
    for block in blocks:
        if block.clause is None:
            if last is not None:
                pending.append(block)
            continue
        if last is not None and (block.clause == last.clause or block.heading):
            for item in pending:
                item.clause, item.version, item.section = last.clause, last.version, last.section
        pending = []
        last = block
