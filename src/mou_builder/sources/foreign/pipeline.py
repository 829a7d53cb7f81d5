"""Read, clean, split and classify one foreign agreement: the steps every command shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputError, Location
from .classify import Classified, Classifier, examples_from
from .cleanup import paragraphs
from .reading import ForeignText, read_foreign
from .split import ForeignSection, split_sections

if TYPE_CHECKING:
    from ..library import Library
    from ..profiles import ProfileSet

# what every SRO agreement talks about: without any of it, the file is something else
SUBJECT = re.compile(
    r"\bSROs?\b|school resource officers?|\bpolice\b|\bsheriff|law enforcement|\bschools?\b"
    r"|\bofficers?\b|\bdeput(?:y|ies)\b",
    re.I,
)


@dataclass
class Analysis:
    source: ForeignText
    sections: list[ForeignSection]
    classified: list[Classified]
    classifier: Classifier

    @property
    def placed(self) -> int:
        return sum(1 for c in self.classified if c.placed)

    def elements(self, certain_only: bool = True) -> set[str]:
        return {h.element for c in self.classified for h in c.hits if h.certain or not certain_only}


_LAST: list[
    tuple[Library | None, ProfileSet | None, Classifier]
] = []  # the last library and profiles, and theirs


def classifier_for(library: Library | None, profiles: ProfileSet | None = None) -> Classifier:
    """The classifier built from ``library`` and ``profiles`` (kept for the next call)."""
    if _LAST and _LAST[0][0] is library and _LAST[0][1] is profiles:
        return _LAST[0][2]
    classifier = Classifier(examples_from(library, profiles))
    _LAST[:] = [(library, profiles, classifier)]
    return classifier


def analyse(
    path: Path | str, library: Library | None = None, profiles: ProfileSet | None = None
) -> Analysis:
    source = read_foreign(path)
    sections = split_sections(paragraphs(source))
    where = Location(str(path))
    if not sections:
        raise InputError("the file holds no text", where)
    if not any(SUBJECT.search(s.text) for s in sections):
        raise InputError(
            "not an SRO agreement: no section mentions an SRO, the police or a school", where
        )
    classifier = classifier_for(library, profiles)
    return Analysis(source, sections, classifier.classify(sections), classifier)
