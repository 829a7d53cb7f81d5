"""Block content controls in a redline: clause controls unwrapped, plain-text ones made rich.

LibreOffice 7.4 imports the first paragraph of a block content control (a clause heading)
as an input field and drops the tracked changes inside it, and imports a plain-text control
as an input field too: :mod:`.redlining` calls these on its output.
"""

from __future__ import annotations

from lxml.etree import _Element as Element

from .docmodel import BODY, SDT, SDT_CONTENT, P
from .markers import parse_tag
from .ns import w

_TRACKED = tuple(w(t) for t in ("ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange"))


def unwrap_clause_controls(root: Element, tracked: bool = False) -> int:
    """Replace every clause content control by its content: a block-level one by the clause,
    a heading's empty marker by nothing (``tracked``: and any other block-level one holding
    tracked changes, which LibreOffice 7.4 drops from its first paragraph); returns the
    count."""
    count = 0
    parents = {
        id(sdt.getparent()): sdt.getparent()
        for sdt in root.iter(SDT)
        if sdt.getparent() is not None and sdt.getparent().tag in (BODY, SDT_CONTENT, P)
    }
    for parent in parents.values():
        children: list[Element] = []
        changed = False
        for child in parent:
            if child.tag == SDT and (
                _is_clause_control(child) or (tracked and parent.tag != P and _holds_changes(child))
            ):
                children.extend(child.find(SDT_CONTENT))
                changed = True
                count += 1
            else:
                children.append(child)
        if changed:
            parent[:] = children
    return count


def rich_text_controls(root: Element) -> int:
    """Plain-text content controls holding tracked changes become rich-text ones (their
    ``w:text`` flag dropped): LibreOffice imports a plain-text control as an input field
    and loses the changes inside it. Returns the count."""
    count = 0
    for sdt in root.iter(SDT):
        flag = sdt.find(f"{w('sdtPr')}/{w('text')}")
        content = sdt.find(SDT_CONTENT)
        if flag is None or content is None:
            continue
        if next(content.iter(*_TRACKED[:4]), None) is not None:
            flag.getparent().remove(flag)
            count += 1
    return count


def _holds_changes(sdt: Element) -> bool:
    content = sdt.find(SDT_CONTENT)
    return content is not None and next(content.iter(*_TRACKED), None) is not None


def _is_clause_control(sdt: Element) -> bool:
    tag = sdt.find(f"{w('sdtPr')}/{w('tag')}")
    return (
        tag is not None
        and sdt.find(SDT_CONTENT) is not None
        and parse_tag(tag.get(w("val"))) is not None
    )
