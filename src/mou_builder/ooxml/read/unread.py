"""Content a reader may see that the text walk does not read as clause text: alternate
content, imported chunks, data-bound content controls, fields whose result Word recomputes,
embedded objects, text boxes, and elements of namespaces the document marks ignorable.

Each is an :class:`Unseen` in the block it sits in; the review reports it as a finding."""

from __future__ import annotations

import re

from lxml.etree import _Element as Element

from ..ns import W, w
from ..text import P, paragraph_text
from .model import Unseen

RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ALTERNATE = f"{{{MC}}}AlternateContent"
FALLBACK = f"{{{MC}}}Fallback"
IGNORABLE = f"{{{MC}}}Ignorable"
ALT_CHUNK = w("altChunk")
DATA_BINDING = w("dataBinding")
SDT_PR = w("sdtPr")
INSTR = w("instrText")
FLD_SIMPLE = w("fldSimple")
FLD_CHAR = w("fldChar")
TXBX = w("txbxContent")
OBJECTS = frozenset({w("object"), w("control"), w("embed")})
#: namespaces Word itself writes and reads (never content it would skip)
KNOWN = re.compile(r"^(http://schemas\.microsoft\.com/office/|urn:schemas-microsoft-com:)")
#: field instructions whose result is fixed page furniture
BENIGN_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "TOC", "PAGEREF", "REF"})


def ignorable_namespaces(root: Element) -> frozenset[str]:
    """The namespaces ``mc:Ignorable`` lists on the part's root, but Word's own."""
    prefixes = (root.get(IGNORABLE) or "").split()
    spaces = {root.nsmap.get(p) for p in prefixes}
    return frozenset(s for s in spaces if s and not KNOWN.match(s))


def _texts(element: Element) -> str:
    paragraphs = [paragraph_text(p) for p in element.iter(P)]
    if not paragraphs:
        paragraphs = ["".join(t.text or "" for t in element.iter(w("t")))]
    return " ".join(t for t in paragraphs if t.strip())


def body_child(child: Element, block: int) -> Unseen | None:
    """A body-level element the walk does not read as a block."""
    tag = child.tag
    if tag == ALTERNATE:
        return Unseen(
            "alternate-content",
            block,
            _texts(child),
            "body-level mc:AlternateContent",
            seen="the Choice or the Fallback branch, as the reading application decides "
            "(mou reads neither)",
        )
    if tag == ALT_CHUNK:
        return Unseen(
            "alt-chunk",
            block,
            f"w:altChunk r:id={child.get(RID) or ''}",
            "w:altChunk",
            seen="an imported document part that Word merges into the body when opening",
        )
    return None


def bound(sdt: Element, block: int) -> Unseen | None:
    """A content control bound to a customXml item: Word shows the item's value."""
    props = sdt.find(SDT_PR)
    binding = props.find(DATA_BINDING) if props is not None else None
    if binding is None:
        return None
    store, xpath = binding.get(w("storeItemID")) or "", binding.get(w("xpath")) or ""
    prefixes = binding.get(w("prefixMappings")) or ""
    return Unseen(
        "data-binding",
        block,
        _texts(sdt),
        f"content control bound to customXml item {store} at {xpath}",
        seen="the value of the bound customXml item when Word opens the document, "
        "not the text mou reads",
        binding=(store, xpath, prefixes),
    )


def bound_value(items: dict[str, Element], store: str, xpath: str, prefixes: str) -> str | None:
    """The text Word shows for a binding: the node ``xpath`` selects in the customXml item
    whose id is ``store`` (None when the item or the node is not there)."""
    root = items.get(store.strip("{}").upper())
    if root is None:
        return None
    namespaces = dict(re.findall(r"xmlns:(\w+)=['\"]([^'\"]*)['\"]", prefixes))
    try:
        found = root.getroottree().xpath(xpath, namespaces=namespaces)
    except Exception:  # a malformed or unsupported expression: Word shows the cached text
        return None
    if isinstance(found, list) and found:
        node = found[0]
        return node if isinstance(node, str) else "".join(node.itertext())
    return found if isinstance(found, str) else None


def custom_items(package: object) -> dict[str, Element]:
    """customXml items by their datastore id (upper case, no braces)."""
    parts = getattr(package, "parts", {})
    items: dict[str, Element] = {}
    for name in parts:
        match = re.fullmatch(r"customXml/itemProps(\d+)\.xml", name)
        item = f"customXml/item{match.group(1)}.xml" if match else ""
        if not match or item not in parts:
            continue
        props = package.xml(name)  # type: ignore[attr-defined]
        ident = props.get(f"{{{DS}}}itemID") or ""
        items[ident.strip("{}").upper()] = package.xml(item)  # type: ignore[attr-defined]
    return items


def inline(child: Element, block: int, ignorable: frozenset[str]) -> Unseen | None:
    """An element inside a paragraph or run that a reader sees otherwise than mou reads it."""
    tag = child.tag
    if not isinstance(tag, str):
        return None
    if tag == FLD_SIMPLE:
        return _field(child.get(w("instr")) or "", block, _texts(child))
    if tag == INSTR:
        return _field(child.text or "", block, "")
    if tag == FLD_CHAR and child.get(w("dirty")) in ("1", "true", "on"):
        return Unseen(
            "field",
            block,
            "w:fldChar w:dirty",
            "a field marked dirty",
            seen="a result Word recomputes on opening",
        )
    if tag == TXBX:
        off = box_reason(child)
        return Unseen(
            "text-box",
            block,
            _texts(child),
            f"text in a text box ({off})" if off else "text in a text box",
            seen=f"nothing: {off}" if off else "the text-box text",
        )
    if tag in OBJECTS:
        return Unseen(
            "embedded-object", block, "", tag.split("}")[1], seen="an embedded object or control"
        )
    space = tag[1:].split("}")[0] if tag.startswith("{") else ""
    if space in ignorable and space != W:
        return Unseen(
            "ignorable-content",
            block,
            _texts(child),
            f"an element of ignorable namespace {space}",
            seen="nothing in Word; other readers may show it",
            severity="warning",
        )
    return None


def _field(instruction: str, block: int, result: str) -> Unseen | None:
    words = instruction.split()
    if not words or words[0].upper() in BENIGN_FIELDS:
        return None
    shown = " ".join(words)[:80]
    seen = "the field's result, which Word may recompute from the instruction"
    if words[0].upper() == "QUOTE":
        quoted = re.match(r'\s*QUOTE\s+"?(.*?)"?\s*$', instruction, re.IGNORECASE | re.DOTALL)
        seen = f'"{quoted.group(1) if quoted else ""}" once Word updates the field'
    cached = f' (cached result: "{result}")' if result else ""
    return Unseen("field", block, shown + cached, f"field {shown}", seen=seen)


#: twips beyond which a frame lies off any page (22 inches), and under which it is too
#: narrow or low to show text (4 pt)
FAR, NARROW = 31680, 80
FRAME_PR = w("framePr")


def frame_reason(ppr: Element | None) -> str | None:
    """Why a reader does not see a framed paragraph (None: they do): the frame lies off
    the page, or is too small to show a letter."""
    frame = ppr.find(FRAME_PR) if ppr is not None else None
    if frame is None:
        return None

    def number(name: str) -> int:
        try:
            return int(frame.get(w(name)) or "0")
        except ValueError:
            return 0

    x, y, width, height = number("x"), number("y"), number("w"), number("h")
    on_page = "page" in (frame.get(w("hAnchor")), frame.get(w("vAnchor")))
    if max(abs(x), abs(y)) >= FAR or (on_page and (x + width < 0 or y + height < 0)):
        return f"a frame off the page (w:framePr x={x} y={y})"
    if 0 < width < NARROW or (0 < height < NARROW and frame.get(w("hRule")) == "exact"):
        return f"a frame too small to show text (w:framePr w={width} h={height})"
    return None


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#: EMU beyond which a drawing lies off any page (22 inches), under which it shows nothing
FAR_EMU, NARROW_EMU = 20116800, 50800
_VML_LENGTH = re.compile(
    r"(margin-left|margin-top|left|top|width|height)\s*:\s*(-?\d+(?:\.\d+)?)pt"
)


def box_reason(box: Element) -> str | None:
    """Why a reader does not see a text box (None: they may): its drawing lies off the
    page, is too small to show a letter, or is styled hidden (VML ``visibility:hidden``)."""
    for owner in box.iterancestors():
        if owner.tag == f"{{{WP}}}anchor":
            offsets = [_int_text(o) for o in owner.iter(f"{{{WP}}}posOffset")]
            extent = owner.find(f"{{{WP}}}extent")
            sizes = [_int_text(extent, n) for n in ("cx", "cy")] if extent is not None else []
            if any(abs(o) >= FAR_EMU for o in offsets):
                return "the text box lies off the page"
            if any(0 <= z < NARROW_EMU for z in sizes):
                return "the text box is too small to show text"
            return None
        style = owner.get("style")
        if style is not None and owner.tag.startswith("{urn:schemas-microsoft-com:vml}"):
            if re.search(r"visibility\s*:\s*hidden", style):
                return "the text box is styled hidden"
            lengths = {k: float(v) for k, v in _VML_LENGTH.findall(style)}
            if any(abs(v) >= FAR / 20 for v in lengths.values()):
                return "the text box lies off the page"
            if any(0 <= lengths.get(k, 99) < NARROW / 20 for k in ("width", "height")):
                return "the text box is too small to show text"
            return None
    return None


def _int_text(element: Element, name: str | None = None) -> int:
    value = element.get(name) if name else element.text
    try:
        return int(value or "0")
    except ValueError:
        return 0


def choice_and_fallback(alternate: Element) -> tuple[Element | None, Element | None]:
    """The branch a current reader shows (the first ``mc:Choice`` whose requirements are
    namespaces Word itself writes) and the ``mc:Fallback``."""
    fallback = alternate.find(FALLBACK)
    for choice in alternate.iter(f"{{{MC}}}Choice"):
        spaces = [choice.nsmap.get(p) for p in (choice.get("Requires") or "").split()]
        if spaces and all(s and KNOWN.match(s) for s in spaces):
            return choice, fallback
    return None, fallback


def inline_alternate(alternate: Element, block: int) -> Unseen | None:
    """An ``mc:AlternateContent`` in a paragraph whose branches read differently."""
    choice, fallback = choice_and_fallback(alternate)
    shown = _texts(choice) if choice is not None else ""
    other = _texts(fallback) if fallback is not None else ""
    if shown.split() == other.split():
        return None
    return Unseen(
        "alternate-content",
        block,
        shown or other,
        "mc:AlternateContent in a paragraph whose branches differ",
        seen=f'"{shown}" in Word and LibreOffice, "{other}" in readers that take the mc:Fallback',
    )


def settings_unseen(settings: Element | None) -> list[Unseen]:
    """Document-wide settings that change what a reader sees (fields updated on open)."""
    if settings is None or settings.find(w("updateFields")) is None:
        return []
    return [
        Unseen(
            "field",
            0,
            "",
            "w:updateFields in settings.xml",
            seen="every field recomputed when Word opens the document",
            severity="warning",
        )
    ]
