"""The other stories walked like the body: every header, footer, footnote, endnote and
comment is read with the body's checks (hidden formatting, data-bound controls, altChunk,
alternate content, fields, text boxes, ignorable content), each finding named by its part
and placed in the block that refers to it (a note, a comment), or in none (a header or a
footer, on every page)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element as Element

from ..safezip import Package
from .model import Unseen
from .stories import NOTE_PARTS, story_parts
from .tags import ID, w
from .unread import ignorable_namespaces
from .walk import Walker

COMMENTS = "word/comments.xml"
#: the block of a story in no block (headers and footers)
NOWHERE = -1


def story_unseen(package: Package, main: Walker) -> list[Unseen]:
    """What a reader sees otherwise than mou reads in every story but the body."""
    names = story_parts(package) + ([COMMENTS] if package.has(COMMENTS) else [])
    found: list[Unseen] = []
    for name in names:
        root = package.xml(name)
        ignorable = ignorable_namespaces(root) | main.ignorable
        for story, block in _stories(name, root, main):
            walker = Walker(ignorable, main.styles, main.background)
            walker.body(story)
            for item in walker.unseen:
                item.block, item.part = block, name
            found.extend(walker.unseen)
    return found


def _stories(name: str, root: Element, main: Walker) -> Iterator[tuple[Element, int]]:
    """(story element, block it belongs to) in one part."""
    note = NOTE_PARTS.get(name)
    if note is not None:
        for item in root:
            if item.get(w("type")) in ("separator", "continuationSeparator"):
                continue
            yield item, main.note_refs.get((note, item.get(ID) or ""), NOWHERE)
    elif name == COMMENTS:
        for comment in root.iter(w("comment")):
            yield comment, main.anchor_block.get(comment.get(ID) or "", NOWHERE)
    else:
        yield root, NOWHERE


def package_unseen(package: Package) -> list[str]:
    """What a reader of ``package`` sees otherwise than mou reads it, in every story, one
    line each (a template's, which every document built in it carries)."""
    from .document import read_package

    return [
        f"{item.kind} in {item.part} ({item.detail})"
        + (f': "{item.text[:60]}"' if item.text.strip() else "")
        for item in read_package(package).unseen
    ]
