"""List labels a reader sees ("7.", "(b)") compared with the document as built from the
spec: a paragraph sent with one label and returned with another (a ``startOverride``, a
changed ``lvlText`` or format, a ``numPr`` removed or added) is a finding naming the
section, since a reference to it ("Section 7(b)") now points elsewhere. Headings are
checked against the manifest's section numbers by the reader (:mod:`...ooxml.read.numbers`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...ooxml.read.numbers import block_labels
from .model import Finding
from .normal import normalize

if TYPE_CHECKING:
    from ...ooxml.read import ReturnedDocument

Where = Callable[[int], tuple[str | None, int | None]]
#: (paragraph text, label or None, block index) of each paragraph, per clause
Labelled = dict[str, list[tuple[str, str | None, int]]]


def labelled(doc: ReturnedDocument, headings: bool = True) -> Labelled:
    package = doc.package
    numbering = package.xml("word/numbering.xml") if package.has("word/numbering.xml") else None
    styles = package.xml("word/styles.xml") if package.has("word/styles.xml") else None
    labels = block_labels(doc.blocks, numbering, styles)
    found: Labelled = {}
    for block in doc.blocks:
        if block.para is None or block.clause is None or (block.heading and not headings):
            continue
        text = " ".join(normalize(block.para.all_text()).split())
        if text:
            found.setdefault(block.clause, []).append((text, labels.get(block.index), block.index))
    return found


def numbering_findings(
    doc: ReturnedDocument, expected: ReturnedDocument, where: Where
) -> list[Finding]:
    """One finding per clause whose paragraphs (those sent and still there) are labelled
    otherwise than they were sent."""
    got, sent = labelled(doc, headings=not doc.marked), labelled(expected)
    found: list[Finding] = []
    for clause, paragraphs in got.items():
        pool: dict[str, list[str | None]] = {}
        for text, label, _ in sent.get(clause, []):
            pool.setdefault(text, []).append(label)
        changed = []
        for text, label, index in paragraphs:
            labels = pool.get(text)
            if not labels:
                continue  # new or reworded text: an edit, reported as one
            was = labels.pop(0)
            if was != label:
                changed.append((was, label, text, index))
        if changed:
            found.append(_finding(changed, where))
    return found


def _finding(changed: list[tuple[str | None, str | None, str, int]], where: Where) -> Finding:
    clause, section = where(changed[0][3])
    pairs = [f"{was or 'no label'} now {label or 'no label'}" for was, label, _, _ in changed]
    return Finding(
        id="",
        clause=clause,
        section=section,
        kind="numbering",
        text="; ".join(f'{label or "no label"} "{text[:40]}"' for _, label, text, _ in changed),
        seen=f"list labels of Section {section} changed ({', '.join(pairs[:6])}): a "
        "reference to these items points elsewhere",
        severity="error",
        part="word/numbering.xml",
    )
