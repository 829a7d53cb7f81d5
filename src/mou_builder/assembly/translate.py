"""Clause translations at assembly: which text a section shows in a language, and whether a
translation still matches the version it translates.

A version's translation into ``lang`` is in one of these states:

- ``missing``: there is none (or the section's text was negotiated for this agreement), so
  the section shows the governing English text, marked as English;
- ``stale``: it translates another version's text (``translates`` is not this version's hash);
- ``draft``: made but not yet reviewed;
- ``approved``: a reviewer approved it (only by editing the clause file).

A translation whose blocks do not match the English (kinds, order, table names, Jinja
variables) is never rendered: the section falls back to English and ``mou check --lang``
names the mismatch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..model.language import GOVERNING, catalogue
from ..model.params import Choice
from ..model.schema import (
    Block,
    ClauseVersion,
    ItemsBlock,
    Party,
    Spec,
    SpecWording,
    TableBlock,
    Translation,
)
from ..sources.library import LoadedClause
from .textrender import RenderError, placeholders

State = Literal["governing", "missing", "stale", "draft", "approved"]
STATES: tuple[State, ...] = ("missing", "stale", "draft", "approved")


@dataclass(frozen=True)
class Chosen:
    """What a section renders in a language: its blocks, title, and the translation state."""

    text: Sequence[Block]
    title: str | None  # the translated title (None: the English one)
    lang: str  # the language ``text`` is written in
    state: State
    translation: Translation | None = None

    @property
    def unofficial(self) -> bool:
        """A translation shown without a reviewer's approval of it for this version."""
        return self.lang != GOVERNING and self.state != "approved"


def state_of(loaded: LoadedClause, version: ClauseVersion, lang: str) -> State:
    """The state of ``version``'s translation into ``lang``."""
    if lang == GOVERNING:
        return "governing"
    translation = version.translations.get(lang)
    if translation is None:
        return "missing"
    if translation.translates != loaded.version_hash(version):
        return "stale"
    return translation.status


def choose(
    loaded: LoadedClause, version: ClauseVersion, lang: str, *, negotiated: bool = False
) -> Chosen:
    """The text a section of ``version`` shows in ``lang`` (negotiated text has none)."""
    if lang == GOVERNING:
        return Chosen(version.text, None, GOVERNING, "governing")
    translation = None if negotiated else version.translations.get(lang)
    if translation is None:
        return Chosen(version.text, None, GOVERNING, "missing")
    state = state_of(loaded, version, lang)
    if structure_problems(version.text, translation.text):
        return Chosen(version.text, None, GOVERNING, state, translation)
    return Chosen(translation.text, translation.title, lang, state, translation)


def localized(
    values: dict[str, object], version: ClauseVersion, translation: Translation | None
) -> dict[str, object]:
    """``values`` with each text value (an enum's, a text or list parameter's) that the
    translation's ``choices`` names for its parameter shown as they say; a value still
    compares as itself (``{% if freq == 'monthly' %}``)."""
    if translation is None or not translation.choices:
        return values
    shown = dict(values)
    for name, value in values.items():
        param = version.params.get(name)
        names = translation.choices.get(name)
        if param is None or not names:
            continue
        if param.type in ("enum", "str") and isinstance(value, str) and value in names:
            shown[name] = Choice(value, names[value])
        elif param.type == "list" and isinstance(value, list):
            shown[name] = [Choice(v, names[v]) if v in names else v for v in value]
    return shown


def column_labels(translation: Translation | None, table: str) -> dict[str, str]:
    """What a table parameter shows in the translation (``choices: {table: {...}}``): its
    column labels by column key, and any cell text by its English."""
    if translation is None:
        return {}
    return translation.choices.get(table, {})


def _kind(block: Block) -> str:
    if isinstance(block, ItemsBlock):
        return f"a list of {len(block.items)} item(s)"
    if isinstance(block, TableBlock):
        return f"table '{block.table}'"
    return "a paragraph"


def _strings(block: Block) -> list[str]:
    if isinstance(block, ItemsBlock):
        return list(block.items)
    return [block] if isinstance(block, str) else []


def _names(texts: list[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        try:
            found |= placeholders(text)
        except RenderError:
            found.add("<syntax error>")
    return found


def structure_problems(source: Sequence[Block], translated: Sequence[Block]) -> list[str]:
    """How ``translated`` differs in structure from ``source``: block count and kinds,
    table names and the Jinja variables each block uses (block numbers from 1)."""
    problems: list[str] = []
    if len(source) != len(translated):
        problems.append(f"has {len(translated)} block(s), the English {len(source)}")
    for number, (english, other) in enumerate(zip(source, translated, strict=False), start=1):
        if _kind(english) != _kind(other):
            problems.append(f"block {number} is {_kind(other)}, the English {_kind(english)}")
            continue
        ours, theirs = _names(_strings(english)), _names(_strings(other))
        for name in sorted(ours - theirs):
            problems.append(f"block {number} lacks the variable '{name}' of the English")
        for name in sorted(theirs - ours):
            problems.append(
                f"block {number} uses the variable '{name}', which the English does not"
            )
    return problems


def choice_problems(version: ClauseVersion, translation: Translation) -> list[str]:
    """``choices`` that can never apply: a parameter the version does not have, an enum
    value it does not offer, a column a table parameter lacks."""
    problems: list[str] = []
    for name, shown in translation.choices.items():
        param = version.params.get(name)
        if param is None:
            problems.append(f"choices name '{name}', which is not a parameter of the version")
        elif param.type == "enum":
            for value in sorted(set(shown) - set(param.choices or [])):
                problems.append(f"choices for '{name}' name '{value}', not one of its values")
        elif param.type not in ("str", "list", "table"):
            problems.append(f"choices for '{name}': a {param.type} parameter has no text to show")
    return problems


def spec_in(spec: Spec, lang: str) -> Spec:
    """``spec`` as an agreement in ``lang`` names itself: the spec's own ``translations``
    wording first; a party's short name that the catalogue knows (the library's own defined
    terms, "District", "Agency") in its word for it, as the clause translations use it."""
    if lang == GOVERNING:
        return spec
    wording = spec.translations.get(lang) or SpecWording()
    words = catalogue(lang)

    def party(current: Party, short: str | None) -> Party:
        shown = short or words.get(f"party.{current.short}", current.short)
        return current.model_copy(update={"short": shown})

    parties = spec.parties.model_copy(
        update={
            "district": party(spec.parties.district, wording.district_short),
            "agency": party(spec.parties.agency, wording.agency_short),
        }
    )
    board = spec.board.model_copy(update={"name": wording.board or spec.board.name})
    return spec.model_copy(
        update={"title": wording.title or spec.title, "parties": parties, "board": board}
    )
