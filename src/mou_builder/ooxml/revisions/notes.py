"""Footnotes and endnotes in a redline: their text compared and tracked like body text.

References are text (:data:`..text.NOTE_MARK`), so a reference added or removed is tracked
where it stands; a removed reference (copied out of OLD, marked
:data:`.track.FROM_OLD`) gets a copy of OLD's note in NEW's notes part under a fresh id, so
Reject All shows OLD's note again. Notes present on both sides are paired by their text
(the same alignment as paragraphs) and their paragraphs redlined in place.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree
from lxml.etree import _Element as Element

from ...compare.worddiff import align_blocks
from ..ns import w
from ..text import paragraph_text
from .resolve import accept_all
from .track import FROM_OLD, Revisions, sanitize_foreign

#: (part, reference element, note element)
NOTE_KINDS = (
    ("word/footnotes.xml", w("footnoteReference"), w("footnote")),
    ("word/endnotes.xml", w("endnoteReference"), w("endnote")),
)
ID, TYPE = w("id"), w("type")


def _notes(root: Element | None, tag: str) -> list[Element]:
    """The real notes of a notes part (not its separators), in order."""
    if root is None:
        return []
    return [n for n in root.findall(tag) if n.get(TYPE) in (None, "normal")]


def _text(note: Element) -> str:
    return "\n".join(paragraph_text(p) for p in note.iter(w("p")))


def redline_notes(
    old_notes: Element | None,
    new_notes: Element | None,
    document: Element,
    rev: Revisions,
    kind: tuple[str, str, str],
    redline: Callable[[Element, Element, Revisions], object],
) -> bool:
    """Track in ``new_notes`` (in place) the differences from ``old_notes``; fix up the
    references in ``document`` copied from OLD. True when ``new_notes`` changed."""
    _, ref_tag, note_tag = kind
    changed = False
    if old_notes is not None:
        accept_all(old_notes)
    if new_notes is not None:
        accept_all(new_notes)
    olds, news = _notes(old_notes, note_tag), _notes(new_notes, note_tag)
    edits = align_blocks([_text(n) for n in olds], [_text(n) for n in news])
    for edit in edits:
        if edit.op == "modify" and edit.old is not None and edit.new is not None:
            redline(olds[edit.old], news[edit.new], rev)
            changed = True
    by_id = {n.get(ID): n for n in olds}
    for ref in list(document.iter(ref_tag)):
        if ref.get(FROM_OLD) is None:
            continue
        del ref.attrib[FROM_OLD]
        source = by_id.get(ref.get(ID))
        if source is None or new_notes is None:  # nowhere to put OLD's note
            run = ref.getparent()
            if run is not None:
                run.remove(ref)
            continue
        clone = sanitize_foreign(copy.deepcopy(source))
        for nested in clone.iter():
            nested.attrib.pop(FROM_OLD, None)
        fresh = 1 + max((int(n.get(ID) or 0) for n in new_notes.findall(note_tag)), default=0)
        clone.set(ID, str(fresh))
        new_notes.append(clone)
        ref.set(ID, str(fresh))
        etree.cleanup_namespaces(ref)
        changed = True
    if changed and new_notes is not None:
        _in_reference_order(new_notes, document, ref_tag, note_tag)
    return changed


def _in_reference_order(notes: Element, document: Element, ref_tag: str, note_tag: str) -> None:
    """Notes renumbered and ordered as their references stand in the document: LibreOffice
    gives the n-th reference the n-th note of the part, whatever the ids say."""
    by_id = {n.get(ID): n for n in _notes(notes, note_tag)}
    order: list[Element] = []
    for ref in document.iter(ref_tag):
        note = by_id.pop(ref.get(ID), None)
        if note is not None:
            order.append(note)
            ref.set(ID, str(len(order)))  # 1, 2, ... after the separators (-1, 0)
    order.extend(by_id.values())
    for note in order:
        notes.remove(note)
    for number, note in enumerate(order, start=1):
        note.set(ID, str(number))
        notes.append(note)


def empty_notes_part(old_notes: Element, note_tag: str) -> Element:
    """A notes part for NEW (which had none): OLD's with its separators only."""
    root = copy.deepcopy(old_notes)
    for note in _notes(root, note_tag):
        root.remove(note)
    return root


_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"


def add_notes_part(parts: dict[str, bytes], name: str) -> None:
    """Register ``word/footnotes.xml`` (or endnotes) in NEW's relationships and types."""
    kind = name.rsplit("/", 1)[1].removesuffix(".xml")  # footnotes | endnotes
    if _RELS in parts:
        rels = etree.fromstring(parts[_RELS])
        taken = {r.get("Id") for r in rels}
        rid = next(f"rIdMou{n}" for n in range(1, 1000) if f"rIdMou{n}" not in taken)
        rel = etree.SubElement(rels, f"{{{_PKG_RELS}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", _REL_TYPE + kind)
        rel.set("Target", f"{kind}.xml")
        parts[_RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    if _TYPES in parts:
        types = etree.fromstring(parts[_TYPES])
        override = etree.SubElement(types, f"{{{_CT}}}Override")
        override.set("PartName", f"/{name}")
        override.set("ContentType", _CONTENT.format(kind))
        parts[_TYPES] = etree.tostring(
            types, xml_declaration=True, encoding="UTF-8", standalone=True
        )
