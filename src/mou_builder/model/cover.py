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
from .schema import Spec
from .typography import typeset

#: a block of a board document (memo, matrix): ("h1" | "h2" | "p" | "item", text) or
#: ("table", header, rows, widths)
Block = tuple[Any, ...]

LABEL = "Memorandum of Understanding"
AGREE = "The parties agree as follows."
SIGNATURE_INTRO = (
    "Each party signs this Agreement through the representative named below, who "
    "confirms that they are authorized to bind that party."
)
_AGREES = re.compile(r"agree as follows[.:]?\s*$", re.I)


def date_words(value: object) -> str:
    """``June 10, 2027`` (kept on one line), or the value as given, or ""."""
    if isinstance(value, dt.date):
        return typeset(f"{value:%B} {value.day}, {value.year}")
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


def approval_of(spec: Spec, approval: Mapping[str, object] | None) -> Approval:
    """The approval record of a final copy (``mou final --meeting ...``), or the empty one."""
    if not approval:
        return Approval()
    return Approval(
        {
            "body": typeset(str(approval.get("body") or spec.board.name)),
            "meeting_date": date_words(approval.get("meeting_date")),
            "agenda_item": typeset(str(approval.get("agenda_item") or "")),
            "resolution": typeset(str(approval.get("resolution") or "")),
            "president": typeset(spec.board.president or ""),
            "clerk": typeset(str(approval.get("clerk") or "")),
        }
    )


def cover_label(title: str) -> str:
    """The line above the title, unless the title already says it."""
    return "" if LABEL.lower() in title.lower() else LABEL


def status_text(spec: Spec, *, draft: bool, stamp: str | None, approval: Approval) -> str:
    if stamp:
        return stamp
    if approval:
        said = f"Approved by the {approval.body} on {approval.meeting_date}"
        record = [
            f"agenda item {approval.agenda_item}" if approval.agenda_item else "",
            f"resolution {approval.resolution}" if approval.resolution else "",
        ]
        record = [r for r in record if r]
        return typeset(said + (f" ({', '.join(record)})" if record else ""))
    return "Draft for discussion" if draft else "Final for signature"


def draft_note(spec: Spec, *, draft: bool, stamp: str | None) -> str:
    if stamp:
        return typeset(
            "This document was built although checks found errors. It must not be "
            f"presented to the {spec.board.name} for approval."
        )
    if draft:
        return typeset(
            "This is a draft for discussion between the parties. It has not been "
            f"approved by the {spec.board.name}."
        )
    return ""


def agrees_already(agreement: Agreement) -> bool:
    """Whether the first section (the recitals) already ends "... agree as follows"."""
    if not agreement.sections or not agreement.sections[0].blocks:
        return False
    return bool(_AGREES.search(agreement.sections[0].blocks[-1].text))


def intro_text(agreement: Agreement) -> str:
    spec = agreement.spec
    district, agency = spec.parties.district, spec.parties.agency
    text = (
        f'This Memorandum of Understanding (the "Agreement") is made between {district.name} '
        f'(the "{district.short}") and {agency.name} (the "{agency.short}"). It takes effect '
        f"on {date_words(spec.term.effective)} and runs until {date_words(spec.term.expires)} "
        "unless ended earlier under its terms."
    )
    return typeset(text if agrees_already(agreement) else f"{text} {AGREE}")


def approval_sentence(spec: Spec, approval: Approval) -> str:
    if approval:
        return typeset(
            f"Approved by the {approval.body} at its meeting of {approval.meeting_date}, "
            f"agenda item {approval.agenda_item or '________'}, resolution "
            f"{approval.resolution or '____________'}."
        )
    return typeset(
        f"Approved by the {spec.board.name} at its meeting of ____________________, "
        "agenda item ________, resolution no. ____________."
    )


def approval_signers(spec: Spec) -> list[dict[str, str]]:
    """Who signs the approval block: the board's president (by name when the spec gives it)
    and its clerk; ``label`` is the line printed under the signature line."""
    board = typeset(spec.board.name)
    president = typeset(spec.board.president or "")
    signers = [
        {"name": president, "title": f"President of the {board}"},
        {"name": "", "title": f"Clerk of the {board}"},
    ]
    for signer in signers:
        signer["label"] = ", ".join(v for v in (signer["name"], signer["title"]) if v)
    return signers
