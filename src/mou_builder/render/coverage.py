"""Text renderings of check results: findings and the coverage matrix."""

from __future__ import annotations

from ..checks.engine import CheckResult
from .table import columns

MARK = {"error": "required", "warning": "recommended", "info": "noted", None: "-"}


def findings_text(result: CheckResult) -> list[str]:
    return [f.format() for f in result.findings]


def summary_line(result: CheckResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    infos = len(result.findings) - errors - warnings
    profiles = ", ".join(p.id for p in result.profiles) or "no profile"
    verdict = "FAILED" if errors else "ok"
    return (
        f"{result.agreement.spec_path}: {verdict}: {errors} error(s), {warnings} warning(s), "
        f"{infos} note(s) under {profiles}"
    )


def matrix_rows(result: CheckResult) -> list[list[str]]:
    sections = {s.clause_id: s for s in result.agreement.sections}
    header = ["element", "clause", "section"] + [p.id for p in result.profiles]
    rows = [header]
    for element, clause_ids in result.coverage().items():
        clauses = ", ".join(clause_ids) or "MISSING"
        numbers = ", ".join(str(sections[c].number) for c in clause_ids) or "-"
        marks = [MARK[result.requirement_for(p, element)] for p in result.profiles]
        rows.append([element, clauses, numbers, *marks])
    return rows


def matrix_text(result: CheckResult) -> list[str]:
    return columns(matrix_rows(result), rule=True)


def report_lines(result: CheckResult, tables: list[list[str]]) -> list[str]:
    """The whole text report: the findings, then each table, then the summary line."""
    lines = findings_text(result)
    if result.findings:
        lines.append("")
    for table in tables:
        lines += [*table, ""]
    return [*lines, summary_line(result)]
