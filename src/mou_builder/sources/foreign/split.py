"""Paragraphs to sections, the way agreements are numbered and headed.

A new section starts at:

- a Word heading style ("Heading 1", "Title") or a Markdown heading;
- "ARTICLE IV", "Article 4", "SECTION 4.", "Section 4.2", "§ 4" (OCR's "ARTlCLE" too);
- a top-level number "4." or Roman "IV." that continues the document's own sequence (a
  numbered list after a paragraph ending in ":" is a list, not sections);
- an all-caps heading ("TRAINING", "INDEMNIFICATION.") or an all-caps lead-in
  ("TERM. This agreement ...");
- a short title-case line standing alone between body paragraphs ("Hours and Special Events");
- the first WHEREAS after a preamble (the recitals), "IN WITNESS WHEREOF" (signatures);
- a gap in the text ("[...]").

Lettered items ("a)", "(b)", "C."), sub-numbers ("6.1."), "1)" and bullets stay inside the
section they appear in, as items; each item remembers the paragraph that introduced it.
A heading with no text of its own before the next heading is merged into that one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleanup import Para

ARTICLE = re.compile(
    r"^\s*(?:ART[I1l]CLE|Art[i1l]cle)\s+(?P<num>[IVXLC]+|\d{1,3})\b\.?\s*[-–—:.]?\s*(?P<rest>.*)$"
)
SECTION = re.compile(
    r"^\s*(?:SECT[I1l]ON|Sect[i1l]on|§)\s*(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?\s*[-–—:.]?\s*(?P<rest>.*)$"
)
NUMBERED = re.compile(r"^\s*(?P<num>\d{1,2})\.(?!\d)\s*(?P<rest>\S.*)$")
ROMAN = re.compile(r"^\s*(?P<num>[IVX]{1,5})\.\s+(?P<rest>\S.*)$")
ITEM = re.compile(
    r"^\s*(?:\(?[a-zA-Z]{1,2}[.)]|\([ivxlIVXL]{1,5}\)|\(?\d{1,2}\)|\d{1,2}(?:\.\d{1,2})+\.?"
    r"|[•●▪◦·*-])\s*\S"
)
ALL_CAPS_LEAD = re.compile(
    r"^\s*(?P<head>[A-Z][A-Z0-9 &/,'’()-]{2,70}?)[.:]\s+(?P<rest>\S.*[a-z].*)$"
)
WHEREAS = re.compile(r"^\s*WHEREAS\b|^\s*Whereas\b")
WITNESS = re.compile(r"^\s*IN WITNESS WHEREOF|^\s*In Witness Whereof", re.I)
RECITAL_HEADS = re.compile(r"^(?:WITNESSETH|RECITALS?|BACKGROUND|PREAMBLE)\b", re.I)
AGREE_AS_FOLLOWS = re.compile(r"^\s*NOW,?\s*THEREFORE|\bagrees? as follows:?\s*$", re.I)
NOT_HEADING = re.compile(r"^\s*(?:WHEREAS|NOW,?\s+THEREFORE|IN WITNESS)", re.I)
SMALL_WORDS = {"a", "an", "and", "of", "the", "to", "for", "in", "on", "or", "by", "with", "at"}
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass
class ForeignParagraph:
    text: str
    kind: str = "text"  # "text" | "item"
    line: int = 1
    lead: str | None = None  # for an item: the paragraph that introduced its list


@dataclass
class ForeignSection:
    index: int  # 1-based position in the agreement
    number: str  # the label in the source ("4", "IV", "4.2"), "" when unnumbered
    heading: str  # the heading in the source, "" when it has none
    line: int
    paragraphs: list[ForeignParagraph] = field(default_factory=list)
    after_gap: bool = False  # text before it was lost

    @property
    def title(self) -> str:
        return self.heading or (f"Section {self.number}" if self.number else "(untitled)")

    @property
    def body(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def text(self) -> str:
        return f"{self.heading}\n{self.body}" if self.heading else self.body


def roman_value(text: str) -> int:
    total = 0
    values = [ROMAN_VALUES.get(ch, 0) for ch in text.upper()]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or len(text.split()) > 12:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.85 and not NOT_HEADING.match(text)


def _is_title_case(text: str) -> bool:
    if "\t" in text or "   " in text:  # a table row, not a heading
        return False
    words = text.split()
    if not 1 <= len(words) <= 8 or re.search(r"[.;,!?]$", text.strip()):
        return False
    if not text[:1].isupper() or re.match(r"^\W", text):
        return False
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    if not significant:
        return False
    capital = sum(1 for w in significant if w[:1].isupper() or not w[:1].isalpha())
    return capital / len(significant) >= 0.75


def _split_inline(rest: str) -> tuple[str, str]:
    """'Term. This Agreement is ...' → ('Term', 'This Agreement is ...')."""
    rest = rest.strip()
    match = re.match(r"^(?P<head>[A-Z][^.:;]{0,80}?)[.:]\s+(?P<body>\S.*)$", rest)
    if match and len(match.group("head").split()) <= 8:
        return match.group("head").strip(), match.group("body").strip()
    if len(rest.split()) <= 10 and not re.search(r"[.;]$", rest):
        return rest.rstrip(":").strip(), ""
    return "", rest


@dataclass
class _Heading:
    number: str
    heading: str
    body: str  # text on the heading line after the heading itself


class _Splitter:
    def __init__(self, paras: list[Para]):
        self.paras = paras
        self.sections: list[ForeignSection] = []
        self.last_number: int | None = None
        self.last_roman: int | None = None
        self.lead: str | None = None
        self.gap = False
        self.title_open = False

    def run(self) -> list[ForeignSection]:
        for index, para in enumerate(self.paras):
            if para.gap:
                self.gap = True
                self.lead = None
                continue
            if self._title_line(para):
                continue
            heading = self._heading(index, para)
            if heading is not None:
                self._open(heading.number, heading.heading, para.line)
                if heading.body:
                    self._add(heading.body, para.line)
                continue
            if (
                self.gap
                or not self.sections
                or (WHEREAS.match(para.text) and self._starts_recitals())
                or WITNESS.match(para.text)
            ):
                self._open("", "", para.line)
            self._add(para.text, para.line)
        return self._merge_empty()

    def _title_line(self, para: Para) -> bool:
        """The short lines a document opens with are its title (one heading)."""
        text = para.text.strip()
        words = text.split()
        if para.style or not 0 < len(words) <= 8 or re.search(r"[.;,:]$", text):
            return False
        if ARTICLE.match(text) or SECTION.match(text) or NUMBERED.match(text):
            return False
        if not self.sections:
            self._open("", text, para.line)
            self.title_open = True
            return True
        if self.title_open and len(self.sections) == 1 and not self.sections[0].paragraphs:
            self.sections[0].heading += " " + text
            return True
        self.title_open = False
        return False

    def _starts_recitals(self) -> bool:
        current = self.sections[-1]
        if RECITAL_HEADS.match(current.heading):
            return False
        return not any(WHEREAS.match(p.text) for p in current.paragraphs) and bool(
            current.paragraphs
        )

    def _open(self, number: str, heading: str, line: int) -> None:
        self.sections.append(
            ForeignSection(len(self.sections) + 1, number, heading, line, after_gap=self.gap)
        )
        self.gap = False
        self.lead = None

    def _add(self, text: str, line: int) -> None:
        section = self.sections[-1]
        if ITEM.match(text):
            section.paragraphs.append(ForeignParagraph(text, "item", line, self.lead))
        else:
            section.paragraphs.append(ForeignParagraph(text, "text", line))
            self.lead = text

    def _previous_ends_list(self, index: int) -> bool:
        if index == 0:
            return False
        prev = self.paras[index - 1]
        if AGREE_AS_FOLLOWS.search(prev.text):
            return False
        return prev.text.rstrip().endswith(":") or (
            bool(self.sections)
            and bool(self.sections[-1].paragraphs)
            and self.sections[-1].paragraphs[-1].kind == "item"
            and self.lead is not None
            and self.lead.rstrip().endswith(":")
        )

    def _heading(self, index: int, para: Para) -> _Heading | None:
        text = para.text.strip()
        style = (para.style or "").lower()
        if style.startswith("heading") or style in ("title", "subtitle"):
            return self._styled(text)
        match = ARTICLE.match(text)
        if match:
            head, body = _split_inline(match.group("rest"))
            return _Heading(match.group("num"), head, body)
        match = SECTION.match(text)
        if match:
            head, body = _split_inline(match.group("rest"))
            return _Heading(match.group("num"), head, body)
        match = NUMBERED.match(text)
        if match and self._continues(int(match.group("num")), index):
            self.last_number = int(match.group("num"))
            head, body = _split_inline(match.group("rest"))
            return _Heading(match.group("num"), head, body)
        match = ROMAN.match(text)
        if (
            match
            and roman_value(match.group("num")) == (self.last_roman or 0) + 1
            and not self._previous_ends_list(index)
        ):
            self.last_roman = roman_value(match.group("num"))
            head, body = _split_inline(match.group("rest"))
            return _Heading(match.group("num"), head, body)
        if ITEM.match(text):
            sub = re.match(r"^\s*(\d{1,2})\.\d", text)
            if sub and self.last_number is None:  # "5.1." implies a section 5 before it
                self.last_number = int(sub.group(1))
            return None
        if _is_all_caps(text):
            return _Heading("", text.rstrip(".:").strip(), "")
        match = ALL_CAPS_LEAD.match(text)
        if match and _is_all_caps(match.group("head")) and not NOT_HEADING.match(text):
            return _Heading("", match.group("head").strip(), match.group("rest").strip())
        if self._standalone_title(index, text):
            return _Heading("", text.rstrip(":").strip(), "")
        return None

    def _styled(self, text: str) -> _Heading:
        for pattern in (ARTICLE, SECTION, NUMBERED, ROMAN):
            match = pattern.match(text)
            if match:
                if pattern is NUMBERED:
                    self.last_number = int(match.group("num"))
                head, body = _split_inline(match.group("rest"))
                return _Heading(match.group("num"), head or match.group("rest"), body)
        return _Heading("", text, "")

    def _continues(self, number: int, index: int) -> bool:
        if self._previous_ends_list(index):
            return False
        if self.last_number is None:
            after_gap = bool(self.sections) and self.sections[-1].after_gap
            return number <= 3 or self.gap or not self.sections or after_gap
        if self.gap:
            return number > self.last_number
        return number == self.last_number + 1

    def _standalone_title(self, index: int, text: str) -> bool:
        if not _is_title_case(text):
            return False
        before = self.paras[index - 1].text if index > 0 else ""
        after = self.paras[index + 1].text if index + 1 < len(self.paras) else ""
        if index > 0 and _is_title_case(before) and not self.paras[index - 1].gap:
            return False
        return len(after.split()) >= 8 and not _is_title_case(after)

    def _merge_empty(self) -> list[ForeignSection]:
        merged: list[ForeignSection] = []
        pending: ForeignSection | None = None
        for section in self.sections:
            if pending is not None:
                if section.heading and pending.heading:
                    section.heading = f"{pending.heading}: {section.heading}"
                elif pending.heading:
                    section.heading = pending.heading
                section.number = section.number or pending.number
                section.line = pending.line
                section.after_gap = section.after_gap or pending.after_gap
                pending = None
            if not section.paragraphs:
                pending = section
                continue
            merged.append(section)
        if pending is not None:
            merged.append(pending)
        for position, section in enumerate(merged, start=1):
            section.index = position
        return merged


def split_sections(paras: list[Para]) -> list[ForeignSection]:
    return _Splitter(paras).run()
