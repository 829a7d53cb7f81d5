"""What a returned document is read into, and its views.

A revision element is identified by a small integer *key* (its position in
:attr:`ReturnedDocument.revs`); a :class:`TrackedChange` owns one or more keys (a paragraph
inserted with its text is one change). Views take the set of accepted keys (or :data:`ALL`).
The text of a paragraph is kept as *segments*, each tagged with the revision elements
around it, so any view can be produced cheaply: reject-all (the text that was sent, as far
as tracked changes go), accept-all, or "accept just these changes" (used to simulate checks).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from lxml.etree import _Element as Element

from ..safezip import Package
from ..text import join_cell, join_row, join_rows

RevKind = Literal["ins", "del"]
RevTag = Literal[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "mark-ins",
    "mark-del",
    "mark-moveFrom",
    "mark-moveTo",
    "row-ins",
    "row-del",
    "cell-ins",
    "cell-del",
]
ChangeKind = Literal["insert", "delete", "move", "format", "paragraph-insert", "paragraph-delete"]


@dataclass
class Rev:
    """One revision element: an insertion-like (shown when accepted) or deletion-like one."""

    key: int
    kind: RevKind  # "ins": visible only when accepted; "del": visible only when rejected
    tag: RevTag
    id: str
    author: str
    date: str
    move: str | None = None  # the move's name (w:moveFromRangeStart/@w:name)
    within: str | None = None  # an insertion or deletion inside a moveTo range: its name


Segment = tuple[str, tuple[int, ...]]  # text and the keys of the revisions around it


@dataclass
class Para:
    """A paragraph as segments, with its mark's revision (if any)."""

    element: Element
    segments: list[Segment] = field(default_factory=list)
    mark: int | None = None  # key of an inserted/deleted paragraph mark
    style: str | None = None

    def text(self, accepted: Iterable[int] | _All | None, revs: list[Rev]) -> str:
        return "".join(t for t, keys in self.segments if visible(keys, accepted, revs))

    def mark_kept(self, accepted: Iterable[int] | _All | None, revs: list[Rev]) -> bool:
        return self.mark is None or visible((self.mark,), accepted, revs)

    def all_text(self) -> str:
        return "".join(t for t, _ in self.segments)


@dataclass
class Row:
    cells: list[list[Para]]
    rev: int | None = None  # key of an inserted/deleted row


@dataclass
class Block:
    """A body-level paragraph or table, in document order, with the clause it belongs to."""

    index: int
    element: Element
    para: Para | None = None
    rows: list[Row] | None = None
    clause: str | None = None
    version: int | None = None
    section: int | None = None
    heading: bool = False  # the first element of a clause span

    @property
    def is_table(self) -> bool:
        return self.rows is not None

    def paras(self) -> list[Para]:
        if self.para is not None:
            return [self.para]
        return [p for row in self.rows or [] for cell in row.cells for p in cell]


@dataclass
class Unseen:
    """Content whose reading differs from what a reader sees: text hidden by formatting,
    content mou does not read (alternate content, data-bound controls, fields, embedded
    objects ...), invisible characters. ``seen`` is what a reader would see instead."""

    kind: str
    block: int  # index of the block it is in (or the block before it)
    text: str
    detail: str
    severity: Literal["error", "warning"] = "error"
    seen: str = ""
    binding: tuple[str, str, str] | None = None  # data-bound control: store, xpath, prefixes
    part: str = "word/document.xml"  # the package part it is in


@dataclass
class TrackedChange:
    id: str
    kind: ChangeKind
    author: str
    date: str
    text: str
    block: int  # index of the block it starts in
    keys: list[int] = field(default_factory=list)  # revision keys accepting this change sets
    detail: str = ""  # format changes: what changed; moves: where to
    to_block: int | None = None  # moves: where the text lands
    context: str = ""


@dataclass
class Comment:
    id: str
    author: str
    date: str
    text: str
    anchor: str = ""
    block: int | None = None
    resolved: bool = False
    replies: list[Comment] = field(default_factory=list)
    para_id: str | None = None
    parent: str | None = None  # paraId of the comment this one answers


@dataclass
class ReturnedDocument:
    path: str
    package: Package
    blocks: list[Block]
    revs: list[Rev]
    changes: list[TrackedChange]
    comments: list[Comment]
    manifest: dict[str, Any] | None
    marked: bool  # clause markers were found
    unseen: list[Unseen] = field(default_factory=list)
    note_refs: dict[tuple[str, str], int] = field(default_factory=dict)  # note -> block

    # -------------------------------------------------------- the sender's own
    @cached_property
    def sent_revisions(self) -> frozenset[tuple[str, str, str]]:
        """(id, author, date) of every tracked change the document carried when mou sent it
        (the manifest's ``revisions``): the sending side's own changes, such as a redline's."""
        return frozenset(
            (str(r.get("id")), str(r.get("author")), str(r.get("date")))
            for r in (self.manifest or {}).get("revisions", []) or []
            if isinstance(r, dict)
        )

    @cached_property
    def sent_keys(self) -> frozenset[int]:
        """Keys of the revisions in :attr:`sent_revisions`: accepted, they give the document
        as it was sent."""
        sent = self.sent_revisions
        return frozenset(r.key for r in self.revs if (r.id, r.author, r.date) in sent)

    # ----------------------------------------------------------------- views
    def block_texts(
        self,
        blocks: Iterable[Block],
        accepted: Iterable[int] | _All | None = None,
    ) -> list[str]:
        """Texts of ``blocks`` in the view where ``accepted`` keys are accepted (None: none;
        use :data:`ALL` for accept-all). A paragraph whose mark disappears in the view joins
        the next paragraph; a table is rows (cells tab-separated) one per line."""
        acc = as_set(accepted, self)
        out: list[str] = []
        carry: str | None = None
        for block in blocks:
            if block.para is not None:
                text = (carry or "") + block.para.text(acc, self.revs)
                if block.para.mark_kept(acc, self.revs):
                    out.append(text)
                    carry = None
                else:
                    carry = text
            else:
                if carry:
                    out.append(carry)
                carry = None
                out.append(self.table_text(block, acc))
        if carry:
            out.append(carry)
        return out

    def table_text(self, block: Block, accepted: Iterable[int] | _All | None = None) -> str:
        acc = as_set(accepted, self)
        lines = []
        for row in block.rows or []:
            if row.rev is not None and not visible((row.rev,), acc, self.revs):
                continue
            cells = [join_cell([p.text(acc, self.revs) for p in cell]) for cell in row.cells]
            lines.append(join_row(cells))
        return join_rows(lines)

    def clause_blocks(self) -> dict[str, list[Block]]:
        result: dict[str, list[Block]] = {}
        for block in self.blocks:
            if block.clause is not None:
                result.setdefault(block.clause, []).append(block)
        return result


class _All:
    """Marker for accept-all views."""


ALL = _All()


#: which revision keys a view accepts: a set of keys, or :data:`ALL`
Accepted = AbstractSet[int] | _All


def as_set(accepted: Iterable[int] | _All | None, doc: ReturnedDocument) -> Accepted:
    if isinstance(accepted, _All):
        return accepted
    if accepted is None:
        return frozenset()
    return accepted if isinstance(accepted, set | frozenset) else frozenset(accepted)


def visible(keys: tuple[int, ...], accepted: Iterable[int] | _All | None, revs: list[Rev]) -> bool:
    if not keys:
        return True
    for key in keys:
        on = isinstance(accepted, _All) or (accepted is not None and key in accepted)
        if (revs[key].kind == "ins") != on:
            return False
    return True
