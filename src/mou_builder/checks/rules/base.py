"""What every rule receives."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ...model.agreement import Agreement, Section
from ...sources.library import Library
from ...sources.profiles import ResolvedProfile

SENTENCE = re.compile(r"(?<=[.;:])\s+|\n")


@dataclass
class CheckContext:
    agreement: Agreement
    library: Library
    profiles: list[ResolvedProfile]
    today: dt.date
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def effective(self) -> dt.date:
        return self.agreement.spec.term.effective

    def sections_for(self, element: str) -> list[Section]:
        return self.agreement.sections_for_element(element)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(text) if s.strip()]
