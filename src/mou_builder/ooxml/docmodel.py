"""Any .docx body as comparable segments: one per clause (by marker), free text between.

A document built by mou carries clause markers (:mod:`.markers`); each clause becomes one
segment keyed ``clause:<id>``. Blocks outside any clause form ``free:<n>`` segments. A
document without markers is one free segment (paragraph-aligned comparison).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml.etree import _Element as Element

from .clausemap import clause_spans, clear_marker_placeholders
from .ns import w
from .revisions import block_text

if TYPE_CHECKING:  # built for `mou diff` only, not by a redline
    from ..model.units import Unit

P, TBL, SDT, SDT_CONTENT, BODY = w("p"), w("tbl"), w("sdt"), w("sdtContent"), w("body")
NOTE, ENDNOTE, TXBX, TC = w("footnote"), w("endnote"), w("txbxContent"), w("tc")
HDR, FTR = w("hdr"), w("ftr")


@dataclass
class DocBlock:
    """A body-level paragraph or table. Its text and markup are read on first use (most
    blocks of a redline are unchanged and never read): use them before changing the block."""

    element: Element
    kind: str  # "p" | "tbl"
    known_text: str | None = None  # the text, once read (an unchanged block is never read)
    known_markup: bytes | None = None  # the serialized XML, once compared

    @property
    def text(self) -> str:
        if self.known_text is None:
            self.known_text = block_text(self.element)
        return self.known_text

    def same_as(self, other: DocBlock) -> bool:
        """The two blocks are byte for byte the same XML (compare before changing either)."""
        return self.markup() == other.markup()

    def markup(self) -> bytes:
        if self.known_markup is None:
            self.known_markup = etree.tostring(self.element, with_tail=False)
        return self.known_markup


@dataclass
class Segment:
    key: str
    clause_id: str | None = None
    version: int | None = None
    number: int | None = None
    blocks: list[DocBlock] = field(default_factory=list)
    name: str = ""  # what to call text outside clauses

    @property
    def title(self) -> str:
        if self.clause_id is None:
            return self.name
        return self.blocks[0].text if self.blocks else self.clause_id

    def unit(self) -> Unit:
        from ..model.units import Unit

        return Unit(
            self.key,
            self.clause_id,
            self.version,
            self.title,
            self.number,
            [b.text for b in self.blocks],
        )


def body_of(root: Element) -> Element:
    """The w:body of a document (a note, text box, cell, header or footer: its own)."""
    if root.tag in (BODY, NOTE, ENDNOTE, TXBX, TC, HDR, FTR):
        return root
    body = root.find(BODY)
    if body is None:
        raise ValueError("no w:body")
    return body


def iter_blocks(container: Element) -> list[Element]:
    """Body-level paragraphs and tables in order, looking through block content controls."""
    blocks: list[Element] = []
    for child in container:
        if child.tag in (P, TBL):
            blocks.append(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                blocks.extend(iter_blocks(content))
    return blocks


def read_segments(root: Element, manifest: dict[str, Any] | None = None) -> list[Segment]:
    clear_marker_placeholders(root)
    body = body_of(root)
    spans = clause_spans(root, manifest)
    owner: dict[int, int] = {}
    for index, span in enumerate(spans):
        for el in span.elements:
            owner[id(el)] = index
    segments: list[Segment] = []
    current: int | str | None = "start"
    free = 0
    for el in iter_blocks(body):
        span_index = owner.get(id(el))
        if span_index != current or not segments:
            if span_index is None:
                segments.append(Segment(f"free:{free}"))
                free += 1
            else:
                span = spans[span_index]
                segments.append(
                    Segment(f"clause:{span.clause_id}", span.clause_id, span.version, span.section)
                )
            current = span_index
        segments[-1].blocks.append(DocBlock(el, "p" if el.tag == P else "tbl"))
    del spans  # the element proxies stay alive through the blocks
    return _unique_keys(segments)


def _unique_keys(segments: list[Segment]) -> list[Segment]:
    """A clause id appearing twice (hand-edited document) keeps only its first key."""
    seen: set[str] = set()
    for seg in segments:
        if seg.key in seen:
            seg.key = f"{seg.key}#{len(seen)}"
        seen.add(seg.key)
    return segments


def same_blocks(old: Segment, new: Segment) -> bool:
    """Both segments hold the same blocks byte for byte (nothing to compare or track)."""
    return len(old.blocks) == len(new.blocks) and all(
        a.same_as(b) for a, b in zip(old.blocks, new.blocks, strict=True)
    )


def has_clauses(segments: list[Segment]) -> bool:
    return any(s.clause_id is not None for s in segments)


def flatten(segments: list[Segment]) -> list[Segment]:
    """Everything as one free segment (for paragraph-aligned comparison)."""
    whole = Segment("free:0")
    for seg in segments:
        whole.blocks.extend(seg.blocks)
    return [whole]
