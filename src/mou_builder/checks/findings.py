"""What checks report."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Location
from ..model.schema import Severity

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    element: str | None = None
    clause: str | None = None
    location: Location | None = None
    citation: str | None = None

    def format(self) -> str:
        where = str(self.location) if self.location else "-"
        text = f"{where}: {self.severity}: {self.message} ({self.rule})"
        if self.citation:
            text += f" [{self.citation}]"
        return text

    @property
    def key(self) -> tuple[str, str, str | None]:
        """The same problem in two runs: rule, message and clause."""
        return (self.rule, self.message, self.clause)

    def to_json(self) -> dict[str, str | None]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "element": self.element,
            "clause": self.clause,
            "message": self.message,
            "location": str(self.location) if self.location and self.location.line else None,
            "citation": self.citation,
        }


def sort_key(finding: Finding) -> tuple[int, str, int, int, str]:
    loc = finding.location
    return (
        SEVERITY_ORDER.get(finding.severity, 3),
        loc.file if loc else "",
        (loc.line or 0) if loc else 0,
        (loc.column or 0) if loc else 0,
        finding.rule,
    )
