"""Tracked changes in WordprocessingML: writing them, accepting/rejecting them, reading text.

Writing (:class:`Revisions`)
- :func:`redline_paragraph` turns a NEW paragraph into "NEW with OLD's differences tracked":
  NEW's runs are split at token boundaries (each piece keeps a copy of its ``w:rPr``),
  inserted pieces are wrapped in ``w:ins``, and deleted text comes back as ``w:del`` runs
  carrying the formatting of the OLD run it came from.
- :func:`mark_inserted` / :func:`deleted_copy` mark whole paragraphs and tables (paragraph
  marks in ``w:pPr/w:rPr``, table rows in ``w:trPr``), so accepting or rejecting removes the
  paragraph, not just its text.
- Visible formatting changes (bold, italic, underline, size, character style ...) of text
  that is otherwise unchanged become ``w:rPrChange`` holding OLD's run properties: in
  same-text paragraphs (:func:`track_formatting`) and in the unchanged stretches of edited
  ones.
- One id counter for every revision, starting above the highest ``w:id`` already present.

Reading
- :func:`paragraph_text` with ``view``: ``"current"`` every character in the markup (inserted
  and deleted), ``"accepted"`` as if every revision were accepted, ``"rejected"`` as if every
  revision were rejected.
- :func:`accept_all` / :func:`reject_all` resolve every revision in a tree in place (runs,
  paragraph marks, table rows, property changes, moves), keeping paragraph structure exact.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ...compare.worddiff import Piece, align_blocks, diff_words_fast
from ..ns import W14, XML, W, w
from ..text import (
    CHARACTERS,
    iter_runs,
    row_text,
    run_items,
    run_text,
)
from ..text import (
    CONTAINERS as CONTAINERS,
)
from ..text import (
    View as View,
)
from ..text import (
    block_text as block_text,
)
from ..text import (
    paragraph_text as paragraph_text,
)
from ..text import (
    paragraph_texts as paragraph_texts,
)

#: the run children that carry text (one rule for every view: :data:`..text.CHARACTERS`)
TEXT_ITEMS = CHARACTERS

P, R, T, DEL_TEXT = w("p"), w("r"), w("t"), w("delText")
INSTR, DEL_INSTR = w("instrText"), w("delInstrText")
INS, DEL, MOVE_FROM, MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
PPR, RPR, TRPR, TCPR = w("pPr"), w("rPr"), w("trPr"), w("tcPr")
TBL, TR, TC, SDT, SDT_CONTENT, BODY = (
    w("tbl"),
    w("tr"),
    w("tc"),
    w("sdt"),
    w("sdtContent"),
    w("body"),
)
SECT_PR, PPR_CHANGE, RPR_CHANGE = w("sectPr"), w("pPrChange"), w("rPrChange")
TBL_PR_EX = w("tblPrEx")
ID, AUTHOR, DATE = w("id"), w("author"), w("date")

MARKERS = frozenset({INS, DEL, MOVE_FROM, MOVE_TO})
PROPERTY_CHANGES = frozenset(
    w(t)
    for t in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "tblPrExChange",
        "numberingChange",
    )
)
MOVE_RANGES = frozenset(
    w(t) for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
)
#: things copied out of OLD that must not land in NEW (foreign ids, relationships, anchors)
_DROP_FOREIGN = (
    frozenset(
        w(t)
        for t in (
            "bookmarkStart",
            "bookmarkEnd",
            "commentRangeStart",
            "commentRangeEnd",
            "commentReference",
            "footnoteReference",
            "endnoteReference",
            "permStart",
            "permEnd",
            "proofErr",
            "drawing",
            "pict",
            "object",
            "lastRenderedPageBreak",
        )
    )
    | MOVE_RANGES
)
_UNWRAP_FOREIGN = frozenset({w("hyperlink"), w("smartTag"), w("customXml")})
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ---------------------------------------------------------------- the id counter


def max_id(roots: Iterable[Any]) -> int:
    """The highest integer ``w:id`` attribute in the given trees (-1 if none)."""
    best = -1
    for root in roots:
        for value in root.xpath("//@w:id", namespaces={"w": W}):
            if value.lstrip("-").isdigit():
                best = max(best, int(value))
    return best


@dataclass
class Revisions:
    """Author, date and the one id counter for every revision written into a part."""

    author: str
    date: str
    next_id: int = 1
    counts: dict[str, int] = field(default_factory=dict)

    def mark(self, tag: str) -> Any:
        el = etree.Element(tag)
        el.set(ID, str(self.next_id))
        el.set(AUTHOR, self.author)
        el.set(DATE, self.date)
        self.next_id += 1
        name = etree.QName(tag).localname
        self.counts[name] = self.counts.get(name, 0) + 1
        return el

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# ---------------------------------------------------------------- building runs


def _text_el(tag: str, text: str) -> Any:
    el = etree.Element(tag)
    el.text = text
    el.set(f"{{{XML}}}space", "preserve")
    return el


def _build_run(rpr: Any, items: list[tuple[str, Any]], deleted: bool) -> Any:
    run = etree.Element(R)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for text, el in items:
        tag = el.tag
        if tag in (T, DEL_TEXT):
            run.append(_text_el(DEL_TEXT if deleted else T, text))
        else:
            clone = copy.deepcopy(el)
            if deleted and tag == INSTR:
                clone.tag = DEL_INSTR
            elif not deleted and tag == DEL_INSTR:
                clone.tag = INSTR
            run.append(clone)
    return run


def _wrap(rev: Revisions, tag: str, children: list[Any]) -> Any:
    wrapper = rev.mark(tag)
    for child in children:
        wrapper.append(child)
    return wrapper


# ---------------------------------------------------------------- word-level paragraph redline


class _Stream:
    """Walks diff pieces along NEW's characters, handing out deletions where they fall."""

    def __init__(self, pieces: list[Piece]):
        self.pieces = pieces
        self.k = 0
        self.off = 0
        self.old_pos = 0

    def take_deletes(self) -> tuple[int, int] | None:
        start = self.old_pos
        while self.k < len(self.pieces) and self.pieces[self.k].op == "delete":
            self.old_pos += len(self.pieces[self.k].text)
            self.k += 1
            self.off = 0
        return (start, self.old_pos) if self.old_pos > start else None

    def take(self, n: int) -> tuple[str, int]:
        if self.k >= len(self.pieces):  # cannot happen when texts agree; keep the rest as is
            return "equal", n
        piece = self.pieces[self.k]
        used = min(n, len(piece.text) - self.off)
        self.off += used
        if piece.op == "equal":
            self.old_pos += used
        if self.off == len(piece.text):
            self.k += 1
            self.off = 0
        return piece.op, used


@dataclass
class _OldText:
    """OLD paragraph's characters mapped to the runs (and formatting) they came from."""

    items: list[tuple[int, int, str, Any, Any]]  # start, end, text, element, rPr
    owners: list[int] = field(default_factory=list)  # run index of each item
    rprs: list[Any] = field(default_factory=list)  # rPr of each run
    sigs: list[str] = field(default_factory=list)  # visible formatting of each run

    @classmethod
    def of(cls, p: Any) -> _OldText:
        found = cls([])
        pos = 0
        for index, run in enumerate(iter_runs(p)):
            rpr = run.find(RPR)
            found.rprs.append(rpr)
            found.sigs.append(format_signature(rpr))
            for text, el in run_items(run):
                if text:
                    found.items.append((pos, pos + len(text), text, el, rpr))
                    found.owners.append(index)
                    pos += len(text)
        return found

    def run_at(self, pos: int) -> tuple[int, int]:
        """(run index, end of the item) for OLD character ``pos``."""
        index = bisect_right(self.items, pos, key=lambda item: item[0]) - 1
        return self.owners[index], self.items[index][1]

    def deleted_runs(self, start: int, end: int) -> list[Any]:
        runs: list[Any] = []
        group: list[tuple[str, Any]] = []
        group_rpr: Any = None
        for s, e, text, el, rpr in self.items:
            if e <= start:
                continue
            if s >= end:
                break
            piece = text[max(start, s) - s : min(end, e) - s] if el.tag in (T, DEL_TEXT) else text
            if group and rpr is not group_rpr:
                runs.append(_build_run(group_rpr, group, deleted=True))
                group = []
            group_rpr = rpr
            group.append((piece, el))
        if group:
            runs.append(_build_run(group_rpr, group, deleted=True))
        return runs


def redline_paragraph(old_p: Any, new_p: Any, rev: Revisions) -> bool:
    """Track in ``new_p`` (in place) the word-level differences from ``old_p``.

    Returns False (and leaves ``new_p`` untouched) when the texts are identical.
    """
    old_text, new_text = _flow_text(old_p), _flow_text(new_p)
    if old_text == new_text:
        return False
    stream = _Stream(diff_words_fast(old_text, new_text))
    old = _OldText.of(old_p)
    _rewrite(new_p, stream, old, rev)
    tail = stream.take_deletes()
    if tail is not None:
        runs = old.deleted_runs(*tail)
        if runs:
            new_p.append(_wrap(rev, DEL, runs))
    return True


def _flow_text(p: Any) -> str:
    """The text of exactly the runs :func:`_rewrite` visits."""
    return "".join(run_text(r) for r in iter_runs(p))


def _rewrite(container: Any, stream: _Stream, old: _OldText, rev: Revisions) -> None:
    for child in list(container):
        tag = child.tag
        if tag == R:
            nodes = _split_run(child, stream, old, rev)
            if nodes is not None:
                parent = child.getparent()
                index = parent.index(child)
                parent.remove(child)
                for offset, node in enumerate(nodes):
                    parent.insert(index + offset, node)
        elif tag in CONTAINERS:
            _rewrite(child, stream, old, rev)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _rewrite(content, stream, old, rev)


def _split_run(run: Any, stream: _Stream, old: _OldText, rev: Revisions) -> list[Any] | None:
    out: list[tuple[str, Any]] = []  # (op, items) or ("delete", (start, end))

    def add(op: str, item: tuple[str, Any, int]) -> None:
        if out and out[-1][0] == op:
            out[-1][1].append(item)
        else:
            out.append((op, [item]))

    for text, el in run_items(run):
        if not text:
            add("equal", (text, el, -1))
            continue
        pos = 0
        while pos < len(text):
            deleted = stream.take_deletes()
            if deleted is not None:
                out.append(("delete", deleted))
            old_start = stream.old_pos
            op, n = stream.take(len(text) - pos)
            add(op, (text[pos : pos + n], el, old_start))
            pos += n
    rpr = run.find(RPR)
    groups = {
        id(payload): _format_groups(rpr, payload, old) for op, payload in out if op == "equal"
    }
    if all(
        op == "equal" and all(key == -1 for key, _ in groups[id(payload)]) for op, payload in out
    ):
        return None
    nodes: list[Any] = []
    for op, payload in out:
        if op == "equal":
            for key, items in groups[id(payload)]:
                node = _build_run(rpr, items, deleted=False)
                if key != -1:
                    _add_rpr_change(node, old.rprs[key], rev)
                nodes.append(node)
        elif op == "insert":
            items = [(text, el) for text, el, _ in payload]
            nodes.append(_wrap(rev, INS, [_build_run(rpr, items, deleted=False)]))
        else:
            runs = old.deleted_runs(*payload)
            if runs:
                nodes.append(_wrap(rev, DEL, runs))
    return nodes


def _format_groups(
    rpr: Any,
    items: list[tuple[str, Any, int]],
    old: _OldText,
) -> list[tuple[int, list[tuple[str, Any]]]]:
    """Unchanged text split where its formatting differs from OLD's.

    Each group is (the OLD run whose properties the text had, or -1 if its visible
    formatting is unchanged; the items).
    """
    new_sig = format_signature(rpr)
    groups: list[tuple[int, list[tuple[str, Any]]]] = []

    def put(key: int, item: tuple[str, Any]) -> None:
        if groups and groups[-1][0] == key:
            groups[-1][1].append(item)
        else:
            groups.append((key, [item]))

    for text, el, old_start in items:
        if not text or old_start < 0:
            put(groups[-1][0] if groups else -1, (text, el))
            continue
        pos = 0
        while pos < len(text):
            owner, end = old.run_at(old_start + pos)
            n = min(len(text) - pos, end - (old_start + pos))
            key = -1 if old.sigs[owner] == new_sig else owner
            put(key, (text[pos : pos + n] if el.tag in (T, DEL_TEXT) else text, el))
            pos += n
    return groups


# ---------------------------------------------------------------- whole paragraphs and tables


def _mark_paragraph(p: Any, tag: str, rev: Revisions) -> None:
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        later = [c for c in ppr if c.tag in (SECT_PR, PPR_CHANGE)]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    for old in [c for c in rpr if c.tag in MARKERS]:
        rpr.remove(old)
    rpr.insert(0, rev.mark(tag))


def _mark_row(tr: Any, tag: str, rev: Revisions) -> None:
    trpr = tr.find(TRPR)
    if trpr is None:
        trpr = etree.Element(TRPR)
        ex = tr.find(TBL_PR_EX)
        if ex is not None:
            ex.addnext(trpr)
        else:
            tr.insert(0, trpr)
    change = trpr.find(w("trPrChange"))
    marker = rev.mark(tag)
    if change is not None:
        change.addprevious(marker)
    else:
        trpr.append(marker)


def _wrap_runs(container: Any, tag: str, rev: Revisions) -> None:
    """Wrap every maximal sequence of sibling runs in one ``w:ins``/``w:del``."""
    group: list[Any] = []

    def flush() -> None:
        if group:
            wrapper = rev.mark(tag)
            group[0].addprevious(wrapper)
            for run in group:
                wrapper.append(run)
            group.clear()

    for child in list(container):
        ctag = child.tag
        if ctag == R:
            group.append(child)
            continue
        flush()
        if ctag in CONTAINERS:
            _wrap_runs(child, tag, rev)
        elif ctag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _wrap_runs(content, tag, rev)
    flush()


def mark_inserted(block: Any, rev: Revisions) -> None:
    """Mark a NEW paragraph or table (in place) as inserted."""
    if block.tag == P:
        _wrap_runs(block, INS, rev)
        _mark_paragraph(block, INS, rev)
    elif block.tag == TBL:
        for tr in block.iter(TR):
            _mark_row(tr, INS, rev)
        for p in block.iter(P):
            _wrap_runs(p, INS, rev)


def _mark_row_inserted(tr: Any, rev: Revisions) -> None:
    _mark_row(tr, INS, rev)
    for p in tr.iter(P):
        _wrap_runs(p, INS, rev)


def sanitize_foreign(block: Any) -> Any:
    """Strip from a copy of OLD content what refers to OLD's package (ids, rels, anchors)."""
    for el in list(block.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in _DROP_FOREIGN:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
    for el in list(block.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag == SDT or el.tag in _UNWRAP_FOREIGN:
            content = el.find(SDT_CONTENT) if el.tag == SDT else el
            _unwrap(
                el, list(content) if content is not None else [], skip=(w("sdtPr"), w("sdtEndPr"))
            )
    for el in block.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in list(el.attrib):
            if attr.startswith(f"{{{W14}}}") or attr.startswith(f"{{{_R_NS}}}"):
                del el.attrib[attr]
        if el.tag == PPR:
            for sect in el.findall(SECT_PR):
                el.remove(sect)
    return block


def _unwrap(el: Any, children: list[Any], skip: tuple[str, ...] = ()) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(c for c in children if c.tag not in skip):
        parent.insert(index + offset, child)
    _remove(el)


def _remove(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def deleted_copy(block: Any, rev: Revisions) -> Any:
    """A copy of an OLD paragraph or table, every run and mark (or row) tracked as deleted."""
    clone = sanitize_foreign(copy.deepcopy(block))
    for el in clone.iter(T, INSTR):
        el.tag = DEL_TEXT if el.tag == T else DEL_INSTR
    if clone.tag == P:
        _wrap_runs(clone, DEL, rev)
        _mark_paragraph(clone, DEL, rev)
    else:
        for tr in clone.iter(TR):
            _mark_row(tr, DEL, rev)
        for p in clone.iter(P):
            _wrap_runs(p, DEL, rev)
    return clone


def _deleted_row(tr: Any, rev: Revisions) -> Any:
    clone = sanitize_foreign(copy.deepcopy(tr))
    for el in clone.iter(T, INSTR):
        el.tag = DEL_TEXT if el.tag == T else DEL_INSTR
    _mark_row(clone, DEL, rev)
    for p in clone.iter(P):
        _wrap_runs(p, DEL, rev)
    return clone


class Placer:
    """Puts deleted OLD blocks (or rows) among NEW ones, keeping their relative order.

    Call :meth:`emitted` for each NEW element in order and :meth:`place` for each deleted
    copy; a copy goes right after the last element seen (``top``: after the body-level
    ancestor of it), or before the next NEW element when nothing was seen yet.
    """

    def __init__(self, last: Any = None):
        self.last = last
        self.pending: list[tuple[Any, bool]] = []

    def emitted(self, element: Any) -> None:
        for el, top in self.pending:
            (_top(element) if top else element).addprevious(el)
        self.pending.clear()
        self.last = element

    def place(self, element: Any, top: bool = False) -> None:
        if self.last is None:
            self.pending.append((element, top))
            return
        anchor = _top(self.last) if top else self.last
        anchor.addnext(element)
        self.last = element

    def finish(self, container: Any) -> None:
        """Anything still pending goes at the end of ``container`` (before a final sectPr)."""
        for el, _ in self.pending:
            tail = container[-1] if len(container) else None
            if tail is not None and tail.tag == SECT_PR:
                tail.addprevious(el)
            else:
                container.append(el)
        if self.pending:
            self.last = self.pending[-1][0]
        self.pending.clear()


def _top(element: Any) -> Any:
    """The ancestor-or-self of ``element`` that is a direct child of a body or table cell."""
    current = element
    parent = current.getparent()
    while parent is not None and parent.tag not in (BODY, TC):
        current, parent = parent, parent.getparent()
    return current


# ---------------------------------------------------------------- formatting changes

#: run properties whose change a reader sees; others (fonts hints, language, proofing
#: marks) differ between editors without anyone meaning to change the text's look
VISIBLE_PROPS = (
    "rStyle",
    "b",
    "i",
    "u",
    "strike",
    "dstrike",
    "caps",
    "smallCaps",
    "vertAlign",
    "highlight",
    "color",
    "sz",
)
_OFF = {"0", "false", "off", "none"}


def format_signature(rpr: Any) -> str:
    """The visible formatting of a run, canonical (``"b|i|sz=26"``)."""
    if rpr is None:
        return ""
    parts = []
    for name in VISIBLE_PROPS:
        el = rpr.find(w(name))
        if el is None:
            continue
        value = el.get(w("val"))
        if name in ("b", "i", "strike", "dstrike", "caps", "smallCaps"):
            if value is None or value.lower() not in _OFF:
                parts.append(name)
        elif value is not None and not (name == "u" and value == "none"):
            parts.append(f"{name}={value}")
    return "|".join(parts)


def _format_spans(p: Any) -> list[list[Any]]:
    """[[signature, length], ...] of the text flow, equal neighbours merged."""
    spans: list[list[Any]] = []
    for run in iter_runs(p):
        length = len(run_text(run))
        if not length:
            continue
        rpr = run.find(RPR)
        sig = "" if rpr is None else format_signature(rpr)
        if spans and spans[-1][0] == sig:
            spans[-1][1] += length
        else:
            spans.append([sig, length])
    return spans


def _char_formats(p: Any) -> tuple[list[str], list[int], list[Any]]:
    """Per character of the text flow: formatting signature and run index; the runs' rPr."""
    sigs: list[str] = []
    owners: list[int] = []
    rprs: list[Any] = []
    for index, run in enumerate(iter_runs(p)):
        rpr = run.find(RPR)
        rprs.append(rpr)
        sig = format_signature(rpr)
        length = sum(len(text) for text, _ in run_items(run))
        sigs.extend([sig] * length)
        owners.extend([index] * length)
    return sigs, owners, rprs


def track_formatting(old_p: Any, new_p: Any, rev: Revisions) -> bool:
    """Record visible formatting differences of same-text paragraphs as ``w:rPrChange``.

    NEW's runs are split where OLD's formatting changes; a piece formatted differently
    from OLD gets a ``w:rPrChange`` holding OLD's run properties. Returns True if any.
    """
    if etree.tostring(old_p) == etree.tostring(new_p) or (
        _format_spans(old_p) == _format_spans(new_p)
    ):
        return False
    old_sigs, old_owner, old_rprs = _char_formats(old_p)
    new_sigs, _, _ = _char_formats(new_p)
    if len(old_sigs) != len(new_sigs) or old_sigs == new_sigs:
        return False

    def key(i: int) -> int:  # the OLD run whose formatting this character had, -1 if same
        return old_owner[i] if old_sigs[i] != new_sigs[i] else -1

    position = 0
    for run in list(iter_runs(new_p)):
        items = run_items(run)
        start = position
        position += sum(len(t) for t, _ in items)
        if all(key(i) == -1 for i in range(start, position)):
            continue
        pieces: list[tuple[int, list[tuple[str, Any]]]] = []
        index = start
        for text, el in items:
            if not text:
                if pieces:
                    pieces[-1][1].append((text, el))
                else:
                    pieces.append((-1, [(text, el)]))
                continue
            cut = 0
            for k in range(1, len(text) + 1):
                if k == len(text) or key(index + k) != key(index + cut):
                    owner = key(index + cut)
                    piece = (text[cut:k] if el.tag in (T, DEL_TEXT) else text, el)
                    if pieces and pieces[-1][0] == owner:
                        pieces[-1][1].append(piece)
                    else:
                        pieces.append((owner, [piece]))
                    cut = k
            index += len(text)
        rpr = run.find(RPR)
        parent = run.getparent()
        at = parent.index(run)
        parent.remove(run)
        for offset, (owner, piece_items) in enumerate(pieces):
            node = _build_run(rpr, piece_items, deleted=False)
            if owner != -1:
                _add_rpr_change(node, old_rprs[owner], rev)
            parent.insert(at + offset, node)
    return True


def _add_rpr_change(run: Any, old_rpr: Any, rev: Revisions) -> None:
    rpr = run.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        run.insert(0, rpr)
    change = rev.mark(RPR_CHANGE)
    inner = etree.SubElement(change, RPR)
    if old_rpr is not None:
        for child in old_rpr:
            if isinstance(child.tag, str) and child.tag not in (RPR_CHANGE, *MARKERS):
                inner.append(copy.deepcopy(child))
    rpr.append(change)


def redline_table(old_tbl: Any, new_tbl: Any, rev: Revisions) -> bool:
    """Track row- and word-level differences between two tables in ``new_tbl`` (in place)."""

    old_rows, new_rows = old_tbl.findall(TR), new_tbl.findall(TR)
    edits = align_blocks([row_text(r) for r in old_rows], [row_text(r) for r in new_rows])
    placer = Placer()
    changed = False
    for edit in edits:
        if edit.op == "equal":
            assert edit.new is not None
            placer.emitted(new_rows[edit.new])
            continue
        changed = True
        if edit.op == "modify":
            assert edit.old is not None and edit.new is not None
            old_row, new_row = old_rows[edit.old], new_rows[edit.new]
            if _same_shape(old_row, new_row):
                for old_tc, new_tc in zip(old_row.findall(TC), new_row.findall(TC), strict=True):
                    for op, np_ in zip(old_tc.findall(P), new_tc.findall(P), strict=True):
                        redline_paragraph(op, np_, rev)
                placer.emitted(new_row)
                continue
            placer.place(_deleted_row(old_row, rev))
            _mark_row_inserted(new_row, rev)
            placer.emitted(new_row)
        elif edit.op == "delete":
            assert edit.old is not None
            placer.place(_deleted_row(old_rows[edit.old], rev))
        else:
            assert edit.new is not None
            _mark_row_inserted(new_rows[edit.new], rev)
            placer.emitted(new_rows[edit.new])
    placer.finish(new_tbl)
    return changed


def _same_shape(a: Any, b: Any) -> bool:
    ca, cb = a.findall(TC), b.findall(TC)
    return len(ca) == len(cb) and all(
        len(x.findall(P)) == len(y.findall(P))
        and not x.findall(f".//{TBL}")
        and not y.findall(f".//{TBL}")
        for x, y in zip(ca, cb, strict=True)
    )


# ---------------------------------------------------------------- accept / reject


def accept_all(root: Any) -> Any:
    """Accept every tracked change in ``root`` (in place); returns ``root``."""
    _resolve(root, accept=True)
    return root


def reject_all(root: Any) -> Any:
    """Reject every tracked change in ``root`` (in place); returns ``root``."""
    _resolve(root, accept=False)
    return root


def has_revisions(root: Any) -> bool:
    watched = MARKERS | PROPERTY_CHANGES | {w("cellIns"), w("cellDel")}
    return next(root.iter(*watched), None) is not None


def _resolve(root: Any, accept: bool) -> None:
    if not has_revisions(root):
        return
    drop = (DEL, MOVE_FROM) if accept else (INS, MOVE_TO)
    # 1. property changes: accepting drops the record, rejecting restores the old properties
    for change in list(root.iter(*PROPERTY_CHANGES)):
        parent = change.getparent()
        if parent is None:
            continue
        if accept or change.tag == w("numberingChange"):
            parent.remove(change)
            continue
        inner = next((c for c in change if isinstance(c.tag, str)), None)
        kept = [
            c
            for c in parent
            if c is not change
            and (c.tag in MARKERS or (change.tag == PPR_CHANGE and c.tag in (RPR, SECT_PR)))
        ]
        for c in list(parent):
            parent.remove(c)
        for c in list(inner) if inner is not None else []:
            parent.append(c)
        for c in kept:
            parent.append(c)
        if parent.tag == RPR:  # markers first in a paragraph mark's rPr
            for c in [c for c in parent if c.tag in MARKERS]:
                parent.remove(c)
                parent.insert(0, c)
    for el in list(root.iter(*MOVE_RANGES)):
        _remove(el)
    # 2. run-level wrappers
    for el in [el for el in root.iter(INS, DEL, MOVE_FROM, MOVE_TO)]:
        parent = el.getparent()
        if parent is None or parent.tag in (RPR, TRPR, TCPR):
            continue
        if el.tag in drop:
            _remove(el)
        else:
            if not accept:
                for t in el.iter(DEL_TEXT, DEL_INSTR):
                    t.tag = T if t.tag == DEL_TEXT else INSTR
            _unwrap(el, list(el))
    # 3. cells and rows
    for tc in list(root.iter(TC)):
        tcpr = tc.find(TCPR)
        if tcpr is None:
            continue
        for marker in tcpr.findall(w("cellIns")) + tcpr.findall(w("cellDel")):
            gone = (marker.tag == w("cellDel")) == accept
            tcpr.remove(marker)
            if gone and tc.getparent() is not None:
                tc.getparent().remove(tc)
    for tr in list(root.iter(TR)):
        trpr = tr.find(TRPR)
        if trpr is None:
            continue
        markers = [c for c in trpr if c.tag in MARKERS]
        if any(m.tag in drop for m in markers):
            tr.getparent().remove(tr)
            continue
        for m in markers:
            trpr.remove(m)
    for tbl in list(root.iter(TBL)):
        if tbl.find(TR) is None and tbl.getparent() is not None:
            tbl.getparent().remove(tbl)
    # 4. paragraph marks
    for p in list(root.iter(P)):
        rpr = p.find(f"{PPR}/{RPR}")
        if rpr is None:
            continue
        markers = [c for c in rpr if c.tag in MARKERS]
        if not markers:
            continue
        for m in markers:
            rpr.remove(m)
        if any(m.tag in drop for m in markers):
            _join_next(p)
    # 5. block-level content controls left empty
    for sdt in list(root.iter(SDT)):
        content = sdt.find(SDT_CONTENT)
        parent = sdt.getparent()
        if (
            content is not None
            and len(content) == 0
            and parent is not None
            and parent.tag in (BODY, TC, SDT_CONTENT)
        ):
            parent.remove(sdt)


def _join_next(p: Any) -> None:
    """A paragraph whose mark is removed: its content joins the next paragraph."""
    content = [c for c in p if c.tag != PPR]
    parent = p.getparent()
    if parent is None:
        return
    if not any(c.tag == R or c.find(f".//{R}") is not None for c in content):
        parent.remove(p)
        return
    nxt = p.getnext()
    if nxt is None or nxt.tag != P:
        return  # nowhere to join: the paragraph stays (Word keeps the last mark, too)
    ppr = nxt.find(PPR)
    index = 1 if ppr is not None else 0
    for offset, child in enumerate(content):
        nxt.insert(index + offset, child)
    parent.remove(p)
