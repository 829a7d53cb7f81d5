"""Formatting changes: visible run formatting that differs becomes ``w:rPrChange``.

Bold, italic, underline, size, character style ... of text that is otherwise unchanged:
:func:`track_formatting` for same-text paragraphs; the word-level redline uses
:func:`format_signature` and :func:`add_rpr_change` for the unchanged stretches of edited ones.
"""

from __future__ import annotations

import copy

from lxml import etree
from lxml.etree import _Element as Element

from ..ns import w
from ..text import iter_runs, run_items, run_text
from .tags import DEL_TEXT, MARKERS, PPR, PPR_CHANGE, RPR, RPR_CHANGE, SECT_PR, T
from .track import Revisions, build_run

#: run properties whose change a reader sees; others (fonts hints, language, proofing
#: marks) differ between editors without anyone meaning to change the text's look
VISIBLE_PROPS = (
    "rStyle",
    "b",
    "i",
    "u",
    "strike",
    "dstrike",
    "caps",
    "smallCaps",
    "vertAlign",
    "highlight",
    "color",
    "sz",
)


_OFF = {"0", "false", "off", "none"}


def format_signature(rpr: Element | None) -> str:
    """The visible formatting of a run, canonical (``"b|i|sz=26"``)."""
    if rpr is None:
        return ""
    parts = []
    for name in VISIBLE_PROPS:
        el = rpr.find(w(name))
        if el is None:
            continue
        value = el.get(w("val"))
        if name in ("b", "i", "strike", "dstrike", "caps", "smallCaps"):
            if value is None or value.lower() not in _OFF:
                parts.append(name)
        elif value is not None and not (name == "u" and value == "none"):
            parts.append(f"{name}={value}")
    return "|".join(parts)


def _format_spans(p: Element) -> list[tuple[str, int]]:
    """[(signature, length), ...] of the text flow, equal neighbours merged."""
    spans: list[tuple[str, int]] = []
    for run in iter_runs(p):
        length = len(run_text(run))
        if not length:
            continue
        rpr = run.find(RPR)
        sig = "" if rpr is None else format_signature(rpr)
        if spans and spans[-1][0] == sig:
            spans[-1] = (sig, spans[-1][1] + length)
        else:
            spans.append((sig, length))
    return spans


def _char_formats(p: Element) -> tuple[list[str], list[int], list[Element | None]]:
    """Per character of the text flow: formatting signature and run index; the runs' rPr."""
    sigs: list[str] = []
    owners: list[int] = []
    rprs: list[Element | None] = []
    for index, run in enumerate(iter_runs(p)):
        rpr = run.find(RPR)
        rprs.append(rpr)
        sig = format_signature(rpr)
        length = sum(len(text) for text, _ in run_items(run))
        sigs.extend([sig] * length)
        owners.extend([index] * length)
    return sigs, owners, rprs


def track_formatting(old_p: Element, new_p: Element, rev: Revisions) -> bool:
    """Record visible formatting differences of same-text paragraphs as ``w:rPrChange``.

    NEW's runs are split where OLD's formatting changes; a piece formatted differently
    from OLD gets a ``w:rPrChange`` holding OLD's run properties. Returns True if any.
    """
    if etree.tostring(old_p) == etree.tostring(new_p) or (
        _format_spans(old_p) == _format_spans(new_p)
    ):
        return False
    old_sigs, old_owner, old_rprs = _char_formats(old_p)
    new_sigs, _, _ = _char_formats(new_p)
    if len(old_sigs) != len(new_sigs) or old_sigs == new_sigs:
        return False

    def key(i: int) -> int:  # the OLD run whose formatting this character had, -1 if same
        return old_owner[i] if old_sigs[i] != new_sigs[i] else -1

    position = 0
    for run in list(iter_runs(new_p)):
        items = run_items(run)
        start = position
        position += sum(len(t) for t, _ in items)
        if all(key(i) == -1 for i in range(start, position)):
            continue
        pieces: list[tuple[int, list[tuple[str, Element]]]] = []
        index = start
        for text, el in items:
            if not text:
                if pieces:
                    pieces[-1][1].append((text, el))
                else:
                    pieces.append((-1, [(text, el)]))
                continue
            cut = 0
            for k in range(1, len(text) + 1):
                if k == len(text) or key(index + k) != key(index + cut):
                    owner = key(index + cut)
                    piece = (text[cut:k] if el.tag in (T, DEL_TEXT) else text, el)
                    if pieces and pieces[-1][0] == owner:
                        pieces[-1][1].append(piece)
                    else:
                        pieces.append((owner, [piece]))
                    cut = k
            index += len(text)
        rpr = run.find(RPR)
        parent = run.getparent()
        at = parent.index(run)
        parent.remove(run)
        for offset, (owner, piece_items) in enumerate(pieces):
            node = build_run(rpr, piece_items, deleted=False)
            if owner != -1:
                add_rpr_change(node, old_rprs[owner], rev)
            parent.insert(at + offset, node)
    return True


def add_rpr_change(run: Element, old_rpr: Element | None, rev: Revisions) -> None:
    rpr = run.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        run.insert(0, rpr)
    change = rev.mark(RPR_CHANGE)
    inner = etree.SubElement(change, RPR)
    if old_rpr is not None:
        for child in old_rpr:
            if isinstance(child.tag, str) and child.tag not in (RPR_CHANGE, *MARKERS):
                inner.append(copy.deepcopy(child))
    rpr.append(change)


#: paragraph properties whose change a reader sees (the list number above all)
VISIBLE_PARAGRAPH_PROPS = ("pStyle", "numPr", "jc", "ind")


def canonical(el: Element) -> str:
    """An element as a string independent of namespace prefixes and declarations."""
    attrs = ",".join(f"{k}={v}" for k, v in sorted(el.attrib.items()))
    inner = "".join(canonical(c) for c in el if isinstance(c.tag, str))
    return f"<{el.tag} {attrs}>{inner}</>"


def _paragraph_signature(ppr: Element | None) -> list[str]:
    if ppr is None:
        return []
    found = []
    for name in VISIBLE_PARAGRAPH_PROPS:
        for child in ppr.findall(w(name)):
            if name == "numPr":  # numbered or not, at which level: editors renumber numIds
                num, level = child.find(w("numId")), child.find(w("ilvl"))
                numbered = num is not None and num.get(w("val")) not in (None, "0")
                depth = level.get(w("val")) if level is not None else "0"
                found.append(f"numPr:{numbered}:{depth}")
            else:
                found.append(canonical(child))
    return found


def track_paragraph_properties(old_p: Element, new_p: Element, rev: Revisions) -> bool:
    """A ``w:pPrChange`` on ``new_p`` holding OLD's properties when the visible ones (style,
    list numbering, alignment, indents) differ; True when one was added."""
    old_ppr, new_ppr = old_p.find(PPR), new_p.find(PPR)
    if _paragraph_signature(old_ppr) == _paragraph_signature(new_ppr):
        return False
    if new_ppr is None:
        new_ppr = etree.Element(PPR)
        new_p.insert(0, new_ppr)
    if new_ppr.find(PPR_CHANGE) is not None:
        return False
    before = etree.Element(PPR)
    for child in old_ppr if old_ppr is not None else []:
        if isinstance(child.tag, str) and child.tag not in (RPR, SECT_PR, PPR_CHANGE):
            before.append(copy.deepcopy(child))
    change = rev.mark(PPR_CHANGE)
    change.append(before)
    new_ppr.append(change)  # the last child of w:pPr
    return True
