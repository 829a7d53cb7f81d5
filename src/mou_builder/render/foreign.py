"""Text views of a foreign agreement's check: the sections found and the coverage matrix.

The matrix is the spec matrix's shape (element, where, one column per profile) with the
confidence and the words relied on: "4 (0.93)" is the fourth section, sure; "7 (0.41?)" is
the seventh, which only may cover the element. Sections are counted in order (the
agreement's own numbering is shown beside each in the section list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .coverage import MARK
from .table import columns

if TYPE_CHECKING:
    from ..sources.foreign.classify import Classified, ElementHit
    from ..workflows.foreign import ForeignCheck


def _evidence(hit: ElementHit) -> str:
    shown = "; ".join(hit.evidence[:2])
    return shown if len(shown) <= 70 else shown[:67] + "..."


def sections_text(check: ForeignCheck) -> list[str]:
    rows = [["section", "number", "heading", "elements"]]
    for classified in check.analysis.classified:
        section = classified.section
        elements = (
            ", ".join(h.element + ("" if h.certain else "?") for h in classified.hits)
            or "(none placed)"
        )
        heading = section.heading if len(section.heading) <= 50 else section.heading[:47] + "..."
        rows.append([str(section.index), section.number or "-", heading or "-", elements])
    return columns(rows, rule=True)


def foreign_matrix_text(check: ForeignCheck) -> list[str]:
    result = check.result
    by_element: dict[str, list[tuple[Classified, ElementHit]]] = {}
    for classified in check.analysis.classified:
        for hit in classified.hits:
            by_element.setdefault(hit.element, []).append((classified, hit))
    header = ["element", "sections", "evidence"] + [p.id for p in result.profiles]
    rows = [header]
    for element in result.coverage():
        found = sorted(by_element.get(element, []), key=lambda ch: -ch[1].confidence)
        where = ", ".join(
            f"{c.section.index} ({h.confidence:.2f}{'' if h.certain else '?'})" for c, h in found
        )
        evidence = _evidence(found[0][1]) if found else "-"
        marks = [MARK[result.requirement_for(p, element)] for p in result.profiles]
        rows.append([element, where or "MISSING", evidence, *marks])
    return columns(rows, rule=True)
