"""Reading a returned .docx: the walk, the clause of every block, changes and comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml.etree import _Element as Element

from ..clausemap import ClauseSpan, clause_spans, clear_marker_placeholders
from ..properties import read_manifest
from ..safezip import Package, open_docx
from ..text import hiding_styles
from .changes import tracked_changes
from .comments import read_comments
from .model import Block, ReturnedDocument, Rev
from .numbers import numbering_unseen
from .stealth import story_unseen
from .tags import BODY, DOCUMENT, w
from .unread import bound_value, custom_items, ignorable_namespaces, settings_unseen
from .walk import Walker

SETTINGS, NUMBERING, STYLES = "word/settings.xml", "word/numbering.xml", "word/styles.xml"


def _part(package: Package, name: str) -> Any:
    return package.xml(name) if package.has(name) else None


def read_returned(path: Path | str) -> ReturnedDocument:
    """Open (safely) and read a returned document."""
    return read_package(open_docx(path))


def read_package(package: Package) -> ReturnedDocument:
    root = package.xml(DOCUMENT)
    manifest = read_manifest(package)
    clear_marker_placeholders(root)
    body = root.find(BODY)
    if body is None:
        body = root
    walker = Walker(
        ignorable_namespaces(root), hiding_styles(_part(package, STYLES)), _page_colour(root)
    )
    walker.body(body)
    walker.unseen.extend(story_unseen(package, walker))
    if package.has(SETTINGS):
        walker.unseen.extend(settings_unseen(package.xml(SETTINGS)))
    blocks = walker.blocks
    spans = clause_spans(root, manifest)
    _place(blocks, spans)
    _fill_gaps(blocks, walker.revs)
    _complete_sections(blocks, _manifest_sections(manifest))
    _bound_values(package, walker)
    if spans:
        walker.unseen.extend(
            numbering_unseen(blocks, _part(package, NUMBERING), _part(package, STYLES), walker.revs)
        )
    doc = ReturnedDocument(
        path=package.path,
        package=package,
        blocks=blocks,
        revs=walker.revs,
        changes=[],
        comments=[],
        manifest=manifest,
        marked=bool(spans),
        unseen=walker.unseen,
        note_refs=walker.note_refs,
    )
    doc.changes = tracked_changes(doc, walker)
    doc.comments = read_comments(package, walker)
    return doc


def _page_colour(root: Element) -> str | None:
    """The page colour (``w:background``) a reader sees text on, None for white."""
    found = root.find(w("background"))
    colour = found.get(w("color")) if found is not None else None
    return colour if colour and colour.lower() != "auto" else None


def _bound_values(package: Package, walker: Walker) -> None:
    """What a reader sees in each data-bound control: the bound customXml value."""
    bindings = [u for u in walker.unseen if u.binding is not None]
    if not bindings:
        return
    items = custom_items(package)
    for item in bindings:
        store, xpath, prefixes = item.binding or ("", "", "")
        value = bound_value(items, store, xpath, prefixes)
        if value is not None and value.strip() != item.text.strip():
            item.seen = f'"{value}" (the bound customXml value), not the text mou reads'


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
    party added at the end of a clause lands outside its markers), blocks inside one clause
    (nested in alternate content) to it; after the last clause,
    only paragraphs that are wholly tracked insertions do."""
    previous: Block | None = None
    gap: list[Block] = []
    for block in blocks:
        if block.clause is None:
            if previous is not None:
                gap.append(block)
            continue
        if gap and previous is not None and (block.heading or block.clause == previous.clause):
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
