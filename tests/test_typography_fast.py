"""The typography policy's shortcuts (texts with nothing to change skip a rule, a word is
matched possessively, results are remembered) print exactly what the plain rules print."""

from __future__ import annotations

import re

import pytest

from mou_builder.model import typography
from mou_builder.model.typography import typeset

# the rules written out plainly, applied to every text
_DOUBLED = re.compile(r"\b(?!(?:that|had) (?:that|had)\b)([A-Za-z]+(?: [A-Za-z]+){0,5}) \1\b")


def _plain(text: str) -> str:
    if not text:
        return text
    if '"' in text or "'" in text:
        text = typography._quotes(text)
    text = typography._WORD.sub(typography._spelling, text)
    nbsp = typography.NBSP
    text = typography._DATE.sub(
        lambda m: f"{m.group(1)}{nbsp}{m.group(2)},{nbsp}{m.group(3)}", text
    )
    return _DOUBLED.sub(lambda m: m.group(1), text)


TEXTS = [
    "",
    'The officer\'s "duties" begin June 10, 2027 and end July 1 2028.',
    "The Organisation's BEHAVIOUR policy; Counselling by the counsellor.",
    "authori\u017fe the \u212aey licence",  # long s and Kelvin sign match case-insensitively
    "Colour2 colours_ colour.",
    "the the parties agree as follows as follows to to the terms.",
    "that that had had officer officers officer",
    "the school and the school district and the school",
    "in the in the in the",
    "Mayday 3, 2020; May 3, 20201; May 31, 2020.",
    "caf\u00e9 caf\u00e9 na\u00efve behaviour",
    "no change needed here at all",
]


@pytest.mark.parametrize("text", TEXTS)
def test_typeset_is_the_plain_rules(text: str) -> None:
    assert typeset(text) == _plain(text)
    assert typeset(text) == _plain(text)  # remembered: the same again


def test_marked_text_is_typeset_as_without_the_memory() -> None:
    class Marked(str):
        pass

    assert type(typeset("no change needed")) is str
    for text in ("no change needed", "the the behaviour"):
        marked = typeset(Marked(text))
        assert marked == _plain(Marked(text)) and type(marked) is type(_plain(Marked(text)))
