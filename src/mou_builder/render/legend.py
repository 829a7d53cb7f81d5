"""The words of a redline's legend: what was compared with what, which revisions, which
date, and how tracked changes read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.cover import date_words
from ..model.typography import typeset

if TYPE_CHECKING:
    from ..workflows.redline import Side


def _described(side: Side) -> str:
    name = Path(side.path).name
    agreement = side.agreement
    if agreement is None:
        return name
    spec = agreement.spec
    return f"{name} (revision {spec.revision}, dated {date_words(spec.date)})"


def _when(stamp: str) -> str:
    try:
        return date_words(dt.date.fromisoformat(stamp[:10]))
    except ValueError:
        return stamp


def legend_lines(old: Side, new: Side, author: str, when: str) -> list[str]:
    return [
        typeset(f"Redline: {old.label} compared with {new.label}"),
        typeset(f"Earlier text: {_described(old)}. New text: {_described(new)}."),
        typeset(
            "Added words are underlined and removed words struck through; each change is a "
            f"tracked revision by {author}, dated {_when(when)}. This box is not part of the "
            "agreement."
        ),
    ]
