"""The text view of ``mou translations status``: one row per clause version and language."""

from __future__ import annotations

from ..model.schema import TranslationReport
from .table import columns


def report_lines(report: TranslationReport) -> list[str]:
    rows = [["CLAUSE", "VERSION", "LANG", "TRANSLATION", "NOTE"]]
    for row in report.translations:
        notes = list(row.problems)
        if row.changed:
            notes.insert(0, row.changed)
        elif row.state == "approved" and row.reviewer:
            notes.insert(0, f"approved by {row.reviewer}")
        elif row.state == "missing":
            notes.insert(0, "shown in English")
        state = row.state + (" (mismatch)" if row.problems else "")
        rows.append(
            [row.clause, f"v{row.version} {row.version_status}", row.lang, state, "; ".join(notes)]
        )
    counts = ", ".join(f"{count} {state}" for state, count in report.counts.items())
    return [*columns(rows, rule=True), "", f"{len(report.translations)} translation(s): {counts}"]
