"""Writing tracked changes: the one id counter, marked runs, paragraphs, rows and tables.

- :class:`Revisions` holds author, date and one id counter for every revision of a part,
  starting above the highest ``w:id`` already present (:func:`max_id`).
- :func:`mark_inserted` / :func:`deleted_copy` mark whole paragraphs and tables (paragraph
  marks in ``w:pPr/w:rPr``, table rows in ``w:trPr``), so accepting or rejecting removes the
  paragraph, not just its text; :class:`Placer` puts deleted copies among NEW's blocks.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree
from lxml.etree import _Element as Element

from ..ns import W14, XML, W, w
from ..text import CONTAINERS
from .pictures import keep_pictures
from .tags import (
    AUTHOR,
    BODY,
    DATE,
    DEL,
    DEL_INSTR,
    DEL_TEXT,
    ID,
    INS,
    INSTR,
    MARKERS,
    MOVE_RANGES,
    PPR,
    PPR_CHANGE,
    RPR,
    SDT,
    SDT_CONTENT,
    SECT_PR,
    TBL,
    TBL_PR_EX,
    TC,
    TR,
    TRPR,
    P,
    R,
    T,
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
            "permStart",
            "permEnd",
            "proofErr",
            "object",
            "lastRenderedPageBreak",
        )
    )
    | MOVE_RANGES
)


#: note references; one copied out of OLD is marked until its note is copied too
NOTE_REFERENCES = frozenset({w("footnoteReference"), w("endnoteReference")})
FROM_OLD = "{urn:mou-builder:redline}from-old"

PICTURES = (w("drawing"), w("pict"))

_UNWRAP_FOREIGN = frozenset({w("hyperlink"), w("smartTag"), w("customXml")})


_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def max_id(roots: Iterable[Element]) -> int:
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
    #: OLD image relationship id -> NEW's, for the part being redlined (pictures kept in
    #: deleted copies, :mod:`.pictures`); empty: pictures in deleted copies are dropped
    images: dict[str, str] = field(default_factory=dict)

    def mark(self, tag: str) -> Element:
        el = etree.Element(tag)
        el.set(ID, str(self.next_id))
        el.set(AUTHOR, self.author)
        el.set(DATE, self.date)
        self.next_id += 1
        name = etree.QName(tag).localname
        self.counts[name] = self.counts.get(name, 0) + 1
        return el

    def drop(self, el: Element) -> None:
        """Take a mark written by :meth:`mark` out of the tree and the counts again."""
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
        name = etree.QName(el).localname
        if self.counts.get(name):
            self.counts[name] -= 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _text_el(tag: str, text: str) -> Element:
    el = etree.Element(tag)
    el.text = text
    el.set(f"{{{XML}}}space", "preserve")
    return el


def build_run(rpr: Element | None, items: list[tuple[str, Element]], deleted: bool) -> Element:
    run = etree.Element(R)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for text, el in items:
        tag = el.tag
        if tag in (T, DEL_TEXT):
            run.append(_text_el(DEL_TEXT if deleted else T, text))
        else:
            clone = copy.deepcopy(el)
            if deleted and tag in NOTE_REFERENCES:
                clone.set(FROM_OLD, "1")  # its note is OLD's: :mod:`.notes` copies it over
            if deleted and tag == INSTR:
                clone.tag = DEL_INSTR
            elif not deleted and tag == DEL_INSTR:
                clone.tag = INSTR
            run.append(clone)
    return run


def wrap(rev: Revisions, tag: str, children: list[Element]) -> Element:
    wrapper = rev.mark(tag)
    for child in children:
        wrapper.append(child)
    return wrapper


def enclose(
    first: Element, last: Element, rev: Revisions, tags: tuple[str, str], attrs: dict[str, str]
) -> None:
    """A range over the paragraphs ``first`` to ``last`` (a move's, a bookmark's): its start
    (``tags[0]``, with ``attrs``) right after ``first``'s properties, its end (``tags[1]``)
    ``last``'s last child, one new id for both."""
    start = etree.Element(tags[0], {ID: str(rev.next_id), **attrs})
    end = etree.Element(tags[1], {ID: str(rev.next_id)})
    rev.next_id += 1
    ppr = first.find(PPR)
    first.insert(0 if ppr is None else first.index(ppr) + 1, start)
    last.append(end)


def _mark_paragraph(p: Element, tag: str, rev: Revisions) -> None:
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


def _mark_row(tr: Element, tag: str, rev: Revisions) -> None:
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


def _mark_rows(tbl_or_row: Element, tag: str, rev: Revisions) -> None:
    """Every row in (or being) ``tbl_or_row`` marked, its runs wrapped, and the marks of
    each cell's paragraphs but the last (which the cell keeps) marked too: LibreOffice
    removes a deleted row (or a rejected inserted one) only when all it holds is tracked."""
    rows = [tbl_or_row] if tbl_or_row.tag == TR else list(tbl_or_row.iter(TR))
    for tr in rows:
        _mark_row(tr, tag, rev)
    for tc in tbl_or_row.iter(TC):
        paragraphs = [c for c in tc if c.tag == P]
        for p in paragraphs[:-1]:
            _mark_paragraph(p, tag, rev)
    for p in tbl_or_row.iter(P):
        _wrap_runs(p, tag, rev)


def _wrap_runs(container: Element, tag: str, rev: Revisions) -> None:
    """Wrap every maximal sequence of sibling runs in one ``w:ins``/``w:del``."""
    group: list[Element] = []

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


def mark_inserted(block: Element, rev: Revisions) -> None:
    """Mark a NEW paragraph or table (in place) as inserted."""
    if block.tag == P:
        _wrap_runs(block, INS, rev)
        _mark_paragraph(block, INS, rev)
    elif block.tag == TBL:
        _mark_rows(block, INS, rev)


def mark_row_inserted(tr: Element, rev: Revisions) -> None:
    _mark_rows(tr, INS, rev)


def sanitize_foreign(block: Element, images: dict[str, str] | None = None) -> Element:
    """Strip from a copy of OLD content what refers to OLD's package (ids, rels, anchors);
    its pictures stay where ``images`` maps their image to NEW's (:mod:`.pictures`)."""
    for el in block.iter(*NOTE_REFERENCES):
        el.set(FROM_OLD, "1")
    pictures = [
        el for el in block.iter(*PICTURES) if not any(a.tag in PICTURES for a in el.iterancestors())
    ]
    keep_pictures(pictures, images or {})  # the pictures left are kept
    for el in [e for e in block.iter() if isinstance(e.tag, str) and e.tag in _DROP_FOREIGN]:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    for el in list(block.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag == SDT or el.tag in _UNWRAP_FOREIGN:
            content = el.find(SDT_CONTENT) if el.tag == SDT else el
            unwrap(
                el, list(content) if content is not None else [], skip=(w("sdtPr"), w("sdtEndPr"))
            )
    _strip_package_attributes(block)
    return block


def _strip_package_attributes(block: Element) -> None:
    """Relationship ids and Word 2010 ids out (not in kept pictures); sections out of marks."""
    for el in block.iter():
        if not isinstance(el.tag, str) or _in_picture(el):
            continue
        for attr in list(el.attrib):
            if attr.startswith(f"{{{W14}}}") or attr.startswith(f"{{{_R_NS}}}"):
                del el.attrib[attr]
        if el.tag == PPR:
            for sect in el.findall(SECT_PR):
                el.remove(sect)


def _in_picture(el: Element) -> bool:
    return el.tag in PICTURES or any(a.tag in PICTURES for a in el.iterancestors())


def unwrap(el: Element, children: list[Element], skip: tuple[str, ...] = ()) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(c for c in children if c.tag not in skip):
        parent.insert(index + offset, child)
    remove(el)


def remove(el: Element) -> None:
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


def deleted_copy(block: Element, rev: Revisions) -> Element:
    """A copy of an OLD paragraph or table, every run and mark (or row) tracked as deleted."""
    clone = sanitize_foreign(copy.deepcopy(block), rev.images)
    for el in clone.iter(T, INSTR):
        el.tag = DEL_TEXT if el.tag == T else DEL_INSTR
    if clone.tag == P:
        _wrap_runs(clone, DEL, rev)
        _mark_paragraph(clone, DEL, rev)
    else:
        _mark_rows(clone, DEL, rev)
    return clone


def deleted_row(tr: Element, rev: Revisions) -> Element:
    clone = sanitize_foreign(copy.deepcopy(tr), rev.images)
    for el in clone.iter(T, INSTR):
        el.tag = DEL_TEXT if el.tag == T else DEL_INSTR
    _mark_rows(clone, DEL, rev)
    return clone


class Placer:
    """Puts deleted OLD blocks (or rows) among NEW ones, keeping their relative order.

    Call :meth:`emitted` for each NEW element in order and :meth:`place` for each deleted
    copy; a copy goes right after the last element seen (``top``: after the body-level
    ancestor of it), or before the next NEW element when nothing was seen yet.
    """

    def __init__(self, last: Element | None = None):
        self.last = last
        self.pending: list[tuple[Element, bool]] = []

    def emitted(self, element: Element) -> None:
        for el, top in self.pending:
            (_top(element) if top else element).addprevious(el)
        self.pending.clear()
        self.last = element

    def place(self, element: Element, top: bool = False) -> None:
        if self.last is None:
            self.pending.append((element, top))
            return
        anchor = _top(self.last) if top else self.last
        anchor.addnext(element)
        self.last = element

    def finish(self, container: Element) -> None:
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


def _top(element: Element) -> Element:
    """The ancestor-or-self of ``element`` that is a direct child of a body or table cell."""
    current = element
    parent = current.getparent()
    while parent is not None and parent.tag not in (BODY, TC):
        current, parent = parent, parent.getparent()
    return current
