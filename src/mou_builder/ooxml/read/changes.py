"""Revision elements grouped into the tracked changes a reviewer sees, with their context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...compare.worddiff import diff_words_fast, hunks
from .model import (
    ALL,
    Block,
    ChangeKind,
    Para,
    ReturnedDocument,
    Rev,
    RevKind,
    Row,
    TrackedChange,
    visible,
)
from .structural import structural_changes
from .walk import Format, Walker


def tracked_changes(doc: ReturnedDocument, walker: Walker) -> list[TrackedChange]:
    """Every tracked change of ``doc``, in document order, each with its context."""
    found = _Collector(doc)
    found.rows_and_marks()
    found.moves()
    found.single_elements()
    found.formats(walker.formats)
    walked = {doc.revs[k].id for k, texts in found.key_text.items() if "".join(texts)}
    found.changes.extend(structural_changes(doc, walked))
    changes = found.changes
    changes.sort(key=lambda c: (c.block, _first_key(c)))
    _unique_ids(changes)
    for change in changes:
        change.context = _context(doc, change)
    return changes


def _change(
    rev: Rev, kind: ChangeKind, text: str, block: int, keys: list[int], **extra: Any
) -> TrackedChange:
    return TrackedChange(
        id=rev.id,
        kind=kind,
        author=rev.author,
        date=rev.date,
        text=text,
        block=block,
        keys=keys,
        **extra,
    )


def _whole(kind: RevKind) -> ChangeKind:
    return "paragraph-insert" if kind == "ins" else "paragraph-delete"


def _part(kind: RevKind) -> ChangeKind:
    return "insert" if kind == "ins" else "delete"


_MOVES = ("moveFrom", "moveTo", "mark-moveFrom", "mark-moveTo")
_SINGLE = ("ins", "del", "cell-ins", "cell-del")


class _Collector:
    """Groups the revision keys of a document into changes; each key is used once."""

    def __init__(self, doc: ReturnedDocument) -> None:
        self.doc = doc
        self.revs = doc.revs
        self.consumed: set[int] = set()
        self.changes: list[TrackedChange] = []
        self.key_block: dict[int, int] = {}  # the block each key is first seen in
        self.key_text: dict[int, list[str]] = {}  # texts whose innermost revision is the key
        self.key_all: dict[int, list[str]] = {}  # texts inside the key's revision
        self.move_names = {r.move for r in doc.revs if r.tag in _MOVES and r.move}
        for block in doc.blocks:
            self._index(block)

    def _index(self, block: Block) -> None:
        for row in block.rows or []:
            if row.rev is not None:
                self.key_block.setdefault(row.rev, block.index)
        for para in block.paras():
            if para.mark is not None:
                self.key_block.setdefault(para.mark, block.index)
            for text, keys in para.segments:
                for key in keys:
                    self.key_block.setdefault(key, block.index)
                if keys:
                    self.key_text.setdefault(keys[-1], []).append(text)
                for key in keys:  # a move's text includes what was edited inside it
                    self.key_all.setdefault(key, []).append(text)

    def _add(self, change: TrackedChange) -> TrackedChange:
        self.consumed.update(change.keys)
        self.changes.append(change)
        return change

    # -- whole paragraphs and rows inserted or deleted: one change each
    def rows_and_marks(self) -> None:
        for block in self.doc.blocks:
            for row in block.rows or []:
                if row.rev is not None:
                    self._row(block, row)
            for para in block.paras():
                if para.mark is not None:
                    self._mark(block, para, self.revs[para.mark])

    def _row(self, block: Block, row: Row) -> None:
        assert row.rev is not None
        rev = self.revs[row.rev]
        keys = [row.rev]
        for para in (p for cell in row.cells for p in cell):
            if para.mark is not None and self.revs[para.mark].kind == rev.kind:
                keys.append(para.mark)
            keys += _same_kind_keys(para, rev.kind, self.revs)
        text = " | ".join(" ".join(p.all_text() for p in cell).strip() for cell in row.cells)
        self._add(_change(rev, _whole(rev.kind), text, block.index, keys, detail="table row"))

    def _mark(self, block: Block, para: Para, mark: Rev) -> None:
        if mark.key in self.consumed or mark.tag.startswith("mark-move"):
            return
        if mark.within in self.move_names:  # a paragraph inserted into moved text: the move's
            return
        revs = self.revs
        if all(seg and any(revs[k].kind == mark.kind for k in seg) for _, seg in para.segments):
            # another author's text in the paragraph stays that author's change
            same = _same_kind_keys(para, mark.kind, revs)
            own = [k for k in same if revs[k].author == mark.author]
            text = "".join(t for t, seg in para.segments if any(k in own for k in seg))
            self._add(_change(mark, _whole(mark.kind), text, block.index, [mark.key, *own]))
            return
        nxt = _wholly_tracked_next(self.doc, block, mark)
        if nxt is not None and block.para is para and nxt.para is not None:
            # LibreOffice (and Word) mark the paragraph break *before* a new paragraph
            keys = [mark.key, *_same_kind_keys(nxt.para, mark.kind, revs)]
            text = nxt.para.all_text()
            self._add(_change(mark, _whole(mark.kind), text, nxt.index, keys))
            return
        self._add(
            _change(mark, _part(mark.kind), "¶", block.index, [mark.key], detail="paragraph break")
        )

    # -- moves: every moveFrom/moveTo (and moved paragraph marks) of one name together
    def moves(self) -> None:
        by_name: dict[str, TrackedChange] = {}
        for rev in self.revs:
            if rev.key in self.consumed or rev.tag not in _MOVES:
                continue
            name = rev.move or f"unnamed-{rev.author}-{rev.date}"
            at = self.key_block.get(rev.key, 0)
            change = by_name.get(name)
            if change is None:
                change = by_name[name] = self._add(_change(rev, "move", "", at, []))
            change.keys.append(rev.key)
            self.consumed.add(rev.key)
            if rev.tag == "moveFrom":
                change.id = change.id if change.text else rev.id
                change.block = at if not change.text else change.block
                change.text += "".join(self.key_all.get(rev.key, []))
            elif rev.tag == "moveTo" and change.to_block is None:
                change.to_block = at
        for rev in self.revs:  # what was edited inside the moved text is part of the move
            change = by_name.get(rev.within or "")
            if change is not None and rev.key not in self.consumed:
                change.keys.append(rev.key)
                self.consumed.add(rev.key)
        for change in by_name.values():  # nothing left where it came from: say what landed
            if not change.text.strip():
                landed = (k for k in change.keys if self.revs[k].tag == "moveTo")
                change.text = "".join("".join(self.key_all.get(k, [])) for k in landed)
            change.detail = _inner_edits(self.doc, set(change.keys))

    # -- the remaining insertions and deletions, one change per element
    def single_elements(self) -> None:
        for rev in self.revs:
            if rev.key in self.consumed or rev.tag not in _SINGLE:
                continue
            self.consumed.add(rev.key)
            text = "".join(self.key_text.get(rev.key, []))
            if not text and rev.tag in ("ins", "del"):
                continue  # e.g. LibreOffice records the comment anchor it added as an insertion
            detail = "table cell" if rev.tag.startswith("cell") else ""
            at = self.key_block.get(rev.key, 0)
            self._add(_change(rev, _part(rev.kind), text, at, [rev.key], detail=detail))

    # -- formatting changes: adjacent runs of one paragraph with the same change are one
    def formats(self, formats: list[Format]) -> None:
        last: tuple[int, str, str, str] | None = None
        for fmt in formats:
            signature = (fmt.para, fmt.author, fmt.date, fmt.detail)
            previous = self.changes[-1] if self.changes else None
            if last == signature and previous is not None and previous.kind == "format":
                previous.text += fmt.text
                continue
            last = signature
            self.changes.append(
                TrackedChange(
                    id=fmt.key_id,
                    kind="format",
                    author=fmt.author,
                    date=fmt.date,
                    text=fmt.text,
                    block=max(fmt.block, 0),
                    keys=[],
                    detail=fmt.detail,
                )
            )


def _move_texts(doc: ReturnedDocument, keys: set[int]) -> tuple[str, str]:
    """A move's text where it left (as sent) and where it landed (accepted), a line a
    paragraph."""
    before: list[str] = []
    after: list[str] = []
    for block in doc.blocks:
        for para in block.paras():
            old = new = ""
            for text, seg in para.segments:
                own = [k for k in seg if k in keys]
                if not own:
                    continue
                if any(doc.revs[k].tag == "moveFrom" for k in own):
                    old += text if visible(seg, frozenset(), doc.revs) else ""
                elif visible(seg, ALL, doc.revs):
                    new += text
            before += [old] if old else []
            after += [new] if new else []
    return "\n".join(before), "\n".join(after)


#: at most this many characters of a move's inner edits are listed
_EDITS_SHOWN = 200


def _inner_edits(doc: ReturnedDocument, keys: set[int]) -> str:
    """What changed in the moved text on the way: "edited: [-six-]{+eight+} ...", or ""."""
    before, after = _move_texts(doc, keys)
    if not before or not after or before == after:
        return ""
    edits = []
    for hunk in hunks(diff_words_fast(before, after)):
        removed, added = (" ¶ ".join(t.split("\n")).strip() for t in (hunk.removed, hunk.added))
        edits.append((f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else ""))
    shown = " ".join(e for e in edits if e)
    if len(shown) > _EDITS_SHOWN:
        shown = shown[: _EDITS_SHOWN - 1].rstrip() + "…"
    return f"edited: {shown}" if shown else ""


def _wholly_tracked_next(doc: ReturnedDocument, block: Block, mark: Rev) -> Block | None:
    """The paragraph whose break ``mark`` (an inserted or deleted break that is not its
    own paragraph's) stands for: the next one wholly tracked the same way whose own mark is
    untracked, past any wholly tracked paragraphs with their own marks (Word and mou track
    the break *before* paragraphs added after a kept one)."""
    index = block.index + 1
    while index < len(doc.blocks) and _wholly(doc, doc.blocks[index], mark, own_mark=True):
        index += 1
    if index >= len(doc.blocks) or not _wholly(doc, doc.blocks[index], mark, own_mark=False):
        return None
    return doc.blocks[index]


def _wholly(doc: ReturnedDocument, block: Block, mark: Rev, own_mark: bool) -> bool:
    """``block`` is a paragraph wholly tracked as ``mark`` is (kind, author), its own mark
    so tracked too (``own_mark``) or untracked."""
    para = block.para
    if para is None or not para.segments:
        return False
    if own_mark:
        rev = doc.revs[para.mark] if para.mark is not None else None
        if rev is None or rev.tag != f"mark-{mark.kind}" or rev.author != mark.author:
            return False
    elif para.mark is not None:
        return False
    return all(
        keys
        and all(doc.revs[k].tag == mark.kind and doc.revs[k].author == mark.author for k in keys)
        for _, keys in para.segments
    )


def _first_key(change: TrackedChange) -> int:
    return min(change.keys) if change.keys else 1 << 30


def _same_kind_keys(para: Para, kind: str, revs: list[Rev]) -> list[int]:
    keys: list[int] = []
    for _, seg_keys in para.segments:
        for key in seg_keys:
            if revs[key].kind == kind and key not in keys and not revs[key].tag.startswith("move"):
                keys.append(key)
    return keys


def _unique_ids(changes: list[TrackedChange]) -> None:
    """Revision ids should be unique, but not every editor obliges: make them so."""
    seen: set[str] = set()
    for change in changes:
        base = change.id or "r"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}.{n}"
        change.id = candidate
        seen.add(candidate)


def _context(doc: ReturnedDocument, change: TrackedChange) -> str:
    """The paragraph around a change as sent (reject-all), the change marked [-x-] / {+y+}."""
    summary = _SUMMARIES.get(change.kind)
    if summary is not None:
        return summary(change)
    block = doc.blocks[change.block] if change.block < len(doc.blocks) else None
    if block is None:
        return ""
    own = set(change.keys)
    for para in block.paras():
        if para.mark in own or any(k in own for _, keys in para.segments for k in keys):
            marked = _marked(para, own, change.kind, doc.revs)
            if block.rows is not None:  # a table cell: show the row it is in
                return _row_context(doc, block, para, marked)
            return marked
    return ""


def _paragraph_summary(change: TrackedChange) -> str:
    fallback = "new paragraph" if change.kind == "paragraph-insert" else "paragraph removed"
    return change.detail or fallback


def _move_summary(change: TrackedChange) -> str:
    return f"moved to block {change.to_block}" if change.to_block is not None else "moved"


#: changes whose context is a summary, not their paragraph
_SUMMARIES: dict[str, Callable[[TrackedChange], str]] = {
    "format": lambda change: change.detail,
    "paragraph-insert": _paragraph_summary,
    "paragraph-delete": _paragraph_summary,
    "move": _move_summary,
}


def _marked(para: Para, own: set[int], kind: ChangeKind, revs: list[Rev]) -> str:
    """``para`` as sent, the text of the keys in ``own`` shown as {+inserted+}/[-deleted-],
    at most 60 characters of context either side."""
    before: list[str] = []
    marked: list[str] = []
    after: list[str] = []
    for text, keys in para.segments:
        if any(k in own for k in keys):
            marked.append(text)
        elif visible(keys, frozenset(), revs):
            (after if marked else before).append(text)
    if para.mark in own:
        marked.append("¶")
    inner = "".join(marked)
    shown = f"{{+{inner}+}}" if kind == "insert" else f"[-{inner}-]"
    head, tail = "".join(before), "".join(after)
    if len(head) > 60:
        head = "…" + head[-59:].lstrip()
    if len(tail) > 60:
        tail = tail[:59].rstrip() + "…"
    return head + shown + tail


def _row_context(doc: ReturnedDocument, block: Block, para: Para, marked: str) -> str:
    for row in block.rows or []:
        for cell in row.cells:
            if any(p is para for p in cell):
                cells = []
                for other in row.cells:
                    if other is cell:
                        cells.append(marked)
                    else:
                        cells.append(" ".join(p.text(frozenset(), doc.revs) for p in other))
                return "table row: " + " | ".join(c.strip() for c in cells)
    return marked
