"""What a tagged PDF (PDF/UA) of a built document is made from, put into the Word XML.

LibreOffice tags a PDF from the document's own structure, so the document must carry it:

- **language**: ``w:lang`` of the document defaults in ``word/styles.xml`` (the PDF's
  ``/Lang``); every build names it (:data:`DEFAULT_LANGUAGE` unless told otherwise);
- **title**: ``dc:title`` in the core properties (written by the builder), shown as the
  window title;
- **headings by level**: outline levels, not looks. The agreement's title (the ``Title``
  style) is level 1 (H1), each numbered section level 2 (H2, :data:`SECTION_LEVEL`), a
  part under it level 3 (H3); the bookmarks follow the same outline;
- **tables**: the header row repeats (``w:tblHeader``), so its cells are TH;
- **images**: alternative text (``wp:docPr/@descr``); a template picture without one is
  refused when the template is compiled (:func:`check_image_alt_text`), since the PDF
  could not describe it.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UsageError
from ...model.language import GOVERNING, TAGS
from ..ns import W
from ..package import Raw
from .compiled import CompiledTemplate, template_error

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from ..safezip import Package

#: the language tag a document is written in unless the build names another
DEFAULT_LANGUAGE = TAGS[GOVERNING]

#: outline level (``w:outlineLvl``, 0-based) of the numbered section headings: H2
SECTION_LEVEL = 1

#: outline level of a part under the sections' level (the board approval block): H3
SUBPART_LEVEL = 2

STYLES_PART = "word/styles.xml"

_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

_DEFAULT_LANG = re.compile(
    r'(<(?:[\w.-]+:)?docDefaults\b.*?<(?:[\w.-]+:)?lang\b[^>]*?\b(?:[\w.-]+:)?val=")([^"]*)(")',
    re.DOTALL,
)


def outline(level: int) -> str:
    """The ``w:outlineLvl`` element of a heading paragraph (goes after ``w:numPr``)."""
    return f'<w:outlineLvl w:val="{level}"/>'


# ----------------------------------------------------------------------------- per build


def styles_for_language(tpl: CompiledTemplate, language: str) -> bytes | None:
    """``word/styles.xml`` with the document language ``language`` (a BCP 47 tag such as
    ``es-US``, or one of mou's language codes, ``es``, for its tag), or None when the
    compiled template already has it (the common case)."""
    language = TAGS.get(language, language)
    if not _TAG.fullmatch(language):
        raise UsageError(f"not a language tag: {language!r} (expected e.g. en-US or es-US)")
    if language == DEFAULT_LANGUAGE:
        return None
    data = tpl.parts[STYLES_PART]
    if isinstance(data, Raw):
        data = zlib.decompressobj(-15).decompress(data.payload) if data.method else data.payload
    text = data.decode("utf-8")
    changed, count = _DEFAULT_LANG.subn(lambda m: f"{m.group(1)}{language}{m.group(3)}", text, 1)
    if not count:  # pragma: no cover - prepare_styles always writes the default language
        raise ValueError("styles part without a default language")
    return changed.encode("utf-8")


# ------------------------------------------------------------------------ at compile time


def prepare_tagging(styles: Element) -> bool:
    """Give a template's styles what tagging needs: the default language
    (:data:`DEFAULT_LANGUAGE`, so a build need not touch the part) and the ``Title`` style as
    a level-1 heading when the template gave it no outline level. True if anything changed."""
    from lxml import etree

    changed = False
    defaults = _child(styles, "docDefaults", first=True)
    rpr = _child(_child(defaults, "rPrDefault", first=True), "rPr")
    lang = rpr.find(f"{{{W}}}lang")
    if lang is None:
        lang = etree.SubElement(rpr, f"{{{W}}}lang")
    if lang.get(f"{{{W}}}val") != DEFAULT_LANGUAGE:
        lang.set(f"{{{W}}}val", DEFAULT_LANGUAGE)
        changed = True
    for style in styles.iter(f"{{{W}}}style"):
        name = style.find(f"{{{W}}}name")
        if name is None or (name.get(f"{{{W}}}val") or "").lower() != "title":
            continue
        ppr = style.find(f"{{{W}}}pPr")
        if ppr is None:
            ppr = etree.Element(f"{{{W}}}pPr")
            _before(style, ppr, ("rPr", "tblPr", "trPr", "tcPr", "tblStylePr"))
        if ppr.find(f"{{{W}}}outlineLvl") is None:
            level = etree.Element(f"{{{W}}}outlineLvl")
            level.set(f"{{{W}}}val", "0")
            _before(ppr, level, ("divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))
            changed = True
    return changed


def _child(parent: Element, name: str, *, first: bool = False) -> Element:
    from lxml import etree

    found = parent.find(f"{{{W}}}{name}")
    if found is None:
        found = etree.Element(f"{{{W}}}{name}")
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _before(parent: Element, element: Element, successors: tuple[str, ...]) -> None:
    """Insert ``element`` into ``parent`` before the first of ``successors`` (schema order)."""
    for child in parent:
        if isinstance(child.tag, str) and child.tag.removeprefix(f"{{{W}}}") in successors:
            child.addprevious(element)
            return
    parent.append(element)


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_V = "urn:schemas-microsoft-com:vml"
_PICTURE = "http://schemas.openxmlformats.org/drawingml/2006/picture"


@dataclass(frozen=True)
class Picture:
    name: str  # as Word shows it ("Picture 1")
    alt: str  # the alternative text ("" if none)
    rid: str | None  # its image's relationship id


def check_image_alt_text(package: Package, path: Path) -> None:
    """Refuse a template with a picture (in the body, a header, a footer, a note) that has
    no alternative text; the error names the picture, its file and the part it is in."""
    stories = sorted(
        name
        for name in package.parts
        if name.startswith("word/") and name.endswith(".xml") and name.count("/") == 1
    )
    for part in stories:
        for picture in _pictures(package.xml(part)):
            if picture.alt.strip():
                continue
            raise template_error(
                path,
                f"{part}: picture '{picture.name}'{_media_of(package, part, picture.rid)} "
                "has no alternative text",
                "add a description to it (in Word: right-click the picture, View Alt Text) "
                "or remove it; a tagged PDF must describe every image",
            )


def _pictures(root: Element) -> list[Picture]:
    """The pictures of a part: DrawingML ones (``wp:docPr/@descr``; text boxes, charts and
    shapes have a ``wp:docPr`` too, but are no pictures) and legacy VML ones (``v:shape/@alt``
    around a ``v:imagedata``, as in documents converted from .doc)."""
    found = []
    for prop in root.iter(f"{{{_WP}}}docPr"):
        drawing = prop.getparent()  # wp:inline or wp:anchor
        data = None if drawing is None else drawing.find(f"{{{_A}}}graphic/{{{_A}}}graphicData")
        if data is not None and data.get("uri") == _PICTURE:
            blip = data.find(f".//{{{_A}}}blip")
            name = prop.get("name") or f"id {prop.get('id', '?')}"
            rid = blip.get(f"{{{_R}}}embed") if blip is not None else None
            found.append(Picture(name, prop.get("descr") or "", rid))
    for image in root.iter(f"{{{_V}}}imagedata"):
        shape = image.getparent()
        if shape is not None:
            name = shape.get("id") or "VML picture"
            found.append(Picture(name, shape.get("alt") or "", image.get(f"{{{_R}}}id")))
    return found


def _media_of(package: Package, part: str, rid: str | None) -> str:
    """`` (word/media/image1.png)``: the image file behind a relationship id, or ""."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels"
    if not rid or not package.has(rels):
        return ""
    for rel in package.xml(rels):
        if rel.get("Id") == rid:
            target = (rel.get("Target") or "").lstrip("/")
            return f" ({target if target.startswith('word/') else folder + '/' + target})"
    return ""
