"""Headers and footers in a redline: each compared with OLD's of the same kind and tracked.

They are paired by section and kind (``w:headerReference``/``w:footerReference`` ``w:type``:
default, first, even) and redlined like the body, in NEW's own header and footer parts.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.etree import _Element as Element

from ..ns import R, w
from ..safezip import Package
from ..text import block_text
from .resolve import accept_all
from .track import Revisions

RELS = "word/_rels/document.xml.rels"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REFERENCES = (w("headerReference"), w("footerReference"))


def _targets(package: Package) -> dict[str, str]:
    """Relationship id -> part name of the main document's relationships."""
    if not package.has(RELS):
        return {}
    found = {}
    for rel in package.xml(RELS).iter(_PKG_RELS):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") != "External" and rel.get("Id"):
            found[rel.get("Id")] = (
                target.lstrip("/") if target.startswith("/") else f"word/{target}"
            )
    return found


def _parts(package: Package, root: Element) -> dict[tuple[int, str, str], str]:
    """(section index, reference element, kind) -> header/footer part name."""
    targets = _targets(package)
    found: dict[tuple[int, str, str], str] = {}
    for index, sect in enumerate(root.iter(w("sectPr"))):
        for ref in sect:
            if ref.tag in _REFERENCES:
                part = targets.get(ref.get(f"{{{R}}}id") or "")
                if part and package.has(part):
                    found[(index, str(ref.tag), ref.get(w("type")) or "default")] = part
    return found


def _texts(root: Element) -> list[str]:
    return [block_text(b) for b in root.iter(w("p"), w("tbl"))]


def redline_headers(
    old: Package,
    new: Package,
    old_root: Element,
    new_root: Element,
    rev: Revisions,
    redline: Callable[[Element, Element, Revisions], object],
) -> dict[str, bytes]:
    """NEW's header and footer parts that differ from OLD's, with the changes tracked."""
    from lxml import etree

    old_parts, new_parts = _parts(old, old_root), _parts(new, new_root)
    changed: dict[str, bytes] = {}
    for key, name in new_parts.items():
        source = old_parts.get(key)
        if source is None or name in changed:
            continue
        old_part, new_part = accept_all(old.xml(source)), accept_all(new.xml(name))
        if _texts(old_part) == _texts(new_part):
            continue
        redline(old_part, new_part, rev)
        changed[name] = etree.tostring(
            new_part, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    return changed
