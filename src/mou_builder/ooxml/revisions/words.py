"""Word-level redline of a paragraph or a table: NEW's runs split where the text changed.

:func:`redline_paragraph` turns a NEW paragraph into "NEW with OLD's differences tracked":
NEW's runs are split at token boundaries (each piece keeps a copy of its ``w:rPr``), inserted
pieces are wrapped in ``w:ins``, and deleted text comes back as ``w:del`` runs carrying the
formatting of the OLD run it came from; unchanged stretches formatted differently get a
``w:rPrChange``. :func:`redline_table` aligns rows, then redlines paired cells.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import _Element as Element

from ...compare.worddiff import Edit, Piece, align_blocks, diff_words_fast
from ..ns import w
from ..text import (
    CONTAINERS,
    iter_runs,
    own_cells,
    own_paragraphs,
    own_rows,
    row_text,
    run_items,
    run_text,
)
from .formatting import add_rpr_change, format_signature
from .pictures import keep_pictures
from .propchanges import TBL_PR, track_grid, track_properties, track_row_properties
from .tags import DEL, DEL_TEXT, INS, RPR, SDT, SDT_CONTENT, TBL, TCPR, R, T
from .track import PICTURES, Placer, Revisions, build_run, deleted_row, mark_row_inserted, wrap

GRID_SPAN, V_MERGE, VAL = w("gridSpan"), w("vMerge"), w("val")


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

    items: list[tuple[int, int, str, Element, Element | None]]  # start, end, text, element, rPr
    owners: list[int] = field(default_factory=list)  # run index of each item
    rprs: list[Element | None] = field(default_factory=list)  # rPr of each run
    sigs: list[str] = field(default_factory=list)  # visible formatting of each run

    @classmethod
    def of(cls, p: Element) -> _OldText:
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

    def deleted_runs(self, start: int, end: int, images: dict[str, str]) -> list[Element]:
        """OLD's runs for characters ``start:end`` as deleted runs; their pictures keep
        NEW's image ids (or go, :func:`.pictures.keep_pictures`)."""
        runs = self._runs(start, end)
        keep_pictures([p for run in runs for p in run.iter(*PICTURES)], images)
        return runs

    def _runs(self, start: int, end: int) -> list[Element]:
        runs: list[Element] = []
        group: list[tuple[str, Element]] = []
        group_rpr: Element | None = None
        for s, e, text, el, rpr in self.items:
            if e <= start:
                continue
            if s >= end:
                break
            piece = text[max(start, s) - s : min(end, e) - s] if el.tag in (T, DEL_TEXT) else text
            if group and rpr is not group_rpr:
                runs.append(build_run(group_rpr, group, deleted=True))
                group = []
            group_rpr = rpr
            group.append((piece, el))
        if group:
            runs.append(build_run(group_rpr, group, deleted=True))
        return runs


def redline_paragraph(old_p: Element, new_p: Element, rev: Revisions) -> bool:
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
        runs = old.deleted_runs(*tail, rev.images)
        if runs:
            new_p.append(wrap(rev, DEL, runs))
    return True


def _flow_text(p: Element) -> str:
    """The text of exactly the runs :func:`_rewrite` visits."""
    return "".join(run_text(r) for r in iter_runs(p))


def _rewrite(container: Element, stream: _Stream, old: _OldText, rev: Revisions) -> None:
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


def _split_run(
    run: Element, stream: _Stream, old: _OldText, rev: Revisions
) -> list[Element] | None:
    out: list[tuple[str, Any]] = []  # (op, items) or ("delete", (start, end))

    def add(op: str, item: tuple[str, Element, int]) -> None:
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
    nodes: list[Element] = []
    for op, payload in out:
        if op == "equal":
            for key, items in groups[id(payload)]:
                node = build_run(rpr, items, deleted=False)
                if key != -1:
                    add_rpr_change(node, old.rprs[key], rev)
                nodes.append(node)
        elif op == "insert":
            items = [(text, el) for text, el, _ in payload]
            nodes.append(wrap(rev, INS, [build_run(rpr, items, deleted=False)]))
        else:
            start, end = payload
            runs = old.deleted_runs(start, end, rev.images)
            if runs:
                nodes.append(wrap(rev, DEL, runs))
    return nodes


def _format_groups(
    rpr: Element | None,
    items: list[tuple[str, Element, int]],
    old: _OldText,
) -> list[tuple[int, list[tuple[str, Element]]]]:
    """Unchanged text split where its formatting differs from OLD's.

    Each group is (the OLD run whose properties the text had, or -1 if its visible
    formatting is unchanged; the items).
    """
    new_sig = format_signature(rpr)
    groups: list[tuple[int, list[tuple[str, Element]]]] = []

    def put(key: int, item: tuple[str, Element]) -> None:
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


def redline_table(
    old_tbl: Element,
    new_tbl: Element,
    rev: Revisions,
    cells: Callable[[Element, Element, Revisions], object] | None = None,
) -> bool:
    """Track row- and word-level differences between two tables in ``new_tbl`` (in place).

    ``cells`` redlines a pair of cells whose paragraphs differ in number (as a body). Rows
    whose cells were split, merged or vertically merged differently are replaced: each run
    of them is OLD's rows deleted, then NEW's inserted (a merge spans rows, so it stays whole
    in either view)."""

    widths = track_grid(old_tbl, new_tbl, rev)
    changed = track_properties(old_tbl.find(TBL_PR), new_tbl, TBL_PR, rev, also=widths) or widths
    old_rows, new_rows = own_rows(old_tbl), own_rows(new_tbl)
    edits = _pair_rows(
        align_blocks([row_text(r) for r in old_rows], [row_text(r) for r in new_rows]),
        old_rows,
        new_rows,
    )
    placer = Placer()
    replaced: list[Element] = []  # NEW rows of the current run of replaced rows

    def flush() -> None:
        for row in replaced:
            mark_row_inserted(row, rev)
            placer.emitted(row)
        replaced.clear()

    for edit in edits:
        old_row = old_rows[edit.old] if edit.old is not None else None
        new_row = new_rows[edit.new] if edit.new is not None else None
        if old_row is not None and new_row is not None and _merges(old_row) != _merges(new_row):
            changed = True
            placer.place(deleted_row(old_row, rev))
            replaced.append(new_row)
            continue
        flush()
        if edit.op == "equal":
            assert old_row is not None and new_row is not None
            track_row_properties(old_row, new_row, rev, widths=widths)
            placer.emitted(new_row)
            continue
        changed = True
        if edit.op == "modify":
            assert old_row is not None and new_row is not None
            _redline_row(old_row, new_row, rev, placer, cells, widths)
        elif edit.op == "delete":
            assert old_row is not None
            placer.place(deleted_row(old_row, rev))
        else:
            assert new_row is not None
            mark_row_inserted(new_row, rev)
            placer.emitted(new_row)
    flush()
    placer.finish(new_tbl)
    return changed


def _pair_rows(edits: list[Edit], old_rows: list[Element], new_rows: list[Element]) -> list[Edit]:
    """As many rows deleted as inserted in one place, each pair with as many cells, are the
    same rows edited (a table's rows keep their place; content bound to data, which a reader
    shows instead of the row's text, then stays one row in either view)."""
    out: list[Edit] = []
    index = 0
    while index < len(edits):
        end = index
        while end < len(edits) and edits[end].op in ("delete", "insert"):
            end += 1
        if end == index:
            out.append(edits[index])
            index += 1
            continue
        run = edits[index:end]
        olds = [e.old for e in run if e.op == "delete" and e.old is not None]
        news = [e.new for e in run if e.op == "insert" and e.new is not None]
        if len(olds) == len(news) and all(
            len(own_cells(old_rows[o])) == len(own_cells(new_rows[n]))
            for o, n in zip(olds, news, strict=True)
        ):
            out += [Edit("modify", o, n) for o, n in zip(olds, news, strict=True)]
        else:
            out += run
        index = end
    return out


def _redline_row(
    old_row: Element,
    new_row: Element,
    rev: Revisions,
    placer: Placer,
    cells: Callable[[Element, Element, Revisions], object] | None,
    widths: bool,
) -> None:
    if _same_shape(old_row, new_row) or (cells is not None and _same_cells(old_row, new_row)):
        track_row_properties(old_row, new_row, rev, widths=widths)
    if _same_shape(old_row, new_row):
        for old_tc, new_tc in zip(own_cells(old_row), own_cells(new_row), strict=True):
            pairs = zip(own_paragraphs(old_tc), own_paragraphs(new_tc), strict=True)
            for op, np_ in pairs:
                redline_paragraph(op, np_, rev)
    elif cells is not None and _same_cells(old_row, new_row):
        for old_tc, new_tc in zip(own_cells(old_row), own_cells(new_row), strict=True):
            cells(old_tc, new_tc, rev)  # paragraphs split or joined in a cell
    else:
        placer.place(deleted_row(old_row, rev))
        mark_row_inserted(new_row, rev)
    placer.emitted(new_row)


def _merges(tr: Element) -> tuple[tuple[str, str], ...]:
    """How a row's cells span the grid: each cell's column span and vertical merge."""
    out = []
    for tc in own_cells(tr):
        span = tc.find(f"{TCPR}/{GRID_SPAN}")
        merge = tc.find(f"{TCPR}/{V_MERGE}")
        out.append(
            (
                span.get(VAL, "1") if span is not None else "1",
                "" if merge is None else merge.get(VAL) or "continue",
            )
        )
    return tuple(out)


def _same_cells(a: Element, b: Element) -> bool:
    ca, cb = own_cells(a), own_cells(b)
    return len(ca) == len(cb) and not any(x.findall(f".//{TBL}") for x in (*ca, *cb))


def _same_shape(a: Element, b: Element) -> bool:
    ca, cb = own_cells(a), own_cells(b)
    return len(ca) == len(cb) and all(
        len(own_paragraphs(x)) == len(own_paragraphs(y))
        and not x.findall(f".//{TBL}")
        and not y.findall(f".//{TBL}")
        for x, y in zip(ca, cb, strict=True)
    )
