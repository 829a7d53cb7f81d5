"""The fixed words of a template (``between``, ``Term``, ``Signatures``, ``Page … of …``) in
the document's language: every text run whose whole text is one of the catalogue's
``doc.word.*`` phrases in English is given that phrase in the language. Clause text is
spliced in afterwards, so it is never touched."""

from __future__ import annotations

import re
from functools import cache

from ...model.language import GOVERNING, catalogue, phrase

_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]+)(</w:t>)")


@cache
def _words(lang: str) -> dict[str, str]:
    english = {k: v for k, v in catalogue(GOVERNING).items() if k.startswith("doc.word.")}
    return {text: phrase(key, lang) for key, text in english.items()}


def translate_words(xml: str, lang: str) -> str:
    """``xml`` (a rendered template part) with its fixed words in ``lang``."""
    if lang == GOVERNING:
        return xml
    words = _words(lang)

    def swap(match: re.Match[str]) -> str:
        shown = words.get(match.group(2))
        if shown is None:
            return match.group(0)
        return f"{match.group(1)}{shown}{match.group(3)}"

    return _TEXT.sub(swap, xml)
