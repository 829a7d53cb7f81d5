"""The assembled agreement: the one intermediate form every consumer works on.

Checks read it, writers (docx, markdown) render it, comparisons diff two of them. Nothing
here knows about Word XML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import Location
from .hashing import sha256_text
from .schema import Spec


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    runs: list[Run]
    kind: Literal["text", "item"] = "text"  # "item": a lettered sub-item (a), (b) ...

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]

    @property
    def text(self) -> str:
        lines = ["\t".join(self.columns)]
        lines += ["\t".join(row) for row in self.rows]
        return "\n".join(lines)


Block = Paragraph | Table


@dataclass
class Section:
    number: int
    clause_id: str
    version: int
    title: str
    elements: list[str]
    blocks: list[Block]
    status: str = "approved"
    citations: list[str] = field(default_factory=list)
    locked: bool = False
    content_hash: str = ""  # the library version's hash (what was approved)
    params: dict[str, Any] = field(default_factory=dict)
    blanks: list[str] = field(default_factory=list)  # parameters left unfilled
    pinned: bool = True
    negotiated: bool = False  # text replaced by per-agreement negotiated text
    location: Location | None = None  # the spec entry
    source: Location | None = None  # the clause version in the library
    lang: str = "en"  # the language title and blocks are written in
    # the translation's state in the agreement's language (assembly.translate.State):
    # governing (an English agreement), missing, stale, draft or approved
    translation: str = "governing"

    @property
    def unofficial(self) -> bool:
        """A translation shown that no reviewer approved for this version."""
        return self.lang != "en" and self.translation != "approved"

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def text(self) -> str:
        """Plain text of the body, one block per line (what redlines and reviews compare)."""
        return "\n".join(b.text for b in self.blocks)

    @property
    def text_hash(self) -> str:
        return sha256_text(self.title + "\n" + self.text)

    def mark(self, lang: str) -> str:
        """The note a document in ``lang`` puts under this section's heading: why the
        section is in English, or that its translation is unofficial ("" for none)."""
        from .language import GOVERNING, phrase

        if lang == GOVERNING:
            return ""
        if self.lang != lang:
            return phrase("doc.section.in_english", lang)
        return phrase("translation.unofficial", lang) if self.unofficial else ""

    def text_hash_in(self, lang: str) -> str:
        """The hash of the section as a document in ``lang`` shows it (its mark included)."""
        mark = self.mark(lang)
        if not mark:
            return self.text_hash
        return sha256_text(self.title + "\n" + mark + "\n" + self.text)


@dataclass
class Agreement:
    spec: Spec
    sections: list[Section]
    spec_path: str = "<spec>"
    spec_hash: str = ""
    findings: list[Any] = field(default_factory=list)  # problems found while assembling
    locations: dict[str, Location] = field(default_factory=dict)  # spec keys: term, clauses...
    lang: str = "en"  # the language the agreement was assembled in

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def date(self) -> dt.date:
        return self.spec.date

    def section_for(self, clause_id: str) -> Section | None:
        return next((s for s in self.sections if s.clause_id == clause_id), None)

    def sections_for_element(self, element: str) -> list[Section]:
        return [s for s in self.sections if element in s.elements]

    def manifest(self) -> dict[str, Any]:
        """What a built document records about itself (custom properties, sidecar); a
        translation also records its language and each section's translation state."""
        clauses: list[dict[str, object]] = [
            {
                "id": s.clause_id,
                "version": s.version,
                "hash": s.content_hash,
                "text_hash": s.text_hash_in(self.lang),
                "section": s.number,
                "negotiated": s.negotiated,
            }
            for s in self.sections
        ]
        found: dict[str, object] = {
            "agreement": self.spec.id,
            "revision": self.spec.revision,
            "spec_hash": self.spec_hash,
            "clauses": clauses,
        }
        if self.lang != "en":
            found["lang"] = self.lang
            for entry, section in zip(clauses, self.sections, strict=True):
                entry["translation"] = section.translation
        return found
