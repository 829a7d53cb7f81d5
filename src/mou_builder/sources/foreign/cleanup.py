"""Lines to paragraphs: page furniture out, line-break hyphenation undone, wrapped lines joined.

Removed before any splitting:

- page numbers ("3", "- 3 -", "Page 3", "Page 3 of 6", "3 | Page");
- running headers and footers: on a PDF (or a text file with form feeds), lines that come
  back at the top or the bottom of at least half the pages (digits ignored); in any file,
  the short lines that stand with a "Page N of M" line (the agreement's title and parties
  printed above the page number);
- hyphenation at a line break: "train-" + "ing" becomes "training", but a real compound
  stays whole ("face-" + "to-face", "self-" + "insured" when "self-insured" is the
  document's own spelling).

A line marking lost text ("[...]") becomes a gap: the splitter starts a new section after it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .reading import ForeignText, SourceLine

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$"
    r"|^\s*\d{1,4}\s*\|\s*page\s*$",
    re.I,
)
PAGE_OF = re.compile(r"\bpage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.I)
GAP = re.compile(
    r"^\s*[\[(]\s*(?:\.\s*){3}[\])]\s*$|^\s*\[(?:illegible|missing|omitted)[^]]*\]\s*$"
)
STRUCTURAL = re.compile(
    r"^\s*(?:"
    r"ART[I1l]CLE\b|SECT[I1l]ON\b|Article\b|Section\b|§"
    r"|\d{1,2}(?:\.\d{1,2})*[.)]\s"
    r"|\(?[a-zA-Z][.)]\s"
    r"|\([ivxIVX]{1,5}\)\s"
    r"|[IVX]{1,5}\.\s"
    r"|[•●▪◦·*-]\s"
    r"|WHEREAS\b|Whereas\b|NOW,?\s+THEREFORE|Now,?\s+therefore|WITNESSETH|IN WITNESS"
    r")"
)
END_PUNCT = re.compile(r"[.;:!?][\"')\]]*$")
WORD = re.compile(r"[A-Za-z]+")


@dataclass
class Para:
    """A paragraph of the foreign text, with the source line it starts on."""

    text: str
    line: int
    page: int = 1
    style: str | None = None
    gap: bool = False  # stands for text that was lost (the original said "[...]")


def paragraphs(doc: ForeignText) -> list[Para]:
    lines = remove_furniture(doc)
    vocabulary = _vocabulary(lines)
    out: list[Para] = []
    width = _typical_width(lines)
    current: list[SourceLine] = []

    def flush() -> None:
        if current:
            text = _join(current, vocabulary)
            if text.strip():
                first = current[0]
                out.append(Para(text.strip(), first.line, first.page, first.style))
            current.clear()

    for index, line in enumerate(lines):
        if GAP.match(line.text):
            flush()
            out.append(Para("[...]", line.line, line.page, gap=True))
            continue
        if not line.text.strip():
            flush()
            continue
        if line.whole:
            flush()
            current.append(line)
            flush()
            continue
        if current and (
            _starts_paragraph(current[-1], line, width)
            or (len(current) == 1 and _heading_line(current[0].text))
        ):
            flush()
        current.append(line)
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        if nxt is None:
            flush()
    flush()
    return out


def _starts_paragraph(previous: SourceLine, line: SourceLine, width: int) -> bool:
    if STRUCTURAL.match(line.text):
        return True
    prev = previous.text.rstrip()
    if len(prev) < 0.6 * width:
        return True
    first = line.text.lstrip()[:1]
    return bool(END_PUNCT.search(prev)) and (first.isupper() or first.isdigit() or first in "\"'(“")


_LABEL = re.compile(
    r"^\s*(?:(?:ART[I1l]CLE|Art[i1l]cle|SECT[I1l]ON|Sect[i1l]on|§)\s*[\dIVXLC.]+|\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)"
    r"\s*[-–—:.]?\s*"
)
_SMALL = {"a", "an", "and", "of", "the", "to", "for", "in", "on", "or", "by", "with", "at"}


def _heading_line(text: str) -> bool:
    """A numbered line in title case with no closing stop ("14. Information Sharing Between
    the District and the Agency"): a heading, whatever the line below it starts with."""
    match = _LABEL.match(text)
    if not match or not match.group(0).strip():
        return False
    rest = text[match.end() :].strip()
    words = rest.split()
    if not 1 <= len(words) <= 12 or END_PUNCT.search(rest) or rest.endswith(","):
        return False
    significant = [w for w in words if w.lower() not in _SMALL]
    capital = sum(1 for w in significant if w[:1].isupper() or not w[:1].isalpha())
    return bool(significant) and capital / len(significant) >= 0.75


def _typical_width(lines: list[SourceLine]) -> int:
    widths = sorted(len(line.text) for line in lines if line.text.strip() and not line.whole)
    if not widths:
        return 80
    return max(20, widths[int(0.9 * (len(widths) - 1))])


def _join(lines: list[SourceLine], vocabulary: set[str]) -> str:
    parts = [lines[0].text.strip()]
    for line in lines[1:]:
        nxt = line.text.strip()
        match = re.search(r"([A-Za-z]+)-$", parts[-1][-80:])
        if match and nxt[:1].islower():
            head = match.group(1)
            tail_word = re.match(r"[A-Za-z]+", nxt)
            tail = tail_word.group(0) if tail_word else ""
            rest = nxt[len(tail) :]
            keep = _keep_hyphen(head, tail, rest, vocabulary)
            parts[-1] = parts[-1] if keep else parts[-1][:-1]
            parts[-1] += nxt  # the next line continues the broken word: no space
        else:
            parts.append(nxt)
    return " ".join(parts)


def _keep_hyphen(head: str, tail: str, rest: str, vocabulary: set[str]) -> bool:
    """Whether ``head-`` + ``tail`` at a line break is a real compound, not hyphenation."""
    joined = (head + tail).lower()
    if rest.startswith("-"):  # "face-" + "to-face": a compound of three
        return True
    if joined in vocabulary:
        return False
    if f"{head}-{tail}".lower() in vocabulary:
        return True
    return head.lower() in vocabulary and tail.lower() in vocabulary and len(head) > 2


def _vocabulary(lines: list[SourceLine]) -> set[str]:
    """Words of the document, leaving out the pieces of words broken at a line end."""
    words: set[str] = set()
    broken_before = False
    for line in lines:
        found = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*-?", line.text)
        if broken_before and found:
            found = found[1:]
        broken_before = line.text.rstrip().endswith("-")
        if broken_before and found:
            found = found[:-1]
        for word in found:
            word = word.rstrip("-").lower()
            words.add(word)
            words.update(word.split("-"))
    return words


# --------------------------------------------------------------------------- furniture


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _short(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 12 and not END_PUNCT.search(text.strip())


def remove_furniture(doc: ForeignText) -> list[SourceLine]:
    lines = [line for line in doc.lines if not PAGE_NUMBER.match(line.text)]
    if doc.pages >= 2:  # a PDF, or a text file with form feeds between its pages
        lines = _drop_repeated_page_edges(lines, doc.pages)
    return _drop_page_of_blocks(lines)


def _drop_repeated_page_edges(lines: list[SourceLine], pages: int) -> list[SourceLine]:
    by_page: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if line.text.strip():
            by_page.setdefault(line.page, []).append(index)
    edges: Counter[str] = Counter()
    edge_index: dict[int, str] = {}
    for indexes in by_page.values():
        for index in indexes[:2] + indexes[-2:]:
            key = _norm(lines[index].text)
            if index not in edge_index:
                edge_index[index] = key
        for key in {_norm(lines[i].text) for i in indexes[:2] + indexes[-2:]}:
            edges[key] += 1
    threshold = max(2, (pages + 1) // 2)
    drop = {i for i, key in edge_index.items() if edges[key] >= threshold and len(key) <= 120}
    return [line for index, line in enumerate(lines) if index not in drop]


def _drop_page_of_blocks(lines: list[SourceLine]) -> list[SourceLine]:
    """A "Page N of M" line and the short unpunctuated lines printed with it."""
    drop: set[int] = set()
    for index, line in enumerate(lines):
        if not (PAGE_OF.search(line.text) and len(line.text.split()) <= 16):
            continue
        drop.add(index)
        for step in (-1, 1):
            other = index + step
            while 0 <= other < len(lines) and abs(other - index) <= 3:
                text = lines[other].text
                if not text.strip() or GAP.match(text) or STRUCTURAL.match(text):
                    break
                if not _short(text):
                    break
                drop.add(other)
                other += step
    return [line for index, line in enumerate(lines) if index not in drop]
