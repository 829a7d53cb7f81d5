# ruff: noqa: E501 -- the date and party patterns read best whole
"""Parties, signatories, dates and term read from a foreign agreement's text, where it states them.

Each fact is found by the phrases agreements use ("entered into ... by and between X and Y",
"beginning on July 1, 2021 and ending on June 30, 2022", "this 1st day of July, 2024",
"Jane Doe, Superintendent"). A fact not found stays ``None``; whoever writes a spec from it
marks it to be filled in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .classify import ocr_normal

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
DAY_OF = re.compile(
    rf"(?:this\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+day\s+of\s+(?P<month>{MONTH}),?\s+(?P<year>\d{{4}})",
    re.I,
)
RANGE = re.compile(
    rf"(?:beginning|commencing|effective|starting|from)\s+(?:on\s+)?(?P<start>{DATE})[^.;]{{0,40}}?"
    rf"(?:and\s+)?(?:ending|through|until|to|expiring)\s+(?:on\s+)?(?P<end>{DATE})",
    re.I,
)
EFFECTIVE = re.compile(rf"effective\s+(?:as\s+of\s+|on\s+)?(?P<start>{DATE})", re.I)
ONE_TERM = re.compile(
    r"term\s+of\s+(?P<n>one|two|three|four|five|\d)[- ]?\(?\d?\)?\s*[- ]?years?", re.I
)
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}

DISTRICT = re.compile(
    r"(?:school\s+district|school\s+board|board\s+of\s+education|public\s+schools|unified|"
    r"independent\s+school|\bISD\b|\bschools\b|school\s+committee)",
    re.I,
)
AGENCY = re.compile(
    r"(?:police|sheriff|city\s+of|town\s+of|village\s+of|county|department|borough|township)", re.I
)
BETWEEN = re.compile(
    r"\bbetween[ \t]+(?P<a>[^\n]{3,160}?)[ \t]*,?[ \t]+and[ \t]+(?P<b>[^\n]{3,160}?)(?=[ \t]*(?:[.;]|$|,[ \t]*(?:is|for|to|a|an|the|hereinafter|referred|herein)\b|[ \t]+(?:for|is|to)[ \t]))",
    re.I | re.M,
)
SHORT = re.compile(
    r"\((?:[^()]{0,40}?(?:referred\s+to\s+(?:herein\s+)?as|hereinafter|the)\s*)?[\"“]?(?:the\s+)?[\"“](?P<short>[A-Z][\w .]{1,30}?)[\"”]",
)
SIGNATORY = re.compile(
    r"^[ \t]*(?:By:[ \t]*)?(?P<name>[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'-]+){1,2}),[ \t]*(?P<title>Superintendent|Chief\s+of\s+Police|Police\s+Chief|Sheriff|Mayor|City\s+Manager|"
    r"(?:Board\s+)?(?:Chair|President)|Chairperson|County\s+Executive)\b",
    re.M,
)
AND = re.compile(r"^(?:[^:]*:\s*)?(?P<a>.{3,120}?)\s+and\s+(?P<b>.{3,120})$", re.I)


@dataclass
class PartyFacts:
    name: str
    short: str | None = None


@dataclass
class Facts:
    district: PartyFacts | None = None
    agency: PartyFacts | None = None
    signatories: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    date: dt.date | None = None
    effective: dt.date | None = None
    expires: dt.date | None = None
    title: str | None = None


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    match = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
        match = re.match(rf"({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", text, re.I)
        if match:
            month = MONTHS[match.group(1).lower()]
            return dt.date(int(match.group(3)), month, int(match.group(2)))
    except ValueError:
        return None
    return None


def _clean_party(text: str) -> tuple[str, str | None]:
    short = SHORT.search(text)
    name = re.split(r"[({]|,?\s*(?:referred\s+to|hereinafter)\b", text, flags=re.I)[0]
    name = re.sub(r"\s+", " ", name).strip(' ,.;:()"“”')
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
    name = re.sub(r"\s*\(.*$", "", name).strip()
    return name, (short.group("short").strip() if short else None)


def read_facts(opening: str, whole: str, title: str | None = None) -> Facts:
    """Facts from the agreement's opening text (parties, date) and its whole text (term)."""
    facts = Facts(title=title)
    for match in [*BETWEEN.finditer(opening), *([AND.match(title)] if title else [])]:
        if match is None:
            continue
        for raw in (match.group("a"), match.group("b")):
            name, short = _clean_party(raw)
            if not name or len(name) > 120 or "_" in name or not name[:1].isupper():
                continue
            seen = ocr_normal(name)
            if DISTRICT.search(seen) and facts.district is None:
                facts.district = PartyFacts(name, short)
            elif AGENCY.search(seen) and not DISTRICT.search(seen) and facts.agency is None:
                facts.agency = PartyFacts(name, short)
        if facts.district and facts.agency:
            break
    day = DAY_OF.search(opening)
    if day:
        facts.date = parse_date(f"{day.group('month')} {day.group('day')}, {day.group('year')}")
    span = RANGE.search(whole)
    if span:
        facts.effective = parse_date(span.group("start"))
        facts.expires = parse_date(span.group("end"))
    else:
        effective = EFFECTIVE.search(whole)
        if effective:
            facts.effective = parse_date(effective.group("start"))
            years = ONE_TERM.search(whole)
            if facts.effective and years:
                n = years.group("n").lower()
                count = WORD_NUMBERS.get(n) or int(n)
                try:
                    facts.expires = facts.effective.replace(
                        year=facts.effective.year + count
                    ) - dt.timedelta(days=1)
                except ValueError:
                    facts.expires = None
    if facts.effective and facts.expires and facts.expires <= facts.effective:
        facts.expires = None
    for sig in SIGNATORY.finditer(whole):
        title_text = re.sub(r"\s+", " ", sig.group("title"))
        side = (
            "district"
            if re.match(r"Superintendent|Board|Chair|President", title_text)
            else "agency"
        )
        found = facts.signatories.setdefault(side, [])
        if (sig.group("name"), title_text) not in found:
            found.append((sig.group("name"), title_text))
    return facts
