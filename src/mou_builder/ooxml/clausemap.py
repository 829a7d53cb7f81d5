"""THE clause mapper: which body blocks belong to which clause, by marker.

1. Content controls tagged ``mou:clause:<id>@<version>`` (the primary marker, see
   :mod:`.markers`): an empty one inside a heading paragraph names the clause that heading
   starts (the clause runs as far as its bookmark, or to the next clause's heading); a
   block-level one (documents built before headings carried their markers) holds the
   clause, every block inside it that clause, the first its heading.
2. ``mou_<section>_<version>_<id>`` bookmarks, for clauses whose content control is gone
   (LibreOffice drops the tags of content controls and may split a bookmark in two: a start
   without an end on the heading, then a start/end pair in the last paragraph). A clause
   runs from the first block naming its bookmark to the last block ending it, never past
   the block before the next clause's bookmark or heading marker.
3. With a manifest (:mod:`.properties`), bookmark ids cut to 40 characters are completed
   from it by section number.

4. Text: blocks no marker placed (a document that lost its markers, or paragraphs the other
   party added) are matched by their reject-all text against the spec's assembled clauses,
   exact first, then by similarity (:func:`map_by_text`); blocks between two blocks of one
   clause, or between a clause and the next clause's heading, belong to that clause.

API: :func:`clause_spans` (root, manifest) -> [:class:`ClauseSpan`];
:func:`clear_marker_placeholders` (root), before the text is read;
:func:`body_blocks` (root) -> the body-level blocks in order; :func:`unmapped_blocks`
(blocks, spans) -> [:class:`Gap`]; :func:`map_by_text` (read document, agreement).
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lxml.etree import _Element as Element

from .markers import parse_bookmark, parse_tag
from .ns import turned_off, w
from .text import squeeze_spaces

if TYPE_CHECKING:  # the data model (pydantic) is not loaded by a .docx-only redline
    from ..model.agreement import Agreement, Section
    from .read.model import Block, ReturnedDocument

_P, _TBL, _SDT = w("p"), w("tbl"), w("sdt")
_SDT_PR, _SDT_CONTENT, _TAG, _VAL = w("sdtPr"), w("sdtContent"), w("tag"), w("val")
_NAME, _ID, _BODY = w("name"), w("id"), w("body")
_BM_START, _BM_END = w("bookmarkStart"), w("bookmarkEnd")

Marker = tuple[str, int | None]  # clause id and version of a content control's tag
Manifest = Mapping[str, Any]


@dataclass
class ClauseSpan:
    """One clause found in a document: its id, version, section number and elements."""

    clause_id: str
    version: int | None
    section: int | None
    elements: list[Element] = field(default_factory=list)  # w:p / w:tbl, heading first
    source: Literal["sdt", "bookmark"] = "sdt"

    @property
    def heading(self) -> Element | None:
        return self.elements[0] if self.elements else None


@dataclass(frozen=True)
class _Block:
    element: Element
    marker: Marker | None  # the clause content control around it, if any
    sdt: Element | None  # that content control


@dataclass
class Gap:
    """Consecutive blocks no marker placed, with the clauses just before and after them."""

    start: int  # index of the first block in the body's block list
    elements: list[Element]
    after: str | None  # clause id of the span before the gap (None: start of document)
    before: str | None  # clause id of the span after the gap (None: end of document)


# ---------------------------------------------------------------- blocks


def _body(root: Element) -> Element:
    if root.tag == _BODY:
        return root
    body = root.find(_BODY)
    return body if body is not None else root


def _tag_of(sdt: Element) -> str | None:
    tag = sdt.find(f"{_SDT_PR}/{_TAG}")
    return tag.get(_VAL) if tag is not None else None


def _walk(
    container: Element, marker: Marker | None, owner: Element | None = None
) -> Iterator[_Block]:
    """Body-level blocks in document order, with the clause content control they are in."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield _Block(child, marker, owner)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is None:
                continue
            parsed = parse_tag(_tag_of(child))
            if parsed is not None and marker is None:
                yield from _walk(content, parsed, child)
            else:
                yield from _walk(content, marker, owner)


_PLACEHOLDER_FLAG = w("showingPlcHdr")


def clear_marker_placeholders(root: Element) -> int:
    """Empty the clause markers (heading content controls) that hold a placeholder.

    A marker is written empty. An empty content control shows placeholder text in Word
    (ECMA-376 17.5.2.25: five no-break spaces when none is named), and a control saved
    while showing it holds that text under ``w:showingPlcHdr`` (17.5.2.39), which says the
    content is a placeholder, not the document's text. Such a marker is emptied in place,
    before anything reads the heading's text; any other control keeps its placeholder (a
    template's prompt is part of that document). Returns how many were emptied."""
    cleared = 0
    for sdt in root.iter(_SDT):
        pr = sdt.find(_SDT_PR)
        flag = pr.find(_PLACEHOLDER_FLAG) if pr is not None else None
        if flag is None or turned_off(flag.get(_VAL)):
            continue
        if parse_tag(_tag_of(sdt)) is None or next(sdt.iterancestors(_P), None) is None:
            continue
        content = sdt.find(_SDT_CONTENT)
        if content is not None:
            content[:] = []
            content.text = None
        pr.remove(flag)
        cleared += 1
    return cleared


def _heading_marker(paragraph: Element) -> Marker | None:
    """The clause an empty content control inside ``paragraph`` (a heading) names."""
    for sdt in paragraph.iterchildren(_SDT):
        parsed = parse_tag(_tag_of(sdt))
        if parsed is not None:
            return parsed
    return None


def _heading_markers(blocks: Sequence[_Block], covered: set[int]) -> dict[int, Marker]:
    """Block index → clause, for the heading paragraphs carrying a clause content control."""
    found: dict[int, Marker] = {}
    for index, block in enumerate(blocks):
        if index not in covered and block.element.tag == _P:
            marker = _heading_marker(block.element)
            if marker is not None:
                found[index] = marker
    return found


def body_blocks(root: Element) -> list[Element]:
    """The body-level paragraphs and tables of a document (through content controls)."""
    return [block.element for block in _walk(_body(root), None)]


def _section_of(element: Element) -> int | None:
    for start in element.iter(_BM_START):
        parsed = parse_bookmark(start.get(_NAME))
        if parsed is not None:
            return parsed[2]
    return None


# ---------------------------------------------------------------- 1. content controls


def _sdt_spans(blocks: Sequence[_Block]) -> tuple[list[tuple[int, ClauseSpan]], set[int]]:
    """Spans of the clause content controls (with their first block's index), and the
    indexes of every block they cover."""
    found: list[tuple[int, ClauseSpan]] = []
    covered: set[int] = set()
    current: ClauseSpan | None = None
    current_sdt: Element | None = None
    for index, block in enumerate(blocks):
        if block.marker is None:
            current, current_sdt = None, None
            continue
        if current is None or block.sdt is not current_sdt:
            current = ClauseSpan(block.marker[0], block.marker[1], _section_of(block.element))
            current_sdt = block.sdt
            found.append((index, current))
        current.elements.append(block.element)
        covered.add(index)
    return found, covered


# ---------------------------------------------------------------- 2. bookmarks


@dataclass
class _Bookmarks:
    """Where each clause bookmark (by name) first starts and last ends, in block indexes."""

    first_start: dict[str, int] = field(default_factory=dict)
    last_end: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Sequence[_Block]) -> _Bookmarks:
        found = cls()
        id_names: dict[str, str] = {}
        ends: list[tuple[int, str]] = []
        for index, block in enumerate(blocks):
            for node in block.element.iter(_BM_START, _BM_END):
                if node.tag == _BM_END:
                    ends.append((index, node.get(_ID) or ""))
                    continue
                name = node.get(_NAME) or ""
                if parse_bookmark(name) is None:
                    continue
                id_names[node.get(_ID) or ""] = name
                if name not in found.first_start:
                    found.first_start[name] = index
                    found.order.append(name)
        for index, bm_id in ends:
            name = id_names.get(bm_id)
            if name is not None and index >= found.first_start[name]:
                found.last_end[name] = max(index, found.last_end.get(name, index))
        return found


def _bookmark_spans(
    blocks: Sequence[_Block],
    covered: set[int],
    have_sections: set[int],
    heads: Mapping[int, Marker],
) -> list[tuple[int, ClauseSpan]]:
    """Spans of clause bookmarks and heading markers outside any block content control: a
    heading marker gives its clause's full id and version, the bookmark its extent."""
    marks = _Bookmarks.of(blocks)
    starts = sorted(set(marks.first_start.values()) | set(heads))

    def limit_of(begin: int) -> int:
        after = bisect.bisect_right(starts, begin)
        return starts[after] - 1 if after < len(starts) else len(blocks) - 1

    def elements(begin: int, stop: int) -> list[Element]:
        return [blocks[i].element for i in range(begin, stop + 1) if i not in covered]

    found: list[tuple[int, ClauseSpan]] = []
    placed: set[int] = set()
    for name in marks.order:
        parsed = parse_bookmark(name)
        assert parsed is not None  # only parsed names are recorded
        cid, version, section = parsed
        begin = marks.first_start[name]
        if section in have_sections or begin in covered:
            continue
        limit = limit_of(begin)
        stop = min(marks.last_end.get(name, limit), limit)
        span = ClauseSpan(cid, version, section, elements(begin, stop), "bookmark")
        if begin in heads and begin not in placed:
            span.clause_id, span.version = heads[begin]
            span.source = "sdt"
        found.append((begin, span))
        placed.add(begin)
    for begin, (head_id, head_version) in heads.items():
        if begin not in placed:  # a heading marker whose bookmark is gone
            span = ClauseSpan(head_id, head_version, None, elements(begin, limit_of(begin)))
            found.append((begin, span))
    return found


# ---------------------------------------------------------------- 3. the manifest


def _manifest_entries(manifest: Manifest | None) -> dict[int, Mapping[str, Any]]:
    entries: dict[int, Mapping[str, Any]] = {}
    for entry in (manifest or {}).get("clauses", []) or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("section"), int):
            entries[entry["section"]] = entry
    return entries


def _complete(spans: list[ClauseSpan], manifest: Manifest | None) -> None:
    """Cut bookmark ids (and missing versions) completed from the manifest, by section."""
    entries = _manifest_entries(manifest)
    for span in spans:
        entry = entries.get(span.section) if span.section is not None else None
        if entry and str(entry.get("id", "")).startswith(span.clause_id):
            span.clause_id = str(entry["id"])
            if span.version is None and isinstance(entry.get("version"), int):
                span.version = entry["version"]


# ---------------------------------------------------------------- the mapper


def clause_spans(document_root: Element, manifest: Manifest | None = None) -> list[ClauseSpan]:
    """Every clause in a document (``w:document`` or ``w:body``), in document order.

    Content controls tagged ``mou:clause:…`` come first (block-level ones holding a clause,
    empty ones in the heading naming it); clauses without one are recovered from ``mou_…``
    bookmarks. With ``manifest`` (see :mod:`.properties`), section numbers and cut bookmark
    ids are completed from it.
    """
    blocks = list(_walk(_body(document_root), None))
    found, covered = _sdt_spans(blocks)
    have_sections = {s.section for _, s in found if s.section is not None}
    heads = _heading_markers(blocks, covered)
    found += _bookmark_spans(blocks, covered, have_sections, heads)
    found.sort(key=lambda pair: pair[0])
    spans = [span for _, span in found]
    _complete(spans, manifest)
    return spans


def unmapped_blocks(blocks: Sequence[Element], spans: Sequence[ClauseSpan]) -> list[Gap]:
    """The runs of ``blocks`` (see :func:`body_blocks`) that no span holds, each with the
    clause before and after it: where text matching can place what markers did not."""
    owner = {id(el): span.clause_id for span in spans for el in span.elements}
    gaps: list[Gap] = []
    previous: str | None = None
    for index, element in enumerate(blocks):
        clause = owner.get(id(element))
        last = gaps[-1] if gaps else None
        touching = last is not None and last.start + len(last.elements) == index
        if clause is not None:
            if last is not None and touching:
                last.before = clause
            previous = clause
            continue
        if last is not None and touching:
            last.elements.append(element)
        else:
            gaps.append(Gap(index, [element], previous, None))
    return gaps


# --------------------------------------------------------------------------- 3. text matching
# Blocks without a clause marker, placed by matching their reject-all text against the
# spec's assembled clauses (exact first, then difflib ratio over candidates).

# (normalised text, section, is heading)
_Target = tuple[str, "Section", bool]
_Hit = tuple["Section", bool]


def map_by_text(doc: ReturnedDocument, agreement: Agreement, threshold: float = 0.6) -> None:
    """Place blocks without a clause marker by matching their reject-all text against the
    spec's assembled clauses (exact first, then difflib ratio over candidates)."""
    targets, exact = _targets(doc, agreement)
    if not targets:
        return
    matched = False
    for block in doc.blocks:
        if block.clause is not None:
            continue
        text = squeeze_spaces("\n".join(doc.block_texts([block])))
        if not text:
            continue
        hit = exact.get(text) or _closest(text, targets, threshold)
        if hit is None:
            continue
        section, heading = hit
        block.clause, block.version, block.section = (
            section.clause_id,
            section.version,
            section.number,
        )
        block.heading = heading
        matched = True
    _fill_between(doc.blocks)
    doc.marked = doc.marked or matched


def _targets(doc: ReturnedDocument, agreement: Agreement) -> tuple[list[_Target], dict[str, _Hit]]:
    """The headings and paragraphs of the clauses no marker placed."""
    known = {b.clause for b in doc.blocks if b.clause}
    targets: list[_Target] = []
    exact: dict[str, _Hit] = {}
    for section in agreement.sections:
        if section.clause_id in known:
            continue
        lines = [(section.title, True)] + [(b.text, False) for b in section.blocks]
        for text, heading in lines:
            key = squeeze_spaces(text)
            if key:
                targets.append((key, section, heading))
                exact.setdefault(key, (section, heading))
    return targets, exact


def _closest(text: str, targets: list[_Target], threshold: float) -> _Hit | None:
    best: _Hit | None = None
    best_ratio = threshold
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)
    for key, section, heading in targets:
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = (section, heading), ratio
    return best


def _fill_between(blocks: list[Block]) -> None:
    """Blocks between two matched blocks of one clause belong to it; so do blocks between a
    clause and the next clause's heading (a paragraph the other party added)."""
    last: Block | None = None
    pending: list[Block] = []
    for block in blocks:
        if block.clause is None:
            if last is not None:
                pending.append(block)
            continue
        if last is not None and (block.clause == last.clause or block.heading):
            for item in pending:
                item.clause, item.version, item.section = last.clause, last.version, last.section
        pending = []
        last = block
