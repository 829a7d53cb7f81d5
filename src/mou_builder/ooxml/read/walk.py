"""One pass over a document body: blocks, revision elements, formatting changes, anchors."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.etree import _Element as Element

from ..ns import w
from ..text import hidden_reason, item_text, own_paragraphs, own_rows
from .model import Block, Para, Rev, RevKind, RevTag, Row, Unseen
from .props import ppr_detail, rpr_detail
from .stories import NOTE_REFS
from .tags import (
    AUTHOR,
    C_END,
    C_START,
    CELL_DEL,
    CELL_INS,
    DATE,
    DATE_UTC,
    DEL,
    ID,
    INS,
    MF_START,
    MOVE_FROM,
    MOVE_TO,
    MT_END,
    MT_START,
    NAME,
    PPR,
    PPR_CHANGE,
    RPR,
    RPR_CHANGE,
    SDT,
    SDT_CONTENT,
    SKIP,
    TBL,
    TC,
    TCPR,
    TRPR,
    VAL,
    WRAPPERS,
    P,
    R,
)
from .unread import (
    ALTERNATE,
    FALLBACK,
    OBJECTS,
    TXBX,
    body_child,
    bound,
    choice_and_fallback,
    frame_reason,
    inline,
    inline_alternate,
)

#: revisions that, inside a moveTo range, are edits of the moved text
_EDITS = ("ins", "del", "mark-ins")


@dataclass
class Format:
    key_id: str
    author: str
    date: str
    text: str
    block: int
    detail: str
    para: int  # id() of the paragraph, to group adjacent runs


#: (element in w:trPr / w:tcPr / a paragraph mark's w:rPr, revision kind, revision tag)
_ROW_MARKS: tuple[tuple[str, RevKind, RevTag], ...] = (
    (INS, "ins", "row-ins"),
    (DEL, "del", "row-del"),
)
_CELL_MARKS: tuple[tuple[str, RevKind, RevTag], ...] = (
    (CELL_INS, "ins", "cell-ins"),
    (CELL_DEL, "del", "cell-del"),
)
_PARAGRAPH_MARKS: tuple[tuple[str, RevKind, RevTag], ...] = (
    (INS, "ins", "mark-ins"),
    (DEL, "del", "mark-del"),
    (MOVE_TO, "ins", "mark-moveTo"),
    (MOVE_FROM, "del", "mark-moveFrom"),
)


class Walker:
    """One pass over the body collecting blocks, revisions, formatting changes and anchors."""

    def __init__(
        self,
        ignorable: frozenset[str] = frozenset(),
        styles: dict[str, str] | None = None,
        background: str | None = None,
    ) -> None:
        self.ignorable = ignorable  # namespaces whose content Word skips
        self.styles = styles or {}  # style id -> why it hides text
        self.background = background  # the page colour (w:background), None: white
        self.blocks: list[Block] = []
        self._pending_ppr: Format | None = None
        self.revs: list[Rev] = []
        self.formats: list[Format] = []
        self.anchors: dict[str, list[str]] = {}  # comment id -> texts (current view)
        self.anchor_deleted: dict[str, list[str]] = {}
        self.anchor_block: dict[str, int] = {}
        self.open_comments: set[str] = set()
        self.move_name: dict[str, str | None] = {"from": None, "to": None}
        self.move_to_range: tuple[str, str] | None = None  # the open moveTo range: id, name
        self.cells: list[tuple[int, str]] = []  # (key, kind) of cellIns/cellDel
        self._block = 0
        self.unseen: list[Unseen] = []
        self.note_refs: dict[tuple[str, str], int] = {}  # (footnote|endnote, id) -> block

    # -- revisions
    def rev(self, element: Element, kind: RevKind, tag: RevTag) -> int:
        move = None
        if tag in ("moveFrom", "mark-moveFrom"):
            move = self.move_name["from"]
        elif tag in ("moveTo", "mark-moveTo"):
            move = self.move_name["to"]
        key = len(self.revs)
        self.revs.append(
            Rev(
                key=key,
                kind=kind,
                tag=tag,
                id=element.get(ID) or "",
                author=element.get(AUTHOR) or "",
                date=date_of(element),
                move=move,
                within=self.move_to_range[1] if self.move_to_range and tag in _EDITS else None,
            )
        )
        return key

    def _format(self, change: Element, text: str, detail: str, para: Element) -> Format:
        found = Format(
            key_id=change.get(ID) or "",
            author=change.get(AUTHOR) or "",
            date=date_of(change),
            text=text,
            block=self._block,
            detail=detail,
            para=id(para),
        )
        self.formats.append(found)
        return found

    # -- structure
    def body(self, container: Element) -> None:
        """Blocks in document order, through block-level content controls (which clause a
        block belongs to is :mod:`..clausemap`'s business)."""
        for child in container:
            tag = child.tag
            if tag == P:
                self._new_block(Block(len(self.blocks), child, para=self.paragraph(child)))
            elif tag == TBL:
                self._new_block(Block(len(self.blocks), child, rows=self.table(child)))
            elif tag == SDT:
                self._unseen(bound(child, self._block))
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.body(content)
            elif tag == ALTERNATE:  # a finding; its blocks read as a current reader shows
                self._unseen(body_child(child, max(self._block - 1, 0)))
                branch = choice_and_fallback(child)[0]
                if branch is None:
                    branch = child.find(FALLBACK)
                if branch is not None:
                    self.body(branch)
            elif not self.marker(child):
                self._unseen(body_child(child, max(self._block - 1, 0)))

    def _unseen(self, found: Unseen | None) -> bool:
        if found is not None:
            self.unseen.append(found)
        return found is not None

    def _new_block(self, block: Block) -> None:
        self.blocks.append(block)
        self._block = len(self.blocks)

    def marker(self, child: Element) -> bool:
        """Range markers that may sit between blocks or runs. True when handled."""
        tag = child.tag
        if tag == C_START:
            cid = child.get(ID) or ""
            self.open_comments.add(cid)
            self.anchors.setdefault(cid, [])
            self.anchor_deleted.setdefault(cid, [])
            self.anchor_block.setdefault(cid, self._block)
            return True
        if tag == C_END:
            self.open_comments.discard(child.get(ID) or "")
            return True
        if tag == MF_START:
            self.move_name["from"] = child.get(NAME)
            return True
        if tag == MT_START:
            self.move_name["to"] = child.get(NAME)
            if child.get(NAME):
                self.move_to_range = (child.get(ID) or "", child.get(NAME) or "")
            return True
        if tag == MT_END:
            if self.move_to_range is not None and self.move_to_range[0] == (child.get(ID) or ""):
                self.move_to_range = None
            return True
        return False

    def table(self, tbl: Element) -> list[Row]:
        rows: list[Row] = []
        for tr in own_rows(tbl):
            rev = None
            trpr = tr.find(TRPR)
            for tag, kind, name in _ROW_MARKS if trpr is not None else ():
                found = trpr.find(tag)
                if found is not None:
                    rev = self.rev(found, kind, name)
            cells = [self._cell(tc) for tc in tr.findall(TC)]
            rows.append(Row(cells, rev))
        return rows

    def _cell(self, tc: Element) -> list[Para]:
        tcpr = tc.find(TCPR)
        for tag, kind, name in _CELL_MARKS if tcpr is not None else ():
            found = tcpr.find(tag)
            if found is not None:
                self.cells.append((self.rev(found, kind, name), kind))
        return [self.paragraph(p) for p in own_paragraphs(tc)]

    def paragraph(self, p: Element) -> Para:
        para = Para(p)
        ppr = p.find(PPR)
        pending = self._paragraph_properties(para, ppr) if ppr is not None else None
        self._pending_ppr = pending
        self.inline(p, (), para)
        frame = frame_reason(ppr)
        if frame is not None:  # Word places it there; LibreOffice moves it onto the page
            self.unseen.append(
                Unseen(
                    "frame",
                    self._block,
                    para.all_text(),
                    frame,
                    seen=f"nothing in Word ({frame}); LibreOffice moves it onto the page",
                )
            )
        if para.mark is not None and self.revs[para.mark].tag.startswith("mark-move"):
            self._name_moved_mark(para, self.revs[para.mark])
        if pending is not None:
            pending.text = para.all_text()
        return para

    def _paragraph_properties(self, para: Para, ppr: Element) -> Format | None:
        """Style and paragraph-mark revision of ``para``; its paragraph formatting change."""
        style = ppr.find(w("pStyle"))
        para.style = style.get(VAL) if style is not None else None
        mark_rpr = ppr.find(RPR)
        for tag, kind, name in _PARAGRAPH_MARKS if mark_rpr is not None else ():
            found = mark_rpr.find(tag)
            if found is not None:
                para.mark = self.rev(found, kind, name)
                break
        change = ppr.find(PPR_CHANGE)
        if change is None:
            return None
        detail = "paragraph formatting: " + ppr_detail(ppr, change)
        return self._format(change, "", detail, para.element)

    def _name_moved_mark(self, para: Para, mark: Rev) -> None:
        """The mark is read before the paragraph's move range starts: take the move's name."""
        want = "moveFrom" if mark.tag == "mark-moveFrom" else "moveTo"
        names = [
            self.revs[k].move
            for _, keys in para.segments
            for k in keys
            if self.revs[k].tag == want and self.revs[k].move
        ]
        if names:
            mark.move = names[0]

    def inline(self, element: Element, stack: tuple[int, ...], para: Para) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            wrapper = WRAPPERS.get(tag)
            if wrapper is not None:
                kind, name = wrapper
                key = self.rev(child, kind, name)
                self.inline(child, (*stack, key), para)
            elif tag == R:
                self.run(child, stack, para)
            elif tag == PPR or tag in SKIP:
                continue
            elif tag == ALTERNATE:  # read what a current reader shows; differing branches
                self._unseen(inline_alternate(child, self._block))
                shown = choice_and_fallback(child)[0]
                branch = shown if shown is not None else child.find(FALLBACK)
                if branch is not None:
                    self.inline(branch, stack, para)
            elif not self.marker(child):
                if tag == SDT:
                    self._unseen(bound(child, self._block))
                elif self._unseen(inline(child, self._block, self.ignorable)) and (
                    tag.startswith("{") and tag[1:].split("}")[0] in self.ignorable
                ):
                    continue  # Word skips it: so does the text
                self.inline(child, stack, para)  # hyperlink, smartTag, sdt, fldSimple, ...

    def run(self, r: Element, stack: tuple[int, ...], para: Para) -> None:
        hidden = hidden_reason(r, self.background, self.styles)
        if hidden is not None:
            self._hidden(r, hidden, stack)
            return
        start = len(para.segments)
        for child in r:
            note = NOTE_REFS.get(child.tag)
            if note is not None:  # the reference mark is text too (U+FFFC in the text model)
                self.note_refs[(note, child.get(ID) or "")] = self._block
            text = item_text(child)
            if text is None:
                if note is None and child.tag != RPR and not self.marker(child):
                    self._run_object(child)
                continue
            if not text:
                continue
            para.segments.append((text, stack))
            for cid in self.open_comments:
                visible = all(self.revs[k].kind == "ins" for k in stack)
                (self.anchors if visible else self.anchor_deleted)[cid].append(text)
        rpr = r.find(RPR)
        change = rpr.find(RPR_CHANGE) if rpr is not None else None
        if rpr is not None and change is not None:
            text = "".join(t for t, _ in para.segments[start:])
            self._format(change, text, rpr_detail(rpr, change), para.element)

    def _run_object(self, child: Element) -> None:
        """A run child that is no text: a field, a picture, a text box, an object ..."""
        self._unseen(inline(child, self._block, self.ignorable))
        for inner in child.iter(TXBX, *OBJECTS) if len(child) else ():
            if any(a.tag == FALLBACK for a in inner.iterancestors()):
                continue  # the copy for older readers of a Choice's drawing
            self._unseen(inline(inner, self._block, self.ignorable))
            if inner.tag == TXBX:
                self.story(inner)

    def story(self, container: Element) -> None:
        """Content of a text box (in this block) walked with the same checks as the body."""
        inner = Walker(self.ignorable, self.styles, self.background)
        inner._block = self._block
        inner.body(container)
        for item in inner.unseen:
            item.block = self._block
        self.unseen.extend(inner.unseen)

    def _hidden(self, r: Element, reason: str, stack: tuple[int, ...]) -> None:
        """A run a reader does not see: left out of the text, kept as a finding (adjacent
        hidden runs of one paragraph are one finding)."""
        text = "".join(t for t in (item_text(c) for c in r) if t)
        if not text:
            return
        tracked = " (inside a tracked change)" if stack else ""
        last = self.unseen[-1] if self.unseen else None
        if (
            last is not None
            and last.kind == "hidden"
            and last.block == self._block
            and last.detail.startswith(reason)
        ):
            last.text += text
            return
        self.unseen.append(Unseen("hidden", self._block, text, reason + tracked))


def date_of(element: Element) -> str:
    """Word may write local time with a "Z" in w:date and the true UTC in w16du:dateUtc."""
    return element.get(DATE_UTC) or element.get(DATE) or ""
