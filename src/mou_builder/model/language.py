"""The languages mou writes in: codes, dates, and the fixed phrases of its documents.

One place answers "how does this read in Spanish?" for everything that is not a clause:
clause translations live with their clause versions in the library, while the fixed texts
(headings, the cover, the signature page, the approval block, the matrix, the memo, the web
page) live in the phrase catalogue ``mou_builder/data/i18n/<code>.yaml``, a flat mapping of
key to text with ``{name}`` fields filled by :func:`phrase`.

English is the governing language of every agreement; any other language is a translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path

GOVERNING = "en"

#: Language code -> the language's own name (shown in a language switch).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}

#: Language code -> the tag written into documents (w:lang, <html lang>, PDF /Lang).
TAGS: dict[str, str] = {"en": "en-US", "es": "es-US"}

_MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


class UnknownLanguage(ValueError):
    """A language code mou has no catalogue for."""

    def __init__(self, code: str) -> None:
        known = ", ".join(sorted(LANGUAGES))
        super().__init__(f"unknown language '{code}' (known: {known})")
        self.code = code


def check_language(code: str) -> str:
    """``code`` if mou writes that language, else :class:`UnknownLanguage`."""
    if code not in LANGUAGES:
        raise UnknownLanguage(code)
    return code


def tag(code: str) -> str:
    return TAGS[check_language(code)]


def format_date(value: dt.date, lang: str = GOVERNING) -> str:
    """``July 1, 2026`` in English, ``1 de julio de 2026`` in Spanish."""
    if check_language(lang) == "es":
        return f"{value.day} de {_MONTHS_ES[value.month - 1]} de {value.year}"
    return f"{value:%B} {value.day}, {value.year}"


def _catalogue_path(lang: str) -> Path:
    from importlib import resources  # only a command that writes a phrase pays for it

    return Path(str(resources.files("mou_builder") / "data" / "i18n" / f"{lang}.yaml"))


def _read_yaml(path: Path) -> object:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


_reader: Callable[[Path], object] = _read_yaml


def read_catalogues_with(reader: Callable[[Path], object]) -> None:
    """Read the catalogue files with ``reader`` (the input layer's parsed-file cache, so a
    run whose inputs are all cached parses no YAML); phrases already read are kept."""
    global _reader
    _reader = reader


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The phrases of one language (shipped data, so a broken file is a packaging bug)."""
    data = _reader(_catalogue_path(check_language(lang)))
    if not isinstance(data, dict):
        return {}
    return {str(key): str(value) for key, value in data.items()}


def phrase(key: str, lang: str = GOVERNING, **values: object) -> str:
    """The fixed text ``key`` in ``lang`` (English where the language lacks it)."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(GOVERNING)[key]
    return text.format(**values) if values else text


# A passage in the governing language inside a text written in another (quoted clause
# wording, a profile's requirement, a parameter's help text): marked in the text so a
# writer can tag it with its own language (``w:lang``) and a plain view can drop the marks.
PASSAGE_START, PASSAGE_END = "\ue000", "\ue001"
_OPEN, _CLOSE = PASSAGE_START, PASSAGE_END


def governing_passage(text: str, lang: str) -> str:
    """``text`` (in English) as a passage of a text in ``lang``: marked unless ``lang`` is
    English, so English documents are unchanged."""
    return text if lang == GOVERNING or not text else f"{_OPEN}{text}{_CLOSE}"


def passages(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut into ``(piece, language)``: :data:`GOVERNING` for a marked passage,
    None for the text's own language."""
    out: list[tuple[str, str | None]] = []
    for index, chunk in enumerate(text.split(_OPEN)):
        inside, _, rest = chunk.partition(_CLOSE) if index else ("", "", chunk)
        out += [(piece, lang) for piece, lang in ((inside, GOVERNING), (rest, None)) if piece]
    return out


def unmarked(text: str) -> str:
    """``text`` without the marks of :func:`governing_passage`."""
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def name_in(english: str, shown: str, lang: str) -> str:
    """A name (a title, a board) in a text in ``lang``: ``shown``, the name the agreement
    has in ``lang``, where it has its own; else the English name, marked as a passage."""
    return shown if shown != english else governing_passage(english, lang)
