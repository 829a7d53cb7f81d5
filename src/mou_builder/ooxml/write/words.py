"""The fixed words of a template (``between``, ``Term``, ``Signatures``, ``Page … of …``) in
the document's language: every text run whose whole text is one of the catalogue's
``doc.word.*`` phrases in English is given that phrase in the language. Clause text is
spliced in afterwards, so it is never touched."""

from __future__ import annotations

import re
import zlib
from collections.abc import Collection
from functools import cache
from zipfile import ZIP_DEFLATED

from ...model.language import GOVERNING, catalogue, phrase
from ..package import Raw

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

    revision = f" · {phrase('doc.word.revision')} "

    def swap(match: re.Match[str]) -> str:
        text = match.group(2)
        shown = words.get(text)
        if shown is None:  # a running header's "ID · Revision N"
            if revision not in text:
                return match.group(0)
            shown = text.replace(revision, f" · {phrase('doc.word.revision', lang)} ")
        return f"{match.group(1)}{shown}{match.group(3)}"

    return _TEXT.sub(swap, xml)


_RUNNING = re.compile(r"word/(?:header|footer)\d*\.xml")


def translate_static_parts(
    parts: dict[str, bytes | Raw], rendered: Collection[str], lang: str
) -> None:
    """The running headers and footers the template has without any tag (copied as they
    are for English: "Page 1 of 3") with their fixed words in ``lang``, in ``parts``."""
    if lang == GOVERNING:
        return
    for name, data in list(parts.items()):
        if name in rendered or not _RUNNING.fullmatch(name):
            continue
        if isinstance(data, Raw):
            data = (
                zlib.decompress(data.payload, -15) if data.method == ZIP_DEFLATED else data.payload
            )
        text = data.decode("utf-8")
        shown = translate_words(text, lang)
        if shown != text:
            parts[name] = shown.encode("utf-8")
