"""One typographic policy for every text mou-builder prints.

Curly quotes and apostrophes (also in names and parameter values), US spelling, no-break
spaces inside dates ("June 10, 2027" never breaks at a line end), and no phrase said twice
in a row. The library's approved clause text stays as it was approved (its hash must not
drift); the policy is applied where text is rendered: assembly (so the agreement, its
redlines, reviews and the manifest's text hashes all agree), the cover and template
values (model/cover.py), the change memo and the compliance matrix.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .language import PASSAGE_START

NBSP = "\u00a0"

#: British spellings found in drafts and clause text -> the US spelling the board prints
US_SPELLING: dict[str, str] = {
    "authorised": "authorized",
    "authorise": "authorize",
    "authorises": "authorizes",
    "authorisation": "authorization",
    "organisation": "organization",
    "organisations": "organizations",
    "organised": "organized",
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "behavioural": "behavioral",
    "misbehaviour": "misbehavior",
    "counselling": "counseling",
    "counsellor": "counselor",
    "counsellors": "counselors",
    "offence": "offense",
    "offences": "offenses",
    "defence": "defense",
    "licence": "license",
    "colour": "color",
    "colours": "colors",
    "favour": "favor",
    "honour": "honor",
    "practise": "practice",
    "summarised": "summarized",
    "summarise": "summarize",
    "formalised": "formalized",
    "recognise": "recognize",
    "recognised": "recognized",
    "recognises": "recognizes",
    "emphasise": "emphasize",
    "emphasised": "emphasized",
    "minimise": "minimize",
    "prioritise": "prioritize",
    "centre": "center",
    "judgement": "judgment",
    "analyse": "analyze",
    "labelled": "labeled",
    "cancelled": "canceled",
}

_WORD = re.compile(r"\b(" + "|".join(sorted(US_SPELLING, key=len, reverse=True)) + r")\b", re.I)
_BRITISH = tuple(US_SPELLING)

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b({_MONTHS}) (\d{{1,2}}),? (\d{{4}})\b")
_MONTH_NAMES = tuple(_MONTHS.split("|"))
_MESES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
_DATE_ES = re.compile(rf"\b(\d{{1,2}}) de ({_MESES}) de (\d{{4}})\b")
# a phrase of two to six words said twice in a row ("agree as follows. The parties agree
# as follows." is a sentence, not a doubling; "the the" and "as follows as follows" are)
# (a word never gives back letters: what follows it is a space, so it is matched possessively)
_DOUBLED = re.compile(r"\b(?!(?:that|had) (?:that|had)\b)([A-Za-z]++(?: [A-Za-z]++){0,5}) \1\b")
_MARKUP = "*_\\"
# (an English passage marked in a text in another language opens like a text, and a
# Spanish quotation mark like an English one)
_OPENERS = " \t\n\u00a0([{\u2014\u2013-/\u201c\u2018\u00ab" + PASSAGE_START


def _spelling(match: re.Match[str]) -> str:
    word = match.group(0)
    us = US_SPELLING[word.casefold()]  # casefold: "ſ" and the Kelvin sign match too
    if word.isupper():
        return us.upper()
    return us[0].upper() + us[1:] if word[0].isupper() else us


def _previous(text: str, index: int) -> str:
    """The character before ``index``, looking through markup (``**``, ``_``)."""
    while index > 0 and text[index - 1] in _MARKUP:
        index -= 1
    return text[index - 1] if index > 0 else " "


def _quotes(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        if char == '"':
            out.append("\u201c" if _previous(text, index) in _OPENERS else "\u201d")
        elif char == "'":
            before = _previous(text, index)
            after = text[index + 1] if index + 1 < len(text) else " "
            opening = before in _OPENERS and not after.isdigit() and after not in " ,.;:"
            out.append("\u2018" if opening else "\u2019")
        else:
            out.append(char)
    return "".join(out)


def keep_dates_together(text: str) -> str:
    """ "June 10, 2027" with no-break spaces, so a date never breaks over two lines (in
    Spanish, "10 de junio" of "10 de junio de 2027")."""
    if any(month in text for month in _MONTH_NAMES):
        text = _DATE.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)},{NBSP}{m.group(3)}", text)
    if " de " not in text:
        return text
    # "30 de junio" stays whole; the year may go to the next line (narrow screens)
    return _DATE_ES.sub(lambda m: f"{m.group(1)}{NBSP}de{NBSP}{m.group(2)} de {m.group(3)}", text)


def undouble(text: str) -> str:
    """A word or phrase repeated back to back ("the the") said once."""
    return _DOUBLED.sub(lambda m: m.group(1), text)


def us_spelling(text: str) -> str:
    """British spellings in ``text`` replaced by the US ones, in the same case."""
    if text.isascii():  # else case-insensitive matching reaches beyond ASCII letters
        lower = text.lower()
        if not any(word in lower for word in _BRITISH):
            return text
    return _WORD.sub(_spelling, text)


def typeset(text: str) -> str:
    """``text`` as the board reads it: curly quotes and apostrophes, US spelling, dates kept
    on one line, no doubled words. Idempotent."""
    if type(text) is str:  # a str subclass (marked text) is never mixed up with its value
        return _typeset_cached(text)
    return _typeset(text)


@lru_cache(maxsize=8192)  # agreements built in one process (a batch) share most text
def _typeset_cached(text: str) -> str:
    return _typeset(text)


def _typeset(text: str) -> str:
    if not text:
        return text
    if '"' in text or "'" in text:
        text = _quotes(text)
    text = us_spelling(text)
    text = keep_dates_together(text)
    return undouble(text)


def violations(text: str) -> list[str]:
    """What in ``text`` breaks the policy (for tests and checks of built outputs)."""
    found = []
    if '"' in text:
        found.append("straight double quote")
    if "'" in text:
        found.append("straight apostrophe or single quote")
    found += [f"British spelling '{m.group(0)}'" for m in _WORD.finditer(text)]
    found += [f"date breaks across lines: '{m.group(0)}'" for m in _DATE.finditer(text)]
    found += [f"doubled: '{m.group(0)}'" for m in _DOUBLED.finditer(text)]
    return found
