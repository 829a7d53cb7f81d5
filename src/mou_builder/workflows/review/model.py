"""What ``mou review`` finds: typed results, no computation beyond counting."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypedDict

from ...model.agreement import Agreement, Section

if TYPE_CHECKING:
    from ...ooxml.read import Block, ReturnedDocument

ChangeKind = Literal[
    "insert", "delete", "move", "format", "paragraph-insert", "paragraph-delete", "untracked"
]
KINDS: tuple[ChangeKind, ...] = (
    "insert",
    "delete",
    "move",
    "format",
    "paragraph-insert",
    "paragraph-delete",
    "untracked",
)
# the kinds whose acceptance takes text away
REMOVING: tuple[ChangeKind, ...] = ("delete", "paragraph-delete", "move")


@dataclass(kw_only=True)
class Change:
    id: str
    clause: str | None
    section: int | None
    kind: ChangeKind
    author: str = ""
    date: str = ""
    text: str
    context: str
    keys: list[int] = field(default_factory=list)  # revision keys (tracked changes)
    to_clause: str | None = None  # moves: the clause the text lands in
    old: str = ""  # untracked: the text that was sent; tracked replace pairs: deleted text
    new: str = ""  # untracked: the text now in the document
    pair: str | None = None  # a replacement's other half (deletion <-> insertion)
    merges: str | None = None  # a deleted paragraph mark joining this clause's heading on
    #: whose change it is: "other party" unless the revision was in the document sent
    party: str = "other party"

    def to_json(self) -> dict[str, str | int | None]:
        return {
            "id": self.id,
            "clause": self.clause,
            "section": self.section,
            "kind": self.kind,
            "author": self.author,
            "date": self.date,
            "text": self.text,
            "context": self.context,
            "party": self.party,
        }


@dataclass(kw_only=True)
class Flag:
    change: str
    rule: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"change": self.change, "rule": self.rule, "message": self.message}


@dataclass(kw_only=True)
class Finding:
    """What a reader sees differently from what mou reads (hidden text, content mou does not
    read, invisible characters, shifted numbering ...), in the clause it sits in."""

    id: str
    clause: str | None
    section: int | None
    kind: str
    text: str  # the content concerned (invisible characters escaped)
    seen: str  # what a reader sees
    severity: str  # "error" or "warning"
    part: str = "word/document.xml"  # the package part it is in

    def to_json(self) -> dict[str, str | int | None]:
        return {
            "id": self.id,
            "clause": self.clause,
            "section": self.section,
            "kind": self.kind,
            "part": self.part,
            "text": self.text,
            "seen": self.seen,
            "severity": self.severity,
        }


class Reply(TypedDict):
    id: str
    author: str
    date: str
    text: str
    resolved: bool


@dataclass(kw_only=True)
class ReviewComment:
    id: str
    clause: str | None
    section: int | None
    author: str
    date: str
    text: str
    anchor: str
    resolved: bool
    replies: list[Reply]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "clause": self.clause,
            "author": self.author,
            "date": self.date,
            "text": self.text,
            "anchor": self.anchor,
            "replies": self.replies,
            "resolved": self.resolved,
        }


@dataclass(kw_only=True)
class ClauseView:
    """One clause of the returned document: its blocks and where it sits."""

    clause: str
    section: int | None
    version: int | None
    blocks: list[Block] = field(default_factory=list)
    sent: Section | None = None  # the section as assembled from the spec (with --spec)


class Summary(TypedDict):
    changes: int
    untracked: int
    comments: int
    flags: int
    findings: int
    changes_per_clause: dict[str, int]
    changes_per_author: dict[str, int]
    comments_per_clause: dict[str, int]
    notes: list[str]


@dataclass(kw_only=True)
class Review:
    document: str
    changes: list[Change]
    comments: list[ReviewComment]
    flags: list[Flag] = field(default_factory=list)
    doc: ReturnedDocument
    clauses: dict[str, ClauseView]
    agreement: Agreement | None = None
    titles: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "document": self.document,
            "changes": [c.to_json() for c in self.changes],
            "comments": [c.to_json() for c in self.comments],
            "flags": [f.to_json() for f in self.flags],
            "findings": [f.to_json() for f in self.findings],
            "summary": self.summary(),
        }

    def change(self, change_id: str) -> Change | None:
        return next((c for c in self.changes if c.id == change_id), None)

    def summary(self) -> Summary:
        per_clause: Counter[str] = Counter(c.clause or "(outside clauses)" for c in self.changes)
        per_author: Counter[str] = Counter(c.author or "(unknown)" for c in self.changes)
        comments_clause: Counter[str] = Counter(
            c.clause or "(outside clauses)" for c in self.comments
        )
        return {
            "changes": len(self.changes),
            "untracked": sum(1 for c in self.changes if c.kind == "untracked"),
            "comments": len(self.comments),
            "flags": len(self.flags),
            "findings": len(self.findings),
            "changes_per_clause": dict(per_clause),
            "changes_per_author": dict(per_author),
            "comments_per_clause": dict(comments_clause),
            "notes": list(self.notes),
        }
