"""Outputs built from a returned package carry only what a Word agreement needs.

:func:`clean_package` keeps parts on an allowlist (the document, its styles, numbering,
settings, theme, fonts, headers, footers, notes, comments, properties, images, thumbnails,
the glossary of building blocks, SmartArt diagrams, customXml items) and relationships of
allowlisted types pointing inside the package; it drops macros (``vbaProject.bin``),
ActiveX controls, embedded or linked OLE objects, attached templates, external
relationships of every kind, parts that declare a DOCTYPE, and the elements that refer to
what was dropped (``w:altChunk``, ``w:object``, ``w:control``, ``w:attachedTemplate``,
fields that fetch content: INCLUDEPICTURE, INCLUDETEXT, LINK ...). Each removal is listed,
for the command's report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.etree import _Element as Element

from .ns import PKG_REL, w
from .safezip import parse_xml

_KEEP = re.compile(
    r"^(\[Content_Types\]\.xml|_rels/\.rels|docProps/(core|app|custom)\.xml"
    r"|docProps/thumbnail\.(jpe?g|png|gif|bmp|emf|wmf)"
    r"|word/(glossary/)?(document|styles|stylesWithEffects|settings|webSettings|fontTable"
    r"|numbering|footnotes|endnotes|comments|commentsExtended|commentsIds|commentsExtensible"
    r"|people|header\d+|footer\d+)\.xml|word/theme/theme\d+\.xml"
    r"|word/(glossary/)?_rels/[\w.]+\.xml\.rels|word/theme/_rels/theme\d+\.xml\.rels"
    r"|word/diagrams/(data|layout|quickStyle|colors|drawing)\d+\.xml"
    r"|word/diagrams/_rels/(data|drawing)\d+\.xml\.rels"
    r"|(word/)?media/[\w.-]+\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|pdf|tmp)"
    r"|customXml/(item\d+|itemProps\d+)\.xml|customXml/_rels/item\d+\.xml\.rels)$",
    re.IGNORECASE,
)
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MS = "http://schemas.microsoft.com/office/"
_KEEP_TYPES = {
    _OD + t
    for t in (
        "officeDocument",
        "core-properties",
        "extended-properties",
        "custom-properties",
        "styles",
        "settings",
        "webSettings",
        "fontTable",
        "numbering",
        "footnotes",
        "endnotes",
        "comments",
        "header",
        "footer",
        "theme",
        "image",
        "customXml",
        "customXmlProps",
        "hyperlink",
        "glossaryDocument",
        "diagramData",
        "diagramLayout",
        "diagramQuickStyle",
        "diagramColors",
    )
} | {
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
}
_KEEP_PREFIXES = (
    _MS + "2007/relationships/stylesWithEffects",
    _MS + "2007/relationships/diagramDrawing",
    _MS + "2011/relationships/commentsExtended",
    _MS + "2011/relationships/people",
    _MS + "2016/09/relationships/commentsIds",
    _MS + "2018/08/relationships/commentsExtensible",
)
#: elements removed from story parts: they refer to content that is dropped
_DROP_ELEMENTS = tuple(w(t) for t in ("altChunk", "object", "control", "attachedTemplate"))
_FETCHING = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b", re.I)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: names of what :func:`_clean_story` removes or blanks; a part without any is left as is
_STORY_NAMES = (b"altChunk", b"object", b"control", b"attachedTemplate", b"instrText", b"fldSimple")
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([\w.-]+)")


@dataclass
class Cleaned:
    parts: dict[str, bytes]
    dropped: list[str] = field(default_factory=list)


def clean_package(
    parts: dict[str, bytes], source: str = "", written: frozenset[str] = frozenset()
) -> Cleaned:
    """``parts`` without anything off the allowlist (see the module docstring). Every XML
    part kept is well-formed, or :class:`DocumentError` names it (``source``: the document
    it came from); ``written``: parts mou has just serialised itself, taken as well-formed."""
    result = Cleaned({})
    for name, data in parts.items():
        if not _KEEP.match(name):
            result.dropped.append(f"{name} (not a part of an agreement)")
        elif b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
            result.dropped.append(f"{name} (declares a DOCTYPE)")
        else:
            result.parts[name] = data
    for name, data in list(result.parts.items()):
        where = f"{source}!{name}" if source else name
        if name.endswith(".rels"):
            result.parts[name] = _clean_rels(name, parse_xml(data, where), data, result)
        elif name.startswith("word/") and name.endswith(".xml"):
            if _may_hold(data):
                result.parts[name] = _clean_story(name, parse_xml(data, where), data, result)
            elif name not in written:
                parse_xml(data, where)  # copied as it is, so it must be readable
    if "[Content_Types].xml" in result.parts:
        data = result.parts["[Content_Types].xml"]
        where = f"{source}![Content_Types].xml" if source else "[Content_Types].xml"
        result.parts["[Content_Types].xml"] = _clean_types(parse_xml(data, where), data, result)
    return result


def _may_hold(data: bytes) -> bool:
    """False when a story part surely holds nothing :func:`_clean_story` removes: it is
    UTF-8 (or ASCII), so element names are spelled out in its bytes, and none is there."""
    declared = _DECLARED.match(data[:200])
    encoding = declared.group(1).lower() if declared else b"utf-8"
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or encoding not in (
        b"utf-8",
        b"utf8",
        b"us-ascii",
        b"ascii",
    ):
        return True
    return any(name in data for name in _STORY_NAMES)


def _serialise(root: Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clean_rels(name: str, root: Element, data: bytes, result: Cleaned) -> bytes:
    changed = False
    for rel in list(root.iter(f"{{{PKG_REL}}}Relationship")):
        kind, target = rel.get("Type") or "", rel.get("Target") or ""
        external = (rel.get("TargetMode") or "").lower() == "external"
        allowed = kind in _KEEP_TYPES or kind.startswith(_KEEP_PREFIXES)
        if external and kind.endswith("/hyperlink") and target.startswith(("http", "mailto:")):
            continue  # a link a reader clicks; nothing is fetched on opening
        if external or not allowed:
            why = "external" if external else "relationship type not allowed"
            result.dropped.append(f"{name}: {kind.rsplit('/', 1)[-1]} → {target} ({why})")
            root.remove(rel)
            changed = True
    return _serialise(root) if changed else data


def _clean_story(name: str, root: Element, data: bytes, result: Cleaned) -> bytes:
    changed = False
    for element in list(root.iter(*_DROP_ELEMENTS)):
        parent = element.getparent()
        if parent is not None:
            result.dropped.append(f"{name}: {etree.QName(element).localname} element")
            parent.remove(element)
            changed = True
    for instr in root.iter(w("instrText")):
        if _FETCHING.match(instr.text or ""):
            result.dropped.append(f"{name}: field {(instr.text or '').split()[0]}")
            instr.text = " "
            changed = True
    for simple in list(root.iter(w("fldSimple"))):
        if _FETCHING.match(simple.get(w("instr")) or ""):
            result.dropped.append(f"{name}: field {(simple.get(w('instr')) or '').split()[0]}")
            simple.set(w("instr"), " ")
            changed = True
    return _serialise(root) if changed else data


def _clean_types(root: Element, data: bytes, result: Cleaned) -> bytes:
    changed = False
    for override in list(root.iter(f"{_CT}Override")):
        if (override.get("PartName") or "").lstrip("/") not in result.parts:
            root.remove(override)
            changed = True
    for default in list(root.iter(f"{_CT}Default")):
        if "macroEnabled" in (default.get("ContentType") or "") or (
            default.get("Extension") or ""
        ).lower() in ("bin", "vba"):
            root.remove(default)
            changed = True
    return _serialise(root) if changed else data
