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


#: fields whose result an editor recomputes (a page number is no edit)
VOLATILE = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "DATE", "TIME", "FILENAME"})


def _field_results(root: Element) -> list[tuple[str, list[Element]]]:
    """(field name, its result's w:t elements) of each outermost complex field."""
    found: list[tuple[str, list[Element]]] = []
    depth, name, in_result = 0, "", False
    for el in root.iter(w("fldChar"), w("instrText"), w("t")):
        kind = el.get(w("fldCharType"))
        if el.tag == w("fldChar") and kind == "begin":
            depth += 1
            if depth == 1:
                name, in_result = "", False
        elif el.tag == w("fldChar") and kind == "separate" and depth == 1:
            in_result = True
            found.append((name.split()[0].upper() if name.split() else "", []))
        elif el.tag == w("fldChar") and kind == "end" and depth:
            depth -= 1
            in_result = in_result and depth > 0
        elif el.tag == w("instrText") and depth == 1 and not in_result:
            name += el.text or ""
        elif el.tag == w("t") and in_result and depth == 1:
            found[-1][1].append(el)
    return found


def _settle_volatile_fields(old: Element, new: Element) -> None:
    """OLD's page numbers, dates and file names read as NEW's (both scratch comparisons
    see them equal; OLD's tree is never written)."""
    olds, news = _field_results(old), _field_results(new)
    if [n for n, _ in olds] != [n for n, _ in news]:
        return
    for (field, old_ts), (_, new_ts) in zip(olds, news, strict=True):
        if field in VOLATILE and len(old_ts) == len(new_ts):
            for o, n in zip(old_ts, new_ts, strict=True):
                o.text = n.text


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
        _settle_volatile_fields(old_part, new_part)
        if _texts(old_part) == _texts(new_part):
            continue
        redline(old_part, new_part, rev)
        changed[name] = etree.tostring(
            new_part, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    return changed
