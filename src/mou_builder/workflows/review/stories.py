"""Headers, footers, footnotes and endnotes, read and compared like the body: each line a
reader sees there with words the document as built from the spec (draft or final) has in
none of these stories is a finding (templates change layout between builds, not words)
(headers and footers in no clause, a note in the clause that refers to it). Without a spec
only notes can be reported (mou writes none)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...ooxml.read.stories import NOTE_PARTS, story_lines
from ...ooxml.safezip import Package
from .model import Finding
from .normal import escaped, normalize

if TYPE_CHECKING:
    from ...ooxml.read import ReturnedDocument

Where = Callable[[int], tuple[str | None, int | None]]
_DIGITS = re.compile(r"\d+")


def _words(text: str) -> list[str]:
    """The words of a line; numbers (page numbers, dates in field results) do not count."""
    return _DIGITS.sub("#", normalize(text)).split()


def _expected(built: list[Package]) -> set[str]:
    found: set[str] = set()
    for package in built:
        for lines in story_lines(package).values():
            found.update(word for _, text in lines for word in _words(text))
    return found


def story_findings(
    doc: ReturnedDocument, built: list[Package] | None, where: Where
) -> list[Finding]:
    """``built``: the document as built from the spec (:func:`.expected.as_built`)."""
    stories = story_lines(doc.package)
    if not any(stories.values()):
        return []
    expected = _expected(built) if built is not None else None
    found: list[Finding] = []
    for part, lines in stories.items():
        note = NOTE_PARTS.get(part)
        if note is None and expected is None:
            continue  # a header or footer can only be compared with a spec
        for note_id, text in lines:
            new = [x for x in _words(text) if expected is None or x not in expected]
            if not new:
                continue
            clause, section = (None, None)
            if note is not None and (note, note_id) in doc.note_refs:
                clause, section = where(doc.note_refs[(note, note_id)])
            kind = note or part.removeprefix("word/").split(".")[0].rstrip("0123456789")
            found.append(
                Finding(
                    id="",
                    clause=clause,
                    section=section,
                    kind=kind,
                    text=escaped(text),
                    seen=f"this text in the {kind} ({part}); words the document as built "
                    f"does not have there: {' '.join(dict.fromkeys(new))[:80]}",
                    severity="error" if expected is not None else "warning",
                    part=part,
                )
            )
    return found
