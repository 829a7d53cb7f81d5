"""The colours a Word template dresses an agreement in, for a web page that looks the same.

Read-only: the text colour of the Normal style (or the document defaults), the colour of
Heading 1 (else the Title style) and of the Hyperlink character style, each as ``#rrggbb``.
Theme colour references resolve through ``word/theme/theme1.xml`` when the style gives no
literal value; ``auto`` means no colour.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml.etree import _Element as Element

from ..model.theme import ColorName
from .ns import w
from .safezip import Package, open_docx

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


def _style_color(styles: Element, style_id: str) -> str | None:
    for style in styles.iter(w("style")):
        if style.get(w("styleId")) == style_id:
            color = style.find(f"{w('rPr')}/{w('color')}")
            return _literal(color)
    return None


def _literal(color: Element | None) -> str | None:
    if color is None:
        return None
    value = color.get(w("val")) or ""
    return f"#{value.lower()}" if _HEX.match(value) else None


def _default_color(styles: Element) -> str | None:
    return _literal(styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('color')}"))


def _theme_colors(package: Package) -> dict[str, str]:
    part = "word/theme/theme1.xml"
    if part not in package.parts:
        return {}
    root = package.xml(part)
    found: dict[str, str] = {}
    scheme = root.find(f".//{{{_A}}}clrScheme")
    for child in scheme if scheme is not None else []:
        srgb = child.find(f"{{{_A}}}srgbClr")
        if srgb is not None and _HEX.match(srgb.get("val") or ""):
            found[child.tag.split("}")[-1]] = "#" + srgb.get("val").lower()
    return found


def template_colors(path: Path) -> dict[ColorName, str]:
    """The template's text, heading and link colours (those it sets), as ``#rrggbb``."""
    package = open_docx(path)
    if "word/styles.xml" not in package.parts:
        return {}
    styles = package.xml("word/styles.xml")
    found: dict[ColorName, str] = {}
    text = _style_color(styles, "Normal") or _default_color(styles)
    heading = _style_color(styles, "Heading1") or _style_color(styles, "Title")
    link = _style_color(styles, "Hyperlink") or _theme_colors(package).get("hlink")
    for name, value in (("text", text), ("heading", heading), ("link", link)):
        if value is not None:
            found[name] = value  # type: ignore[index]
    if heading is not None:
        found["accent"] = heading
    return found
