"""What two documents are compared by: one unit per clause, plus text outside clauses.

Plain data shared by :mod:`mou_builder.compare.align` (which aligns units) and
:mod:`mou_builder.ooxml` (which reads them out of Word documents).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
