"""THE column table of the terminal views: cells padded to their column, two spaces apart."""

from __future__ import annotations

from collections.abc import Sequence


def columns(rows: Sequence[Sequence[str]], *, rule: bool = False) -> list[str]:
    """Lines of ``rows`` in aligned columns; ``rule`` draws dashes under the first row.

    Trailing spaces are trimmed, so the last column is never padded.
    """
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if rule and index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines
