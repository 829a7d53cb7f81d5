"""Formatting changes in words: "bold added, size 12 → 14" from ``w:rPrChange``/``w:pPrChange``."""

from __future__ import annotations

from typing import Any

from .tags import PPR, RPR, VAL

PROP_NAMES = {
    "b": "bold",
    "i": "italic",
    "u": "underline",
    "strike": "strikethrough",
    "caps": "capitals",
    "smallCaps": "small capitals",
    "color": "colour",
    "sz": "size",
    "rFonts": "font",
    "highlight": "highlight",
    "vertAlign": "superscript/subscript",
    "shd": "shading",
    "jc": "alignment",
    "ind": "indentation",
    "spacing": "spacing",
    "pStyle": "style",
    "numPr": "numbering",
    "keepNext": "keep with next",
    "rStyle": "character style",
}


IGNORED_PROPS = {
    "rPrChange",
    "pPrChange",
    "rPr",
    "ins",
    "del",
    "lang",
    "szCs",
    "bCs",
    "iCs",
    "sectPr",
    "moveFrom",
    "moveTo",
}


def _props(container: Any) -> dict[str, str]:
    result: dict[str, str] = {}
    if container is None:
        return result
    for child in container:
        if not isinstance(child.tag, str):
            continue
        local = child.tag.rsplit("}", 1)[1]
        if local in IGNORED_PROPS:
            continue
        val = child.get(VAL)
        result[local] = "" if val is None else val
    return result


def _describe(new: dict[str, str], old: dict[str, str]) -> str:
    parts = []
    for name in sorted(set(new) | set(old)):
        label = PROP_NAMES.get(name, name)
        if name not in old:
            off = new[name] in ("0", "false", "none")
            parts.append(
                f"{label} removed"
                if off
                else f"{label} added"
                + (f" ({new[name]})" if new[name] not in ("", "1", "true") else "")
            )
        elif name not in new:
            parts.append(f"{label} removed")
        elif new[name] != old[name]:
            parts.append(f"{label} {old[name] or 'on'} → {new[name] or 'on'}")
    return ", ".join(parts) or "formatting changed"


def rpr_detail(rpr: Any, change: Any) -> str:
    return _describe(_props(rpr), _props(change.find(RPR)))


def ppr_detail(ppr: Any, change: Any) -> str:
    return _describe(_props(ppr), _props(change.find(PPR)))
