"""Clause markers in built documents: how a returned .docx is mapped back to clause ids.

Marker scheme (written by :mod:`mou_builder.ooxml.writer`, read here):

1. **Content control (primary).** Each clause is one block-level ``w:sdt`` in the body::

       <w:sdt>
         <w:sdtPr>
           <w:alias w:val="Section 3. Data sharing"/>
           <w:tag w:val="mou:clause:data-sharing@2"/>
           <w:id w:val="1003"/>            <!-- 1000 + section number: no random ids -->
         </w:sdtPr>
         <w:sdtContent>
           <w:p>heading (Heading 1, numbered)</w:p>
           <w:p>body ...</w:p> <w:tbl>...</w:tbl> ...
         </w:sdtContent>
       </w:sdt>

   The tag is ``mou:clause:<id>@<version>`` (:func:`clause_tag` / :func:`parse_tag`).

2. **Bookmark (fallback).** Inside the same content, a bookmark spans the clause: its
   ``w:bookmarkStart`` is the first child of the heading paragraph and its ``w:bookmarkEnd``
   the last child of the clause's last paragraph (or of the last paragraph of its last table).
   Word limits bookmark names to 40 characters of letters, digits and ``_``, so the name is
   ``mou_<section>_<version>_<id>`` with each ``-`` of the clause id written as ``_`` (clause
   ids never contain ``_``, so this decodes uniquely): ``mou_3_2_data_sharing``. An id too long
   for the limit is cut; pass the document's manifest to :func:`clause_spans` and the full id
   is taken from the manifest entry for that section number. Bookmarks survive editing in Word
   when a user removes content controls, and survive LibreOffice round trips.

What LibreOffice 7.4 does on a .docx round trip (checked by tests/test_build_soffice.py): it
turns each block content control into an inline one on the heading and drops its tag, and it
writes each bookmark as a start without an end on the heading plus a second start/end pair of
the same name in the clause's last paragraph. Bookmarks are therefore read by name: a clause
runs from the first start of its name to the last end of any bookmark of that name (and never
past the next clause's start).

:func:`clause_spans` reads content controls first; clauses whose content control was lost are
recovered from their bookmarks. Paragraphs outside any clause (cover, signature page) are not
part of any span.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from .ns import w

TAG_PREFIX = "mou:clause:"
BOOKMARK_PREFIX = "mou_"
BOOKMARK_LIMIT = 40
SDT_ID_BASE = 1000

_TAG_RE = re.compile(r"^mou:clause:(?P<id>[^@\s]+)(?:@(?P<version>\d+))?$")
_BOOKMARK_RE = re.compile(r"^mou_(?P<section>\d+)_(?P<version>\d+)_(?P<id>[A-Za-z0-9_]+)$")

_P = w("p")
_TBL = w("tbl")
_SDT = w("sdt")
_SDT_PR = w("sdtPr")
_SDT_CONTENT = w("sdtContent")
_TAG = w("tag")
_VAL = w("val")
_NAME = w("name")
_ID = w("id")
_BODY = w("body")
_BM_START = w("bookmarkStart")
_BM_END = w("bookmarkEnd")


@dataclass
class ClauseSpan:
    """One clause found in a document: its id, version, section number and elements."""

    clause_id: str
    version: int | None
    section: int | None
    elements: list[Any] = field(default_factory=list)  # w:p / w:tbl, heading first
    source: Literal["sdt", "bookmark"] = "sdt"

    @property
    def heading(self) -> Any | None:
        return self.elements[0] if self.elements else None


def clause_tag(clause_id: str, version: int | None) -> str:
    """``clause_tag("purpose", 1)`` → ``"mou:clause:purpose@1"``."""
    if version is None:
        return f"{TAG_PREFIX}{clause_id}"
    return f"{TAG_PREFIX}{clause_id}@{version}"


def parse_tag(tag: str | None) -> tuple[str, int | None] | None:
    """``"mou:clause:purpose@1"`` → ``("purpose", 1)``; anything else → None."""
    if not tag:
        return None
    match = _TAG_RE.match(tag.strip())
    if not match:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def bookmark_name(clause_id: str, version: int, section: int) -> str:
    """The fallback bookmark name for a clause (at most 40 characters)."""
    name = f"{BOOKMARK_PREFIX}{section}_{version}_{clause_id.replace('-', '_')}"
    return name[:BOOKMARK_LIMIT].rstrip("_")


def parse_bookmark(name: str | None) -> tuple[str, int, int] | None:
    """``"mou_3_2_data_sharing"`` → ``("data-sharing", 2, 3)`` (id, version, section)."""
    if not name:
        return None
    match = _BOOKMARK_RE.match(name)
    if not match:
        return None
    return (
        match.group("id").replace("_", "-"),
        int(match.group("version")),
        int(match.group("section")),
    )


def sdt_id(section: int) -> int:
    return SDT_ID_BASE + section


def _tag_of(sdt: Any) -> str | None:
    pr = sdt.find(_SDT_PR)
    if pr is None:
        return None
    tag = pr.find(_TAG)
    return tag.get(_VAL) if tag is not None else None


def _body(root: Any) -> Any:
    if root.tag == _BODY:
        return root
    body = root.find(_BODY)
    return body if body is not None else root


def _blocks(
    container: Any,
    marker: tuple[str, int | None] | None,
    owner: Any = None,
) -> Iterator[tuple[Any, tuple[str, int | None] | None, Any]]:
    """Yield (block element, clause tag or None, the sdt it came from) in document order."""
    for child in container:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child, marker, owner
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is None:
                continue
            parsed = parse_tag(_tag_of(child))
            if parsed is not None and marker is None:
                yield from _blocks(content, parsed, child)
            else:
                yield from _blocks(content, marker, owner)


def _section_of(element: Any) -> int | None:
    for start in element.iter(_BM_START):
        parsed = parse_bookmark(start.get(_NAME))
        if parsed is not None:
            return parsed[2]
    return None


def clause_spans(document_root: Any, manifest: dict[str, Any] | None = None) -> list[ClauseSpan]:
    """Every clause in a document (``w:document`` or ``w:body``), in document order.

    Content controls tagged ``mou:clause:…`` come first; clauses without one are recovered
    from ``mou_…`` bookmarks. With ``manifest`` (see :mod:`.properties`), section numbers and
    cut bookmark ids are completed from it.
    """
    by_section: dict[int, dict[str, Any]] = {}
    if manifest:
        for entry in manifest.get("clauses", []):
            if isinstance(entry, dict) and isinstance(entry.get("section"), int):
                by_section[entry["section"]] = entry

    blocks = list(_blocks(_body(document_root), None))
    spans: list[ClauseSpan] = []
    # ---- pass 1: content controls
    current: ClauseSpan | None = None
    current_sdt: Any = None
    covered: set[int] = set()  # indexes of blocks already inside an sdt span
    for index, (element, mark, sdt) in enumerate(blocks):
        if mark is None:
            current, current_sdt = None, None
            continue
        if current is None or sdt is not current_sdt:
            section = _section_of(element)
            current = ClauseSpan(mark[0], mark[1], section, [], "sdt")
            current_sdt = sdt
            spans.append(current)
        current.elements.append(element)
        covered.add(index)
    # ---- pass 2: bookmarks for clauses whose content control is gone
    firsts = {id(s.elements[0]) for s in spans if s.elements}
    positions = {id(e): i for i, (e, _, _) in enumerate(blocks) if id(e) in firsts}
    found: list[tuple[int, ClauseSpan]] = [(positions.get(id(s.elements[0]), -1), s) for s in spans]
    have_sections = {s.section for s in spans if s.section is not None}
    # Bookmarks by name: LibreOffice may split one bookmark into several with the same name
    # (a start without an end on the heading, then a start/end pair in the last paragraph).
    first_start: dict[str, int] = {}
    last_end: dict[str, int] = {}
    id_names: dict[str, str] = {}
    ends: list[tuple[int, str]] = []
    order: list[str] = []
    for index, (element, _, _) in enumerate(blocks):
        for node in element.iter(_BM_START, _BM_END):
            if node.tag == _BM_START:
                name = node.get(_NAME) or ""
                if parse_bookmark(name) is None:
                    continue
                id_names[node.get(_ID) or ""] = name
                if name not in first_start:
                    first_start[name] = index
                    order.append(name)
            else:
                ends.append((index, node.get(_ID) or ""))
    for index, bm_id in ends:
        name = id_names.get(bm_id)
        if name is not None and index >= first_start[name]:
            last_end[name] = max(index, last_end.get(name, index))
    starts_sorted = sorted(first_start.values())
    for name in order:
        cid, version, section = parse_bookmark(name)  # type: ignore[misc]
        begin = first_start[name]
        if section in have_sections or begin in covered:
            continue
        after = bisect.bisect_right(starts_sorted, begin)
        limit = starts_sorted[after] - 1 if after < len(starts_sorted) else len(blocks) - 1
        stop = min(last_end.get(name, limit), limit)
        elements = [blocks[i][0] for i in range(begin, stop + 1) if i not in covered]
        found.append((begin, ClauseSpan(cid, version, section, elements, "bookmark")))
    found.sort(key=lambda pair: pair[0])
    result = [span for _, span in found]
    if by_section:
        for span in result:
            entry = by_section.get(span.section) if span.section is not None else None
            if entry and str(entry.get("id", "")).startswith(span.clause_id):
                span.clause_id = str(entry["id"])
                if span.version is None and isinstance(entry.get("version"), int):
                    span.version = entry["version"]
    return result
