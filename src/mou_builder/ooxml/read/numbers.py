"""The numbers Word shows before clause headings, from ``word/numbering.xml``: list
counters per numbering instance and level (restarts by ``w:startOverride``, deeper levels
reset by shallower ones), for paragraphs numbered directly or through their style.

A heading whose shown number differs from its section number (a ``startOverride``, a
removed ``w:numPr``, a numbered paragraph slipped in before it) is an :class:`Unseen`."""

from __future__ import annotations

import re

from lxml.etree import _Element as Element

from ..ns import w
from .model import Block, Rev, Unseen

NUM_PR, NUM_ID, ILVL, VAL = w("numPr"), w("numId"), w("ilvl"), w("val")


class Numbering:
    def __init__(self, numbering: Element | None, styles: Element | None):
        self.abstract: dict[str, Element] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> abstract, overrides
        self.style_num: dict[str, tuple[str, int]] = {}
        for item in numbering.iter(w("abstractNum")) if numbering is not None else ():
            self.abstract[item.get(w("abstractNumId")) or ""] = item
        for num in numbering.iter(w("num")) if numbering is not None else ():
            ref = num.find(w("abstractNumId"))
            overrides = {}
            for over in num.iter(w("lvlOverride")):
                start = over.find(w("startOverride"))
                if start is not None:
                    overrides[int(over.get(ILVL) or 0)] = _int(start.get(VAL), 1)
            self.nums[num.get(NUM_ID) or ""] = (ref.get(VAL) if ref is not None else "", overrides)
        for style in styles.iter(w("style")) if styles is not None else ():
            found = _num_pr(style.find(w("pPr")))
            if found is not None:
                self.style_num[style.get(w("styleId")) or ""] = found
        self.counters: dict[str, dict[int, int]] = {}  # per abstract numbering, as Word counts
        self.restarted: set[tuple[str, int]] = set()

    def _level(self, num_id: str, ilvl: int) -> Element | None:
        abstract = self.abstract.get(self.nums.get(num_id, ("", {}))[0])
        if abstract is None:
            return None
        return next((lv for lv in abstract.iter(w("lvl")) if _int(lv.get(ILVL), 0) == ilvl), None)

    def shown(self, p: Element, style: str | None) -> int | None:
        """Count ``p`` in its list; the number shown at its level (None: not numbered)."""
        return self.count(p, style)[0]

    def count(self, p: Element, style: str | None) -> tuple[int | None, str | None]:
        """Count ``p`` in its list: the number shown at its level (None: no number) and the
        label a reader sees before it ("7.", "(b)"; None: not in a list)."""
        found = _num_pr(p.find(w("pPr")))
        if found is None and style:
            found = self.style_num.get(style)
        if found is None or found[0] in ("", "0") or found[0] not in self.nums:
            return None, None
        num_id, ilvl = found
        level = self._level(num_id, ilvl)
        abstract, overrides = self.nums[num_id]
        counters = self.counters.setdefault(abstract, {})
        override = overrides.get(ilvl)
        if override is not None and (num_id, ilvl) not in self.restarted:
            self.restarted.add((num_id, ilvl))
            counters[ilvl] = override - 1
        elif ilvl not in counters:
            start_el = level.find(w("start")) if level is not None else None
            counters[ilvl] = _int(start_el.get(VAL) if start_el is not None else None, 1) - 1
        counters[ilvl] += 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level.find(w("lvlText")) if level is not None else None
        fmt = level.find(w("numFmt")) if level is not None else None
        label = self._label(abstract, text.get(VAL) or "" if text is not None else "")
        if text is not None and f"%{ilvl + 1}" not in (text.get(VAL) or ""):
            return None, label
        if fmt is not None and fmt.get(VAL) == "none":
            return None, label
        return counters[ilvl], label

    def _label(self, abstract: str, pattern: str) -> str:
        """``pattern`` (a w:lvlText: "%1.", "(%2)") with each level's counter formatted."""
        counters = self.counters.get(abstract, {})
        item = self.abstract.get(abstract)

        def level_text(match: re.Match[str]) -> str:
            ilvl = int(match.group(1)) - 1
            lvl = (
                next((v for v in item.iter(w("lvl")) if _int(v.get(ILVL), 0) == ilvl), None)
                if item is not None
                else None
            )
            fmt = lvl.find(w("numFmt")) if lvl is not None else None
            return formatted(counters.get(ilvl, 1), fmt.get(VAL) if fmt is not None else None)

        return _LEVEL.sub(level_text, pattern)


_LEVEL = re.compile(r"%([1-9])")
#: the largest number shown in letters or roman numerals
MAX_LABEL = 4000


def formatted(number: int, fmt: str | None) -> str:
    """``number`` as a list label shows it in format ``fmt`` (w:numFmt); a number no list
    reaches (a hostile ``w:start``) in digits."""
    if not 0 < number <= MAX_LABEL:
        return str(number)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(number)


def _roman(number: int) -> str:
    out = ""
    for value, letters in zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    ):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _num_pr(ppr: Element | None) -> tuple[str, int] | None:
    num_pr = ppr.find(NUM_PR) if ppr is not None else None
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(NUM_ID), num_pr.find(ILVL)
    return (
        num_id.get(VAL) or "" if num_id is not None else "",
        _int(ilvl.get(VAL) if ilvl is not None else None, 0),
    )


def numbering_unseen(
    blocks: list[Block],
    numbering: Element | None,
    styles: Element | None,
    revs: list[Rev] | None = None,
) -> list[Unseen]:
    """Clause headings whose shown number is not their section number. A paragraph whose
    mark is tracked as deleted or moved away (a redline's old heading) is not counted: once
    the changes are accepted, the numbers are those of the document's new text."""
    counter = Numbering(numbering, styles)
    found: list[Unseen] = []
    for block in blocks:
        if block.para is None:
            continue
        mark = block.para.mark
        if revs is not None and mark is not None and revs[mark].kind == "del":
            continue
        shown = counter.shown(block.element, block.para.style)
        if not block.heading or block.section is None or shown == block.section:
            continue
        title = block.para.all_text().strip()
        seen = f"Section {shown}" if shown is not None else "no section number"
        found.append(
            Unseen(
                "numbering",
                block.index,
                f"Section {block.section} ({block.clause}): {title}",
                f"the heading of Section {block.section} is numbered {shown or 'not at all'}",
                seen=f"{seen} where Section {block.section} was sent",
            )
        )
    return found


def block_labels(
    blocks: list[Block], numbering: Element | None, styles: Element | None
) -> dict[int, str]:
    """Block index -> the list label a reader sees before the paragraph ("7.", "(b)")."""
    counter = Numbering(numbering, styles)
    labels: dict[int, str] = {}
    for block in blocks:
        if block.para is not None:
            label = counter.count(block.element, block.para.style)[1]
            if label is not None:
                labels[block.index] = label
    return labels
