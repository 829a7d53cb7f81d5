"""Writing a redline: NEW's document part with every difference from OLD tracked.

Both packages come from :mod:`.safezip`. Existing revisions in either input are accepted
first (the comparison is between the two documents as they read when accepted). The output
is NEW's package with ``word/document.xml`` replaced, zipped reproducibly (:mod:`.package`)
so the same inputs, author and date give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml.etree import _Element as Element

from ..compare.worddiff import Edit, align_keys
from .controls import rich_text_controls, unwrap_clause_controls
from .docmodel import (
    TXBX,
    DocBlock,
    Segment,
    body_of,
    flatten,
    has_clauses,
    iter_blocks,
    read_segments,
)
from .markers import bookmark_name, parse_bookmark
from .ns import W, w
from .package import write_package
from .properties import read_manifest, record_revisions
from .revisions import (
    TBL,
    P,
    Placer,
    Revisions,
    accept_all,
    block_text,
    deleted_copy,
    mark_inserted,
    max_id,
    redline_paragraph,
    redline_table,
    track_formatting,
)
from .revisions.ending import deleted_before_tables, move_final_mark
from .revisions.fields import edits_a_field_result
from .revisions.formatting import track_paragraph_properties
from .revisions.headers import redline_headers
from .revisions.moves import moved_from, moved_to
from .revisions.notes import NOTE_KINDS, add_notes_part, empty_notes_part, redline_notes
from .revisions.pictures import renumber, shared_images
from .revisions.plan import SegmentPlan, block_edits, clause_moves, segment_plans
from .revisions.propchanges import track_section, track_table_properties
from .revisions.track import enclose
from .safezip import Package
from .sanitize import clean_package
from .sentcomments import COMMENTS, sent_comments
from .settings import track_revisions_on

if TYPE_CHECKING:
    from ..model.units import Unit

DOCUMENT = "word/document.xml"
SETTINGS = "word/settings.xml"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_ID_PARTS = (COMMENTS, "word/footnotes.xml", "word/endnotes.xml")


@dataclass
class RedlineResult:
    data: bytes
    revisions: int
    counts: dict[str, int] = field(default_factory=dict)
    clause_aware: bool = False
    dropped: list[str] = field(default_factory=list)  # hostile content left out


def document_root(package: Package) -> Element:
    return package.xml(DOCUMENT)


def segments_of(package: Package, root: Element | None = None) -> list[Segment]:
    root = root if root is not None else document_root(package)
    accept_all(root)
    return read_segments(root, read_manifest(package))


def units_of(package: Package) -> list[Unit]:
    """Comparable units of a document (clauses by marker, or free text)."""
    return [s.unit() for s in segments_of(package)]


def comparable_units(old: Package, new: Package) -> tuple[list[Unit], list[Unit]]:
    """Both documents' units: by clause when both carry markers, else one text unit each."""
    old_segs, new_segs = segments_of(old), segments_of(new)
    if not (has_clauses(old_segs) and has_clauses(new_segs)):
        old_segs, new_segs = flatten(old_segs), flatten(new_segs)
        for seg in (*old_segs, *new_segs):
            seg.name = "Document text"
    return [s.unit() for s in old_segs], [s.unit() for s in new_segs]


def redline_packages(
    old: Package,
    new: Package,
    *,
    author: str,
    date: str,
    content_controls: bool = False,
    track_edits: bool = True,
) -> RedlineResult:
    """NEW's package with every difference from OLD tracked.

    ``content_controls=False`` (the default) unwraps the clause content controls in the
    output: LibreOffice 7.4 imports the first paragraph of a block content control (the
    clause heading) as an input field and drops the tracked changes inside it. The clause
    bookmarks stay, so :func:`.clausemap.clause_spans` still finds every clause.
    ``track_edits`` turns Track Changes on in the output, so whoever edits it next (the other
    party) has their changes tracked too.
    """
    old_root, new_root = document_root(old), document_root(new)
    others = [
        new.xml(name)
        for name in new.parts
        if name in _ID_PARTS or name.startswith(("word/header", "word/footer"))
    ]
    rev = Revisions(author, date, max(max_id([new_root, *others]), 0) + 1)
    accept_all(old_root)
    accept_all(new_root)
    _use_new_style_ids(old, new, old_root)
    new_manifest = read_manifest(new)
    rev.images = shared_images(old, new)  # the body's relationships only
    clause_aware = redline_trees(old_root, new_root, rev, read_manifest(old), new_manifest)
    rev.images = {}
    renumber(new_root)
    track_section(_final_section(old_root), _final_section(new_root), rev)
    if not content_controls:
        unwrap_clause_controls(new_root, tracked=True)
    rich_text_controls(new_root)
    parts = dict(new.parts)
    parts.update(redline_headers(old, new, old_root, new_root, rev, redline_trees))
    for kind in NOTE_KINDS:
        name = kind[0]
        old_notes = old.xml(name) if old.has(name) else None
        new_notes = new.xml(name) if new.has(name) else None
        if (
            new_notes is None
            and old_notes is not None
            and new_root.find(f".//{kind[1]}") is not None
        ):
            new_notes = empty_notes_part(old_notes, kind[2])  # OLD's notes come back
            add_notes_part(parts, name)
        if redline_notes(old_notes, new_notes, new_root, rev, kind, redline_trees):
            assert new_notes is not None
            parts[name] = _xml_bytes(new_notes)
    parts[DOCUMENT] = _xml_bytes(new_root)
    record_revisions(
        parts,
        new,
        new_manifest,
        _sent_revisions(new_root),
        sent_comments(new, new_root, new_manifest),
    )
    if track_edits and new.has(SETTINGS):
        parts[SETTINGS] = track_revisions_on(new.xml(SETTINGS))
    written = frozenset(n for n, data in parts.items() if data is not new.parts.get(n))
    cleaned = clean_package(parts, new.path, written)  # NEW's own parts must be readable
    return RedlineResult(
        write_package(cleaned.parts),
        rev.total,
        {kind: n for kind, n in rev.counts.items() if n},
        clause_aware,
        cleaned.dropped,
    )


def _final_section(root: Element) -> Element | None:
    body = body_of(root)
    last = body[-1] if len(body) else None
    return last if last is not None and last.tag == w("sectPr") else None


def _sent_revisions(root: Element) -> list[dict[str, str]]:
    """id, author and date of every tracked change in the body, as review reads them."""
    author, rid, date = w("author"), w("id"), w("date")
    return [
        {"id": el.get(rid) or "", "author": el.get(author) or "", "date": el.get(date) or ""}
        for el in root.xpath("descendant-or-self::*[@w:author and @w:id]", namespaces={"w": W})
    ]


STYLES = "word/styles.xml"


def _style_ids(package: Package) -> dict[str, str]:
    """Style id -> style name (the name is what an editor keeps; ids get renamed)."""
    if not package.has(STYLES):
        return {}
    names: dict[str, str] = {}
    for style in package.xml(STYLES).iter(w("style")):
        name = style.find(w("name"))
        if style.get(w("styleId")) and name is not None and name.get(w("val")):
            names[style.get(w("styleId"))] = name.get(w("val")).lower()
    return names


def _use_new_style_ids(old: Package, new: Package, old_root: Element) -> None:
    """OLD's style references renamed to NEW's ids for the same style names (LibreOffice
    saves "BodyText" as "TextBody"), so a renamed style is no change."""
    if old.parts.get(STYLES) == new.parts.get(STYLES):
        return  # the same styles: every id means what it meant
    old_names, new_names = _style_ids(old), _style_ids(new)
    by_name = {name: sid for sid, name in new_names.items()}
    for ref in old_root.iter(w("pStyle"), w("rStyle"), w("tblStyle")):
        sid = ref.get(w("val"))
        target = by_name.get(old_names.get(sid or "", ""))
        if sid and target and target != sid and sid not in new_names:
            ref.set(w("val"), target)


def _xml_bytes(root: Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def redline_trees(
    old_root: Element,
    new_root: Element,
    rev: Revisions,
    old_manifest: dict[str, Any] | None = None,
    new_manifest: dict[str, Any] | None = None,
) -> bool:
    """Track in ``new_root`` (in place) every difference from ``old_root``.

    Both trees must be free of revisions (accept them first). Returns True when the
    comparison was clause-aware (both sides carry clause markers).
    """
    old_segs = read_segments(old_root, old_manifest)
    new_segs = read_segments(new_root, new_manifest)
    clause_aware = has_clauses(old_segs) and has_clauses(new_segs)
    if not clause_aware:
        old_segs, new_segs = flatten(old_segs), flatten(new_segs)
    placer = Placer()
    ops = align_keys([s.key for s in old_segs], [s.key for s in new_segs])
    moves = clause_moves(ops, old_segs, new_segs) if clause_aware else {}
    plans = segment_plans(ops, old_segs, new_segs, first_move=len(moves) + 1, whole=set(moves))
    for index, op in enumerate(ops):
        if op.op == "match":
            assert op.old is not None and op.new is not None
            _redline_segment(old_segs[op.old], new_segs[op.new], rev, placer, plans[index])
        elif op.op == "delete":
            assert op.old is not None
            seg = old_segs[op.old]
            if seg.key in moves:
                for copied in moved_from([b.element for b in seg.blocks], rev, moves[seg.key][0]):
                    placer.place(copied, top=True)
                continue
            _removed_segment(seg, rev, placer, plans[index])
        else:
            assert op.new is not None
            seg = new_segs[op.new]
            if seg.key in moves:
                name, source = moves[seg.key]
                _redline_segment(
                    source, seg, rev, placer, SegmentPlan(block_edits(source, seg), True)
                )
                moved_to([b.element for b in seg.blocks], rev, name)
                continue
            _added_segment(seg, rev, placer, plans[index])
    placer.finish(body_of(new_root))
    deleted_before_tables(body_of(new_root))
    move_final_mark(body_of(new_root), rev)
    return clause_aware


def _removed_segment(seg: Segment, rev: Revisions, placer: Placer, plan: SegmentPlan) -> None:
    """A clause only OLD has: its blocks deleted where they were, a paragraph that moved
    into another clause marked as moved away; the copies keep OLD's clause bookmark, so a
    reader of the redline (``mou review``) files them under the clause that was removed."""
    copies = []
    for at, block in enumerate(seg.blocks):
        name = plan.departures.get(at)
        if name is not None:
            copies.append(moved_from([block.element], rev, name)[0])
        else:
            copies.append(deleted_copy(block.element, rev))
        placer.place(copies[-1], top=True)
    bookmark = _clause_bookmark(seg.blocks[0].element) if seg.blocks else None
    if bookmark is not None and copies[0].tag == P and copies[-1].tag == P:
        tags = w("bookmarkStart"), w("bookmarkEnd")
        enclose(copies[0], copies[-1], rev, tags, {w("name"): bookmark})


def _clause_bookmark(block: Element) -> str | None:
    """The clause bookmark that starts in ``block`` (a heading), if any: its name as mou
    writes one (OLD may come from anyone; what it wrote is parsed, never copied)."""
    for start in block.iter(w("bookmarkStart")):
        parsed = parse_bookmark(start.get(w("name")))
        if parsed is not None:
            clause_id, version, section = parsed
            return bookmark_name(clause_id, version, section)
    return None


def _added_segment(seg: Segment, rev: Revisions, placer: Placer, plan: SegmentPlan) -> None:
    """A clause only NEW has: its blocks inserted, a paragraph that came from another
    clause redlined against OLD's and marked as moved here."""
    for at, block in enumerate(seg.blocks):
        arrival = plan.arrivals.get(at)
        if arrival is not None:
            _arrived(arrival, block.element, rev)
        else:
            mark_inserted(block.element, rev)
        placer.emitted(block.element)


def _arrived(arrival: tuple[str, DocBlock], element: Element, rev: Revisions) -> None:
    """NEW's paragraph ``element`` that moved here from OLD's ``arrival`` block."""
    name, source = arrival
    _track_block(source, element, False, rev)
    redline_paragraph(source.element, element, rev)
    moved_to([element], rev, name)


def _text_boxes(block: Element) -> list[Element]:
    """The outermost text boxes of a block (not the mc:Fallback copies older readers get)."""
    found = []
    for box in block.iter(TXBX):
        outer = [a.tag for a in box.iterancestors() if a is not block]
        if TXBX not in outer and FALLBACK not in outer:
            found.append(box)
    return found


def redline_text_boxes(old: Element, new: Element, rev: Revisions) -> None:
    """Text boxes of a paired block compared like body text (paired in order)."""
    olds, news = _text_boxes(old), _text_boxes(new)
    if len(olds) != len(news):
        return
    for old_box, new_box in zip(olds, news, strict=True):
        if [block_text(b) for b in iter_blocks(old_box)] != [
            block_text(b) for b in iter_blocks(new_box)
        ]:
            redline_trees(old_box, new_box, rev)


def _track_block(old: DocBlock, element: Element, equal: bool, rev: Revisions) -> None:
    """What a paired block changed besides its text: text boxes, paragraph and section
    properties, table properties (of a table whose rows are unchanged)."""
    redline_text_boxes(old.element, element, rev)
    if element.tag == P and old.kind == "p":
        track_paragraph_properties(old.element, element, rev)
        section = f"{w('pPr')}/{w('sectPr')}"
        track_section(old.element.find(section), element.find(section), rev)
    if equal and element.tag == TBL:
        track_table_properties(old.element, element, rev)


def _copied_through(new: Segment, outer: Placer) -> None:
    """A segment byte for byte unchanged (the majority) is neither compared nor tracked."""
    outer.last = new.blocks[-1].element if new.blocks else outer.last


def _unchanged(edit: Edit, old: Segment, new: Segment) -> bool:
    """A paired block byte for byte the same as OLD's: nothing to track."""
    if edit.op != "equal" or edit.old is None or edit.new is None:
        return False
    return old.blocks[edit.old].same_as(new.blocks[edit.new])


def _redline_segment(
    old: Segment, new: Segment, rev: Revisions, outer: Placer, plan: SegmentPlan
) -> None:
    if outer.pending and new.blocks:  # removed clauses before the first NEW one
        outer.emitted(new.blocks[0].element)
    if plan.same:
        _copied_through(new, outer)
        return
    local = Placer(None)
    for edit in plan.edits:
        if edit.op == "delete":
            assert edit.old is not None
            block = old.blocks[edit.old].element
            name = plan.departures.get(edit.old)
            if name is not None:
                local.place(moved_from([block], rev, name)[0])
            elif not plan.moved:
                local.place(deleted_copy(block, rev))
            continue
        assert edit.new is not None
        element = new.blocks[edit.new].element
        if _unchanged(edit, old, new):
            local.emitted(element)
            continue
        arrival = plan.arrivals.get(edit.new)
        if arrival is not None:
            _arrived(arrival, element, rev)
        else:
            _redline_block(old, new, edit, rev, local, plan.moved)
        local.emitted(element)
    for el, _ in local.pending:  # only when NEW's segment is empty
        outer.place(el)
    local.pending.clear()
    if local.last is not None:
        outer.last = local.last


def _redline_block(
    old: Segment, new: Segment, edit: Edit, rev: Revisions, local: Placer, moved: bool
) -> None:
    """A NEW block kept, inserted or edited (``moved``: OLD's copy stays where it was)."""
    assert edit.new is not None
    element = new.blocks[edit.new].element
    if edit.old is not None:
        _track_block(old.blocks[edit.old], element, edit.op == "equal", rev)
    if edit.op == "equal" and element.tag == P:
        assert edit.old is not None
        track_formatting(old.blocks[edit.old].element, element, rev)
    elif edit.op == "insert":
        mark_inserted(element, rev)
    elif edit.op == "modify":
        assert edit.old is not None
        source = old.blocks[edit.old].element
        if element.tag == P and edits_a_field_result(source, element):
            # LibreOffice loses changes inside a field's result: replace the paragraph
            if not moved:
                local.place(deleted_copy(source, rev))
            mark_inserted(element, rev)
        elif element.tag == P:
            redline_paragraph(source, element, rev)
        else:
            redline_table(source, element, rev, redline_trees)
