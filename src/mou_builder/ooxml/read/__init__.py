"""Reading a returned .docx: tracked changes and comments, block by block.

A returned document is walked once, in document order. Every body paragraph and table
becomes a :class:`Block`, mapped to its clause by the markers of :mod:`.markers`: the
``mou:clause:<id>@<version>`` content controls are read in the same pass; where they are gone
(LibreOffice drops block-level content controls and may split bookmarks in two) the
``mou_<section>_<version>_<id>`` bookmarks place the clause, and paragraphs added between two
clauses join the clause before them. The text
of a paragraph is kept as *segments*, each tagged with the revision elements around it, so
any view can be produced cheaply afterwards: reject-all (the text that was sent, as far as
tracked changes go), accept-all, or "accept just these changes" (used to simulate checks).

Read here:

- ``w:ins`` / ``w:del`` around runs (also nested, as Word writes a deletion of someone
  else's insertion), ``w:moveFrom`` / ``w:moveTo`` with their ``*RangeStart`` names;
- paragraph marks inserted or deleted (``w:pPr/w:rPr/w:ins|w:del|w:moveFrom|w:moveTo``);
- table rows inserted or deleted (``w:trPr/w:ins|w:del``) and cells (``w:cellIns|w:cellDel``);
- formatting changes ``w:rPrChange`` (runs) and ``w:pPrChange`` (paragraphs);
- comments (``word/comments.xml``) with their anchors (``commentRangeStart/End``), replies and
  resolved state (``word/commentsExtended.xml``, keyed by ``w14:paraId``/``w15:paraIdParent``).

A revision element is identified by a small integer *key* (its position in
:attr:`ReturnedDocument.revs`); a :class:`TrackedChange` owns one or more keys (a paragraph
inserted with its text is one change). Views take the set of accepted keys.

The views are private to this module: the shared ``ooxml/revisions.py`` (redline work)
offers whole-document accept/reject views, while a review needs "accept only these
changes"; tests check that both agree on reject-all and accept-all text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..clausemap import ClauseSpan, clause_spans
from ..ns import W14, W15, w
from ..properties import read_manifest
from ..safezip import Package, open_docx
from ..text import item_text, join_cell, join_row, join_rows, own_paragraphs, own_rows

DOCUMENT = "word/document.xml"
COMMENTS = "word/comments.xml"
COMMENTS_EXT = "word/commentsExtended.xml"

_P, _TBL, _TR, _TC, _R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
_SDT, _SDT_CONTENT, _BODY = w("sdt"), w("sdtContent"), w("body")
_SDT_TAG = f"{w('sdtPr')}/{w('tag')}"
_INS, _DEL, _MOVE_FROM, _MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
_T, _DEL_TEXT, _TAB, _BR, _CR, _NBH = (
    w("t"),
    w("delText"),
    w("tab"),
    w("br"),
    w("cr"),
    w("noBreakHyphen"),
)
_PPR, _RPR, _TRPR, _TCPR = w("pPr"), w("rPr"), w("trPr"), w("tcPr")
_RPR_CHANGE, _PPR_CHANGE = w("rPrChange"), w("pPrChange")
_CELL_INS, _CELL_DEL = w("cellIns"), w("cellDel")
_C_START, _C_END = w("commentRangeStart"), w("commentRangeEnd")
_BM_START, _BM_END = w("bookmarkStart"), w("bookmarkEnd")
_MF_START, _MT_START = w("moveFromRangeStart"), w("moveToRangeStart")
_ID, _AUTHOR, _DATE, _NAME, _VAL = w("id"), w("author"), w("date"), w("name"), w("val")
_SKIP = {
    w("instrText"),
    w("delInstrText"),
    _RPR,
    w("fldChar"),
    w("commentReference"),
    w("footnoteReference"),
    w("endnoteReference"),
    w("sdtPr"),
    w("sdtEndPr"),
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("proofErr"),
    w("lastRenderedPageBreak"),
}
_WRAPPERS = {_INS: "ins", _DEL: "del", _MOVE_TO: "ins", _MOVE_FROM: "del"}

RevKind = Literal["ins", "del"]


@dataclass
class Rev:
    """One revision element: an insertion-like (shown when accepted) or deletion-like one."""

    key: int
    kind: RevKind  # "ins": visible only when accepted; "del": visible only when rejected
    tag: str  # ins, del, moveFrom, moveTo, mark-ins, mark-del, row-ins, row-del, cell-ins ...
    id: str
    author: str
    date: str
    move: str | None = None  # the move's name (w:moveFromRangeStart/@w:name)


Segment = tuple[str, tuple[int, ...]]  # text and the keys of the revisions around it


@dataclass
class Para:
    """A paragraph as segments, with its mark's revision (if any)."""

    element: Any
    segments: list[Segment] = field(default_factory=list)
    mark: int | None = None  # key of an inserted/deleted paragraph mark
    style: str | None = None

    def text(self, accepted: Iterable[int] | None, revs: list[Rev]) -> str:
        return "".join(t for t, keys in self.segments if _visible(keys, accepted, revs))

    def mark_kept(self, accepted: Iterable[int] | None, revs: list[Rev]) -> bool:
        return self.mark is None or _visible((self.mark,), accepted, revs)

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
    element: Any
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
class TrackedChange:
    id: str
    kind: str  # insert | delete | move | format | paragraph-insert | paragraph-delete
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

    # ----------------------------------------------------------------- views
    def block_texts(
        self,
        blocks: Iterable[Block],
        accepted: Iterable[int] | None = None,
    ) -> list[str]:
        """Texts of ``blocks`` in the view where ``accepted`` keys are accepted (None: none;
        use :data:`ALL` for accept-all). A paragraph whose mark disappears in the view joins
        the next paragraph; a table is rows (cells tab-separated) one per line."""
        acc = _as_set(accepted, self)
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

    def table_text(self, block: Block, accepted: Iterable[int] | None = None) -> str:
        acc = _as_set(accepted, self)
        lines = []
        for row in block.rows or []:
            if row.rev is not None and not _visible((row.rev,), acc, self.revs):
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


def _as_set(accepted: Any, doc: ReturnedDocument) -> Any:
    if accepted is ALL:
        return ALL
    if accepted is None:
        return frozenset()
    return accepted if isinstance(accepted, set | frozenset) else frozenset(accepted)


def _visible(keys: tuple[int, ...], accepted: Any, revs: list[Rev]) -> bool:
    if not keys:
        return True
    for key in keys:
        on = accepted is ALL or key in accepted
        if (revs[key].kind == "ins") != on:
            return False
    return True


# --------------------------------------------------------------------------- reading


def read_returned(path: Path | str) -> ReturnedDocument:
    """Open (safely) and read a returned document."""
    return read_package(open_docx(path))


def read_package(package: Package) -> ReturnedDocument:
    root = package.xml(DOCUMENT)
    manifest = read_manifest(package)
    body = root.find(_BODY)
    if body is None:
        body = root
    walker = _Walker()
    walker.body(body)
    blocks = walker.blocks
    spans = clause_spans(root, manifest)
    _place(blocks, spans)
    _fill_gaps(blocks, walker.revs)
    _complete_sections(blocks, _manifest_sections(manifest))
    doc = ReturnedDocument(
        path=package.path,
        package=package,
        blocks=blocks,
        revs=walker.revs,
        changes=[],
        comments=[],
        manifest=manifest,
        marked=bool(spans),
    )
    doc.changes = _changes(doc, walker)
    doc.comments = _comments(package, walker)
    return doc


def _place(blocks: list[Block], spans: list[ClauseSpan]) -> None:
    """Each block's clause, from the clause mapper's spans (:mod:`..clausemap`)."""
    where = {id(el): (span, i) for span in spans for i, el in enumerate(span.elements)}
    for block in blocks:
        found = where.get(id(block.element))
        if found is not None:
            span, position = found
            block.clause, block.version, block.section = span.clause_id, span.version, span.section
            block.heading = position == 0


def _fill_gaps(blocks: list[Block], revs: list[Rev]) -> None:
    """Blocks between two clauses belong to the clause before them (a paragraph the other
    party added at the end of a clause lands outside its markers); after the last clause,
    only paragraphs that are wholly tracked insertions do."""
    previous: Block | None = None
    gap: list[Block] = []
    for block in blocks:
        if block.clause is None:
            if previous is not None:
                gap.append(block)
            continue
        if gap and previous is not None and block.heading:
            for item in gap:
                _adopt(item, previous)
        gap = []
        previous = block
    for item in gap:
        if not _wholly_inserted(item, revs):
            break
        _adopt(item, previous)  # type: ignore[arg-type]


def _wholly_inserted(block: Block, revs: list[Rev]) -> bool:
    segments = block.para.segments if block.para is not None else []
    return bool(segments) and all(
        keys and any(revs[k].kind == "ins" for k in keys) for _, keys in segments
    )


def _adopt(block: Block, owner: Block) -> None:
    block.clause, block.version, block.section = owner.clause, owner.version, owner.section


def _complete_sections(blocks: list[Block], sections: dict[str, int]) -> None:
    for block in blocks:
        if block.clause is not None and block.section is None:
            block.section = sections.get(block.clause)


def _manifest_sections(manifest: dict[str, Any] | None) -> dict[str, int]:
    result: dict[str, int] = {}
    for entry in (manifest or {}).get("clauses", []) or []:
        if isinstance(entry, dict) and isinstance(entry.get("section"), int):
            result[str(entry.get("id"))] = entry["section"]
    return result


@dataclass
class _Format:
    key_id: str
    author: str
    date: str
    text: str
    block: int
    detail: str
    para: int  # id() of the paragraph, to group adjacent runs


class _Walker:
    """One pass over the body collecting blocks, revisions, formatting changes and anchors."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._pending_ppr: _Format | None = None
        self.revs: list[Rev] = []
        self.formats: list[_Format] = []
        self.anchors: dict[str, list[str]] = {}  # comment id -> texts (current view)
        self.anchor_deleted: dict[str, list[str]] = {}
        self.anchor_block: dict[str, int] = {}
        self.open_comments: set[str] = set()
        self.move_name: dict[str, str | None] = {"from": None, "to": None}
        self.cells: list[tuple[int, str]] = []  # (key, kind) of cellIns/cellDel
        self._block = 0

    # -- revisions
    def rev(self, element: Any, kind: RevKind, tag: str) -> int:
        move = None
        if tag in ("moveFrom", "mark-moveFrom"):
            move = self.move_name["from"]
        elif tag in ("moveTo", "mark-moveTo"):
            move = self.move_name["to"]
        key = len(self.revs)
        self.revs.append(
            Rev(
                key,
                kind,
                tag,
                element.get(_ID) or "",
                element.get(_AUTHOR) or "",
                _date_of(element),
                move,
            )
        )
        return key

    # -- structure
    def body(self, container: Any) -> None:
        """Blocks in document order, through block-level content controls (which clause a
        block belongs to is :mod:`..clausemap`'s business)."""
        for child in container:
            tag = child.tag
            if tag == _P:
                self._new_block(Block(len(self.blocks), child, para=self.paragraph(child)))
            elif tag == _TBL:
                self._new_block(Block(len(self.blocks), child, rows=self.table(child)))
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.body(content)
            else:
                self.marker(child)

    def _new_block(self, block: Block) -> None:
        self.blocks.append(block)
        self._block = len(self.blocks)

    def marker(self, child: Any) -> bool:
        """Range markers that may sit between blocks or runs. True when handled."""
        tag = child.tag
        if tag == _C_START:
            cid = child.get(_ID) or ""
            self.open_comments.add(cid)
            self.anchors.setdefault(cid, [])
            self.anchor_deleted.setdefault(cid, [])
            self.anchor_block.setdefault(cid, self._block)
            return True
        if tag == _C_END:
            self.open_comments.discard(child.get(_ID) or "")
            return True
        if tag == _MF_START:
            self.move_name["from"] = child.get(_NAME)
            return True
        if tag == _MT_START:
            self.move_name["to"] = child.get(_NAME)
            return True
        return False

    def table(self, tbl: Any) -> list[Row]:
        rows: list[Row] = []
        for tr in own_rows(tbl):
            rev = None
            trpr = tr.find(_TRPR)
            if trpr is not None:
                for tag, kind in ((_INS, "ins"), (_DEL, "del")):
                    found = trpr.find(tag)
                    if found is not None:
                        rev = self.rev(found, kind, f"row-{kind}")  # type: ignore[arg-type]
            cells: list[list[Para]] = []
            for tc in tr.findall(_TC):
                tcpr = tc.find(_TCPR)
                if tcpr is not None:
                    for tag, kind in ((_CELL_INS, "ins"), (_CELL_DEL, "del")):
                        found = tcpr.find(tag)
                        if found is not None:
                            key = self.rev(found, kind, f"cell-{kind}")  # type: ignore[arg-type]
                            self.cells.append((key, kind))
                cells.append([self.paragraph(p) for p in own_paragraphs(tc)])
            rows.append(Row(cells, rev))
        return rows

    def paragraph(self, p: Any) -> Para:
        para = Para(p)
        ppr = p.find(_PPR)
        if ppr is not None:
            style = ppr.find(w("pStyle"))
            para.style = style.get(_VAL) if style is not None else None
            mark_rpr = ppr.find(_RPR)
            if mark_rpr is not None:
                for tag, kind, name in (
                    (_INS, "ins", "mark-ins"),
                    (_DEL, "del", "mark-del"),
                    (_MOVE_TO, "ins", "mark-moveTo"),
                    (_MOVE_FROM, "del", "mark-moveFrom"),
                ):
                    found = mark_rpr.find(tag)
                    if found is not None:
                        para.mark = self.rev(found, kind, name)  # type: ignore[arg-type]
                        break
            change = ppr.find(_PPR_CHANGE)
            if change is not None:
                self.formats.append(
                    _Format(
                        change.get(_ID) or "",
                        change.get(_AUTHOR) or "",
                        _date_of(change),
                        "",
                        self._block,
                        "paragraph formatting: " + _ppr_detail(ppr, change),
                        id(p),
                    )
                )
                self._pending_ppr = self.formats[-1]
            else:
                self._pending_ppr = None
        else:
            self._pending_ppr = None
        pending = self._pending_ppr
        self.inline(p, (), para)
        if para.mark is not None and self.revs[para.mark].tag.startswith("mark-move"):
            # the mark is read before the paragraph's move range starts: take the move's name
            mark = self.revs[para.mark]
            want = "moveFrom" if mark.tag == "mark-moveFrom" else "moveTo"
            names = [
                self.revs[k].move
                for _, keys in para.segments
                for k in keys
                if self.revs[k].tag == want and self.revs[k].move
            ]
            if names:
                mark.move = names[0]
        if pending is not None:
            pending.text = para.all_text()
        return para

    def inline(self, element: Any, stack: tuple[int, ...], para: Para) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            wrapper = _WRAPPERS.get(tag)
            if wrapper is not None:
                name = tag.rsplit("}", 1)[1]
                key = self.rev(child, wrapper, name)  # type: ignore[arg-type]
                self.inline(child, (*stack, key), para)
            elif tag == _R:
                self.run(child, stack, para)
            elif tag == _PPR or tag in _SKIP:
                continue
            elif not self.marker(child):
                self.inline(child, stack, para)  # hyperlink, smartTag, sdt, fldSimple, ...

    def run(self, r: Any, stack: tuple[int, ...], para: Para) -> None:
        start = len(para.segments)
        for child in r:
            text = item_text(child)
            if text is None:
                if child.tag != _RPR:
                    self.marker(child)
                continue
            if not text:
                continue
            para.segments.append((text, stack))
            for cid in self.open_comments:
                visible = all(self.revs[k].kind == "ins" for k in stack)
                (self.anchors if visible else self.anchor_deleted)[cid].append(text)
        rpr = r.find(_RPR)
        if rpr is not None:
            change = rpr.find(_RPR_CHANGE)
            if change is not None:
                text = "".join(t for t, _ in para.segments[start:])
                self.formats.append(
                    _Format(
                        change.get(_ID) or "",
                        change.get(_AUTHOR) or "",
                        _date_of(change),
                        text,
                        self._block,
                        _rpr_detail(rpr, change),
                        id(para.element),
                    )
                )


_DATE_UTC = "{http://schemas.microsoft.com/office/word/2023/wordml/word16du}dateUtc"


def _date_of(element: Any) -> str:
    """Word may write local time with a "Z" in w:date and the true UTC in w16du:dateUtc."""
    return element.get(_DATE_UTC) or element.get(_DATE) or ""


_PROP_NAMES = {
    "b": "bold",
    "i": "italic",
    "u": "underline",
    "strike": "strikethrough",
    "caps": "capitals",
    "smallCaps": "small capitals",
    "color": "colour",
    "sz": "size",
    "rFonts": "font",
    "highlight": "highlight",
    "vertAlign": "superscript/subscript",
    "shd": "shading",
    "jc": "alignment",
    "ind": "indentation",
    "spacing": "spacing",
    "pStyle": "style",
    "numPr": "numbering",
    "keepNext": "keep with next",
    "rStyle": "character style",
}
_IGNORED_PROPS = {
    "rPrChange",
    "pPrChange",
    "rPr",
    "ins",
    "del",
    "lang",
    "szCs",
    "bCs",
    "iCs",
    "sectPr",
    "moveFrom",
    "moveTo",
}


def _props(container: Any) -> dict[str, str]:
    result: dict[str, str] = {}
    if container is None:
        return result
    for child in container:
        if not isinstance(child.tag, str):
            continue
        local = child.tag.rsplit("}", 1)[1]
        if local in _IGNORED_PROPS:
            continue
        val = child.get(_VAL)
        result[local] = "" if val is None else val
    return result


def _describe(new: dict[str, str], old: dict[str, str]) -> str:
    parts = []
    for name in sorted(set(new) | set(old)):
        label = _PROP_NAMES.get(name, name)
        if name not in old:
            off = new[name] in ("0", "false", "none")
            parts.append(
                f"{label} removed"
                if off
                else f"{label} added"
                + (f" ({new[name]})" if new[name] not in ("", "1", "true") else "")
            )
        elif name not in new:
            parts.append(f"{label} removed")
        elif new[name] != old[name]:
            parts.append(f"{label} {old[name] or 'on'} → {new[name] or 'on'}")
    return ", ".join(parts) or "formatting changed"


def _rpr_detail(rpr: Any, change: Any) -> str:
    return _describe(_props(rpr), _props(change.find(_RPR)))


def _ppr_detail(ppr: Any, change: Any) -> str:
    return _describe(_props(ppr), _props(change.find(_PPR)))


# --------------------------------------------------------------------------- changes


def _changes(doc: ReturnedDocument, walker: _Walker) -> list[TrackedChange]:
    revs = doc.revs
    key_block: dict[int, int] = {}
    key_text: dict[int, list[str]] = {}
    for block in doc.blocks:
        for row in block.rows or []:
            if row.rev is not None:
                key_block.setdefault(row.rev, block.index)
        for para in block.paras():
            if para.mark is not None:
                key_block.setdefault(para.mark, block.index)
            for text, keys in para.segments:
                for key in keys:
                    key_block.setdefault(key, block.index)
                if keys:
                    key_text.setdefault(keys[-1], []).append(text)
    consumed: set[int] = set()
    changes: list[TrackedChange] = []

    # whole paragraphs / rows inserted or deleted: one change each
    for block in doc.blocks:
        for row in block.rows or []:
            if row.rev is None:
                continue
            rev = revs[row.rev]
            row_keys = [row.rev]
            for cell in row.cells:
                for para in cell:
                    if para.mark is not None and revs[para.mark].kind == rev.kind:
                        row_keys.append(para.mark)
                    row_keys += _same_kind_keys(para, rev.kind, revs)
            consumed.update(row_keys)
            text = " | ".join(" ".join(p.all_text() for p in cell).strip() for cell in row.cells)
            changes.append(
                TrackedChange(
                    rev.id,
                    f"paragraph-{'insert' if rev.kind == 'ins' else 'delete'}",
                    rev.author,
                    rev.date,
                    text,
                    block.index,
                    row_keys,
                    detail="table row",
                )
            )
        for para in block.paras():
            if para.mark is None:
                continue
            mark = revs[para.mark]
            if mark.key in consumed or mark.tag.startswith("mark-move"):
                continue
            content = _same_kind_keys(para, mark.kind, revs)
            whole = all(
                seg and any(revs[k].kind == mark.kind for k in seg) for _, seg in para.segments
            )
            if whole:
                group = [mark.key, *content]
                consumed.update(group)
                kind = "paragraph-insert" if mark.kind == "ins" else "paragraph-delete"
                changes.append(
                    TrackedChange(
                        mark.id, kind, mark.author, mark.date, para.all_text(), block.index, group
                    )
                )
            elif (
                mark.kind == "ins"
                and block.para is para
                and (nxt := _wholly_inserted_next(doc, block, mark)) is not None
            ):
                # LibreOffice marks the paragraph break *before* a new paragraph as inserted
                new_para: Para = nxt.para  # type: ignore[assignment]
                group = [mark.key, *_same_kind_keys(new_para, "ins", revs)]
                consumed.update(group)
                changes.append(
                    TrackedChange(
                        mark.id,
                        "paragraph-insert",
                        mark.author,
                        mark.date,
                        new_para.all_text(),
                        nxt.index,
                        group,
                    )
                )
            else:
                consumed.add(mark.key)
                kind = "insert" if mark.kind == "ins" else "delete"
                changes.append(
                    TrackedChange(
                        mark.id,
                        kind,
                        mark.author,
                        mark.date,
                        "¶",
                        block.index,
                        [mark.key],
                        detail="paragraph break",
                    )
                )

    # moves: every moveFrom/moveTo (and moved paragraph marks) with the same name together
    moves: dict[str, TrackedChange] = {}
    for rev in revs:
        if rev.key in consumed or rev.tag not in (
            "moveFrom",
            "moveTo",
            "mark-moveFrom",
            "mark-moveTo",
        ):
            continue
        name = rev.move or f"unnamed-{rev.author}-{rev.date}"
        change = moves.get(name)
        at = key_block.get(rev.key, 0)
        if change is None:
            change = TrackedChange(rev.id, "move", rev.author, rev.date, "", at, [])
            moves[name] = change
            changes.append(change)
        change.keys.append(rev.key)
        consumed.add(rev.key)
        if rev.tag == "moveFrom":
            change.id = change.id if change.text else rev.id
            change.block = at if not change.text else change.block
            change.text += "".join(key_text.get(rev.key, []))
        elif rev.tag == "moveTo" and change.to_block is None:
            change.to_block = at

    # the remaining insertions and deletions, one change per element
    for rev in revs:
        if rev.key in consumed or rev.tag not in ("ins", "del", "cell-ins", "cell-del"):
            continue
        consumed.add(rev.key)
        kind = "insert" if rev.kind == "ins" else "delete"
        text = "".join(key_text.get(rev.key, []))
        if not text and rev.tag in ("ins", "del"):
            continue  # e.g. LibreOffice records the comment anchor it added as an insertion
        changes.append(
            TrackedChange(
                rev.id,
                kind,
                rev.author,
                rev.date,
                text,
                key_block.get(rev.key, 0),
                [rev.key],
                detail="table cell" if rev.tag.startswith("cell") else "",
            )
        )

    # formatting changes: adjacent runs of one paragraph with the same change are one
    last: tuple[int, str, str, str] | None = None
    for fmt in walker.formats:
        signature = (fmt.para, fmt.author, fmt.date, fmt.detail)
        if last == signature and changes and changes[-1].kind == "format":
            changes[-1].text += fmt.text
            continue
        last = signature
        changes.append(
            TrackedChange(
                fmt.key_id,
                "format",
                fmt.author,
                fmt.date,
                fmt.text,
                max(fmt.block, 0),
                [],
                detail=fmt.detail,
            )
        )

    changes.sort(key=lambda c: (c.block, _first_key(c)))
    _unique_ids(changes)
    for change in changes:
        change.context = _context(doc, change)
    return changes


def _wholly_inserted_next(doc: ReturnedDocument, block: Block, mark: Rev) -> Block | None:
    if block.index + 1 >= len(doc.blocks):
        return None
    nxt = doc.blocks[block.index + 1]
    para = nxt.para
    if para is None or not para.segments or para.mark is not None:
        return None
    for _, keys in para.segments:
        if not keys or not all(
            doc.revs[k].kind == "ins"
            and doc.revs[k].tag == "ins"
            and doc.revs[k].author == mark.author
            for k in keys
        ):
            return None
    return nxt


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
    if change.kind == "format":
        return change.detail
    if change.kind in ("paragraph-insert", "paragraph-delete"):
        return change.detail or (
            "new paragraph" if change.kind == "paragraph-insert" else "paragraph removed"
        )
    if change.kind == "move":
        return f"moved to block {change.to_block}" if change.to_block is not None else "moved"
    block = doc.blocks[change.block] if change.block < len(doc.blocks) else None
    if block is None:
        return ""
    own = set(change.keys)
    for para in block.paras():
        if not any(k in own for _, keys in para.segments for k in keys) and para.mark not in own:
            continue
        before: list[str] = []
        marked: list[str] = []
        after: list[str] = []
        for text, keys in para.segments:
            if any(k in own for k in keys):
                marked.append(text)
            elif _visible(keys, frozenset(), doc.revs):
                (after if marked else before).append(text)
        if para.mark in own:
            marked.append("¶")
        inner = "".join(marked)
        shown = f"{{+{inner}+}}" if change.kind == "insert" else f"[-{inner}-]"
        head, tail = "".join(before), "".join(after)
        if len(head) > 60:
            head = "…" + head[-59:].lstrip()
        if len(tail) > 60:
            tail = tail[:59].rstrip() + "…"
        if block.rows is not None:  # a table cell: show the row it is in
            return _row_context(doc, block, para, head + shown + tail)
        return head + shown + tail
    return ""


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


# --------------------------------------------------------------------------- comments


def _comment_text(element: Any) -> tuple[str, str | None]:
    paras = element.findall(_P)
    texts = ["".join(t.text or "" for t in p.iter(_T)) for p in paras]
    para_id = paras[-1].get(f"{{{W14}}}paraId") if paras else None
    return "\n".join(t for t in texts).strip(), para_id


def _comments(package: Package, walker: _Walker) -> list[Comment]:
    if not package.has(COMMENTS):
        return []
    root = package.xml(COMMENTS)
    extended: dict[str, tuple[str | None, bool]] = {}
    if package.has(COMMENTS_EXT):
        for ex in package.xml(COMMENTS_EXT).iter(f"{{{W15}}}commentEx"):
            pid = ex.get(f"{{{W15}}}paraId")
            if pid:
                extended[pid.upper()] = (
                    (ex.get(f"{{{W15}}}paraIdParent") or "").upper() or None,
                    ex.get(f"{{{W15}}}done") in ("1", "true"),
                )
    all_comments: list[Comment] = []
    by_para: dict[str, Comment] = {}
    for element in root.iter(w("comment")):
        text, para_id = _comment_text(element)
        cid = element.get(_ID) or ""
        anchor = "".join(walker.anchors.get(cid, [])).strip()
        if not anchor:
            anchor = "".join(walker.anchor_deleted.get(cid, [])).strip()
        comment = Comment(
            cid,
            element.get(_AUTHOR) or "",
            element.get(_DATE) or "",
            text,
            anchor,
            walker.anchor_block.get(cid),
            para_id=para_id,
        )
        if para_id:
            parent_id, done = extended.get(para_id.upper(), (None, False))
            comment.parent, comment.resolved = parent_id, done
            by_para[para_id.upper()] = comment
        all_comments.append(comment)
    top: list[Comment] = []
    for comment in all_comments:
        parent = by_para.get(comment.parent) if comment.parent else None
        while parent is not None and parent.parent and by_para.get(parent.parent) is not None:
            parent = by_para[parent.parent]  # replies to replies belong to the thread
        if parent is not None and parent is not comment:
            parent.replies.append(comment)
        else:
            top.append(comment)
    for comment in top:
        if comment.block is None:
            comment.block = next((r.block for r in comment.replies if r.block is not None), None)
    return top
