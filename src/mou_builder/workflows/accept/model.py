"""What ``mou accept`` plans and reports: typed results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict

from ...errors import CheckFailed
from ..review import Change

if TYPE_CHECKING:
    from ...checks.engine import CheckResult

How = Literal["parameters", "negotiated", "title", "removed"]
TableRow = dict[str, int | str]
# a parameter value read back from accepted text
ParamValue = int | str | dt.date | list[TableRow]


class ItemsBlock(TypedDict):
    items: list[str]


class TableRef(TypedDict):
    table: str | None


# one block of clause text as spec source: a paragraph, lettered items, a table parameter
SourceBlock = str | ItemsBlock | TableRef


@dataclass(kw_only=True)
class ClauseOutcome:
    clause: str
    how: How
    changes: list[str]
    params: dict[str, tuple[object, ParamValue]] = field(default_factory=dict)  # old, new
    note: str = ""


@dataclass(kw_only=True)
class AcceptOutcome:
    output: Path
    spec: Path
    document: str
    accepted: list[Change]
    rejected: list[Change]
    untouched: list[Change]
    clauses: list[ClauseOutcome]
    revision: tuple[str, str]
    check: CheckResult | None = None
    skipped: list[str] = field(default_factory=list)  # accepted but without effect on text
    comments: int = 0
    written: bool = True  # False: the revision fails the check and was not written
    findings: list[str] = field(default_factory=list)  # review's findings, one line each

    def raise_if_failed(self) -> None:
        if self.check is not None and not self.check.ok():
            state = "" if self.written else " (not written; --allow-errors writes it)"
            raise CheckFailed(f"{self.output}: the new revision fails mou check{state}")


@dataclass(kw_only=True)
class Edit:
    """What to change in one clause entry of the spec."""

    clause: str
    version: int
    params: dict[str, ParamValue] = field(default_factory=dict)
    title: str | None = None
    text: list[SourceBlock] | None = None
    negotiated: str | None = None
    remove: bool = False
