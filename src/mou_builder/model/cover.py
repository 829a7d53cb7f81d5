"""The words around the clauses, the same in Word and Markdown: the cover label and status
line, the opening paragraph, the signature page and the board approval block.

Every text here goes through :func:`typography.typeset`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from .agreement import Agreement
from .language import GOVERNING, format_date, phrase
from .schema import Spec
from .typography import typeset

#: a block of a board document (memo, matrix): ("h1" | "h2" | "p" | "item", text) or
#: ("table", header, rows, widths)
Block = tuple[Any, ...]

# "... agree as follows" ends the recitals, in English or in Spanish
_AGREES = re.compile(r"(agree as follows|acuerdan lo siguiente)[.:]?\s*$", re.I)


def signature_intro(lang: str = GOVERNING) -> str:
    return phrase("doc.signature_intro", lang)


def date_words(value: object, lang: str = GOVERNING) -> str:
    """``June 10, 2027`` (kept on one line), or the value as given, or ""."""
    if isinstance(value, dt.date):
        return typeset(format_date(value, lang))
    return typeset(str(value)) if value is not None else ""


class Approval(Mapping[str, str]):
    """The board's approval as a template sees it: in a draft an empty, false object whose
    fields are all "" (``{{ approval.meeting_date }}`` prints nothing, never fails)."""

    FIELDS = ("body", "meeting_date", "agenda_item", "resolution", "president", "clerk")

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self._values = {k: (values or {}).get(k, "") for k in self.FIELDS}
        self._given = bool(values)

    def __getitem__(self, key: str) -> str:
        return self._values.get(key, "")

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self._values.get(key, "")

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __bool__(self) -> bool:
        return self._given


def approval_of(
    spec: Spec, approval: Mapping[str, object] | None, lang: str = GOVERNING
) -> Approval:
    """The approval record of a final copy (``mou final --meeting ...``), or the empty one."""
    if not approval:
        return Approval()
    return Approval(
        {
            "body": typeset(str(approval.get("body") or spec.board.name)),
            "meeting_date": date_words(approval.get("meeting_date"), lang),
            "agenda_item": typeset(str(approval.get("agenda_item") or "")),
            "resolution": typeset(str(approval.get("resolution") or "")),
            "president": typeset(spec.board.president or ""),
            "clerk": typeset(str(approval.get("clerk") or "")),
        }
    )


def cover_label(title: str, lang: str = GOVERNING) -> str:
    """The line above the title, unless the title already says it."""
    label = phrase("doc.label", lang)
    said = {label.lower(), phrase("doc.label").lower()}
    return "" if any(words in title.lower() for words in said) else label


def status_text(
    spec: Spec, *, draft: bool, stamp: str | None, approval: Approval, lang: str = GOVERNING
) -> str:
    if stamp:
        return stamp
    if approval:
        said = phrase("doc.status.approved", lang, body=approval.body, date=approval.meeting_date)
        record = [
            phrase("doc.status.agenda_item", lang, item=approval.agenda_item)
            if approval.agenda_item
            else "",
            phrase("doc.status.resolution", lang, resolution=approval.resolution)
            if approval.resolution
            else "",
        ]
        record = [r for r in record if r]
        return typeset(said + (f" ({', '.join(record)})" if record else ""))
    return phrase("doc.status.draft" if draft else "doc.status.final", lang)


def draft_note(spec: Spec, *, draft: bool, stamp: str | None, lang: str = GOVERNING) -> str:
    if stamp:
        return typeset(phrase("doc.note.stamp", lang, board=spec.board.name))
    if draft:
        return typeset(phrase("doc.note.draft", lang, board=spec.board.name))
    return ""


def agrees_already(agreement: Agreement) -> bool:
    """Whether the first section (the recitals) already ends "... agree as follows"."""
    if not agreement.sections or not agreement.sections[0].blocks:
        return False
    return bool(_AGREES.search(agreement.sections[0].blocks[-1].text))


def intro_text(agreement: Agreement, lang: str = GOVERNING) -> str:
    spec = agreement.spec
    district, agency = spec.parties.district, spec.parties.agency
    text = phrase(
        "doc.intro",
        lang,
        district=district.name,
        district_short=district.short,
        agency=agency.name,
        agency_short=agency.short,
        effective=date_words(spec.term.effective, lang),
        expires=date_words(spec.term.expires, lang),
    )
    agree = phrase("doc.agree", lang)
    return typeset(text if agrees_already(agreement) else f"{text} {agree}")


def approval_sentence(spec: Spec, approval: Approval, lang: str = GOVERNING) -> str:
    if approval:
        return typeset(
            phrase(
                "doc.approval.done",
                lang,
                body=approval.body,
                date=approval.meeting_date,
                item=approval.agenda_item or "________",
                resolution=approval.resolution or "____________",
            )
        )
    return typeset(phrase("doc.approval.blank", lang, board=spec.board.name))


def approval_signers(spec: Spec, lang: str = GOVERNING) -> list[dict[str, str]]:
    """Who signs the approval block: the board's president (by name when the spec gives it)
    and its clerk; ``label`` is the line printed under the signature line."""
    board = typeset(spec.board.name)
    president = typeset(spec.board.president or "")
    signers = [
        {"name": president, "title": phrase("doc.approval.president", lang, board=board)},
        {"name": "", "title": phrase("doc.approval.clerk", lang, board=board)},
    ]
    for signer in signers:
        signer["label"] = ", ".join(v for v in (signer["name"], signer["title"]) if v)
    return signers
