"""Pictures in deleted copies of OLD content: kept when NEW's package has the same image.

A deleted paragraph or row is a copy of OLD's XML; its pictures refer to images through
OLD's relationship ids. :func:`shared_images` maps each OLD image relationship to NEW's
relationship for the same image bytes, and :func:`keep_pictures` rewrites a copy's
pictures to NEW's ids (the picture stays inside the deletion, so Reject All brings it back)
or drops the pictures whose image NEW does not hold.
"""

from __future__ import annotations

import posixpath

from lxml.etree import _Element as Element

from ..safezip import Package

RELS = "word/_rels/document.xml.rels"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _images(package: Package) -> dict[str, str]:
    """Image relationship id -> digest of the image's bytes (internal targets only)."""
    if not package.has(RELS):
        return {}
    found: dict[str, str] = {}
    for rel in package.xml(RELS).iter(f"{{{_PKG_RELS}}}Relationship"):
        if rel.get("Type") != _IMAGE or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        name = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("word", target))
        )
        data = package.parts.get(name)
        if data is not None and rel.get("Id"):
            import hashlib  # here: most documents have no image, and loading it is not free

            found[rel.get("Id") or ""] = hashlib.sha256(data).hexdigest()
    return found


def shared_images(old: Package, new: Package) -> dict[str, str]:
    """OLD image relationship id -> NEW's id for the same image bytes."""
    by_digest: dict[str, str] = {}
    for rid, digest in sorted(_images(new).items()):
        by_digest.setdefault(digest, rid)
    return {rid: by_digest[d] for rid, d in _images(old).items() if d in by_digest}


def _references(picture: Element) -> list[tuple[Element, str, str]]:
    return [
        (el, attr, value)
        for el in picture.iter()
        if isinstance(el.tag, str)
        for attr, value in el.attrib.items()
        if attr.startswith(f"{{{R_NS}}}")
    ]


def keep_pictures(pictures: list[Element], images: dict[str, str]) -> list[Element]:
    """The pictures (``w:drawing``/``w:pict`` of a copy of OLD) that can stay, their image
    references rewritten to NEW's ids; the others are removed from the copy."""
    kept: list[Element] = []
    for picture in pictures:
        refs = _references(picture)
        parent = picture.getparent()
        if refs and all(value in images for _, _, value in refs):
            for el, attr, value in refs:
                el.set(attr, images[value])
            kept.append(picture)
        elif parent is not None:
            parent.remove(picture)
    return kept


def renumber(root: Element) -> None:
    """Drawing ids (``wp:docPr/@id``) made unique again after copies were put in."""
    seen: set[str] = set()
    ids = [el for el in root.iter(_WP_DOCPR)]
    top = max((int(v) for el in ids if (v := el.get("id", "")).isdigit()), default=0)
    for el in ids:
        value = el.get("id", "")
        if value in seen:
            top += 1
            el.set("id", str(top))
        seen.add(value)
