"""Pydantic models: the single source of truth for every file format mou-builder reads.

- clause files (``clauses/*.yaml``): :class:`Clause` with its :class:`ClauseVersion` list;
- agreement specs (``*.mou.yaml``): :class:`Spec`;
- requirement profiles (``profiles/*.yaml``): :class:`Profile`.

Loading (with file:line:col on each error) lives in :mod:`mou_builder.sources.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .elements import ELEMENTS
from .params import coerce

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
PARAM_PATTERN = r"^[a-z_][a-z0-9_]*$"
Severity = Literal["error", "warning", "info"]
Status = Literal["draft", "approved", "superseded", "withdrawn"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _check_elements(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in ELEMENTS]
    if unknown:
        raise ValueError(
            f"unknown element {unknown[0]!r}; known elements: {', '.join(sorted(ELEMENTS))}"
        )
    return values


# --------------------------------------------------------------------------- clauses


class TableColumn(Strict):
    key: Annotated[str, Field(pattern=PARAM_PATTERN)]
    label: str
    type: Literal["str", "int"] = "str"


class Param(Strict):
    """A typed blank in a clause version."""

    type: Literal["str", "int", "date", "enum", "list", "bool", "table"]
    help: str
    default: Any = None
    min: int | None = None
    max: int | None = None
    choices: list[str] | None = None
    columns: list[TableColumn] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Param:
        if self.type == "enum" and not self.choices:
            raise ValueError("an enum parameter needs 'choices'")
        if self.type != "enum" and self.choices is not None:
            raise ValueError("'choices' is only for enum parameters")
        if self.type == "table" and not self.columns:
            raise ValueError("a table parameter needs 'columns'")
        if self.type != "table" and self.columns is not None:
            raise ValueError("'columns' is only for table parameters")
        if (self.min is not None or self.max is not None) and self.type != "int":
            raise ValueError("'min'/'max' are only for int parameters")
        if self.default is not None:
            coerce(self, self.default)
        return self


class ItemsBlock(Strict):
    """Lettered sub-items: (a), (b), (c) ..."""

    items: list[str] = Field(min_length=1)


class TableBlock(Strict):
    """A table filled from a ``table`` parameter."""

    table: Annotated[str, Field(pattern=PARAM_PATTERN)]


Block = str | ItemsBlock | TableBlock

TranslationStatus = Literal["draft", "approved"]
HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"


def _known_language(code: str) -> str:
    from .language import GOVERNING, check_language

    if check_language(code) == GOVERNING:
        raise ValueError(f"'{code}' is the governing language: its text is the version's 'text'")
    return code


class Translation(Strict):
    """A clause version in another language: the same blocks as its ``text``, in order.

    ``translates`` is the hash of the (English) version it was made from; when the version
    changes, the translation is stale. Only a reviewer editing the file approves one."""

    status: TranslationStatus
    translates: Annotated[str, Field(pattern=HASH_PATTERN)]
    title: str | None = None
    text: list[Block] = Field(min_length=1)
    # enum/param values shown in that language: {param: {value: shown}}
    choices: dict[str, dict[str, str]] = Field(default_factory=dict)
    reviewer: str | None = None
    approved_on: dt.date | None = None

    @model_validator(mode="after")
    def _approved_needs_reviewer(self) -> Translation:
        if self.status == "approved" and (not self.reviewer or self.approved_on is None):
            raise ValueError("an approved translation needs 'reviewer' and 'approved_on'")
        return self


LanguageCode = Annotated[str, AfterValidator(_known_language)]


class ClauseVersion(Strict):
    version: int = Field(ge=1)
    status: Status
    effective: dt.date | None = None
    approval: str | None = None
    citations: list[str] = []
    locked: bool = False
    params: dict[Annotated[str, Field(pattern=PARAM_PATTERN)], Param] = {}
    text: list[Block] = Field(min_length=1)
    hash: Annotated[str, Field(pattern=HASH_PATTERN)] | None = None
    notes: str | None = None
    # not covered by the version hash: translating a version never changes what was approved
    translations: dict[LanguageCode, Translation] = Field(default_factory=dict)

    @field_validator("translations", mode="before")
    @classmethod
    def _no_translations(cls, value: object) -> object:
        return {} if value is None else value

    @model_validator(mode="after")
    def _approved_needs_date(self) -> ClauseVersion:
        if self.status in ("approved", "superseded") and self.effective is None:
            raise ValueError(f"a {self.status} version needs an 'effective' date")
        return self


class Clause(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str
    elements: list[str] = Field(min_length=1)
    summary: str | None = None
    group: str | None = None  # alternates share a group, e.g. "hours"
    versions: list[ClauseVersion] = Field(min_length=1)

    _elements = field_validator("elements")(_check_elements)

    @model_validator(mode="after")
    def _versions_unique(self) -> Clause:
        numbers = [v.version for v in self.versions]
        if len(set(numbers)) != len(numbers):
            raise ValueError(f"version numbers repeat: {numbers}")
        return self

    def get(self, number: int) -> ClauseVersion | None:
        return next((v for v in self.versions if v.version == number), None)

    @property
    def latest_approved(self) -> ClauseVersion | None:
        approved = [v for v in self.versions if v.status == "approved"]
        return max(approved, key=lambda v: v.version) if approved else None

    @property
    def latest(self) -> ClauseVersion:
        return max(self.versions, key=lambda v: v.version)


# --------------------------------------------------------------------------- specs


class Signatory(Strict):
    name: str
    title: str


class Party(Strict):
    name: str
    short: str
    address: str | None = None
    signatories: list[Signatory] = Field(min_length=1)


class Parties(Strict):
    district: Party
    agency: Party


class Board(Strict):
    name: str = "Board of Education"
    president: str | None = None


class Term(Strict):
    effective: dt.date
    expires: dt.date
    renewal: str | None = None
    review_years: int | None = Field(default=None, ge=1)


CLAUSE_REF = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*[a-z0-9])(?:@(?P<version>[1-9][0-9]*))?$")


class ClauseEntry(Strict):
    """One clause in a spec: id, optional pinned version, per-agreement values."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    version: int | None = Field(default=None, ge=1)
    params: dict[str, Any] = {}
    title: str | None = None
    # Negotiated text that replaces the library text for this agreement only.
    text: list[Block] | None = None
    negotiated: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}" if self.version else self.id


def _parse_entry(value: object) -> object:
    if isinstance(value, str):
        match = CLAUSE_REF.match(value.strip())
        if not match:
            raise ValueError(f"{value!r} is not a clause reference; write ID or ID@N")
        version = match.group("version")
        return {"id": match.group("id"), "version": int(version) if version else None}
    return value


class SpecWording(Strict):
    """How an agreement names itself, its parties and its board in another language (the
    spec's ``translations: {es: {...}}``); what it leaves out is shown as the spec says."""

    title: str | None = None
    district_short: str | None = None
    agency_short: str | None = None
    board: str | None = None


class Spec(Strict):
    id: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    title: str
    revision: str = "1"
    date: dt.date
    profiles: list[str] = []
    parties: Parties
    board: Board = Field(default_factory=Board)  # not built at import (defer_build)
    term: Term
    params: dict[str, Any] = {}
    clauses: list[ClauseEntry] = Field(min_length=1)
    translations: dict[LanguageCode, SpecWording] = Field(default_factory=dict)

    @field_validator("params", "translations", mode="before")
    @classmethod
    def _no_params(cls, value: object) -> object:
        return {} if value is None else value

    @field_validator("profiles", mode="before")
    @classmethod
    def _no_profiles(cls, value: object) -> object:
        return [] if value is None else value

    @field_validator("clauses", mode="before")
    @classmethod
    def _entries(cls, value: object) -> object:
        if isinstance(value, list):
            return [_parse_entry(v) for v in value]
        return value


# --------------------------------------------------------------------------- profiles

CheckKind = Literal["element", "param", "text", "no-text", "citation"]


class Requirement(Strict):
    """One thing a governing policy demands, with its authority."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")]
    element: str | None = None
    severity: Severity = "error"
    message: str
    citation: str
    effective: dt.date | None = None  # applies to agreements effective on/after this date
    until: dt.date | None = None  # ... and before this date
    check: CheckKind = "element"
    # check == "param": a parameter of the element's clauses (or of the term) bounded
    param: str | None = None
    min: float | None = None
    max: float | None = None
    # check == "text" / "no-text": regular expressions (case-insensitive); without an
    # element they apply to the whole agreement.
    # check == "param" with patterns: when no clause states the parameter, a text match in
    # the element's clauses satisfies the requirement instead (either/or).
    patterns: list[str] | None = None
    match: Literal["all", "any"] = "all"
    # why a requirement is what it is (e.g. a recommendation where the law imposes none)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Requirement:
        if self.element is not None and self.element not in ELEMENTS:
            raise ValueError(f"unknown element {self.element!r}")
        if self.check in ("element", "citation") and self.element is None:
            raise ValueError(f"a {self.check!r} requirement needs an 'element'")
        no_bound = self.min is None and self.max is None
        if self.check == "param" and (self.param is None or no_bound):
            raise ValueError("a 'param' requirement needs 'param' and 'min' or 'max'")
        if self.check in ("text", "no-text") and not self.patterns:
            raise ValueError(f"a {self.check!r} requirement needs 'patterns'")
        if self.patterns:
            for pattern in self.patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"bad pattern {pattern!r}: {exc}") from None
        return self

    def applies_on(self, day: dt.date) -> bool:
        if self.effective is not None and day < self.effective:
            return False
        return not (self.until is not None and day >= self.until)


class Source(Strict):
    """A text a profile was built from: the statute or rule as it was read."""

    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    title: str
    retrieved: dt.date


class Profile(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str
    authority: str
    jurisdiction: str
    # two-letter postal code of the state, or "US" for federal and national frameworks
    state: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    # the texts read to build the profile, and the day its requirements were last checked
    sources: list[Source] = []
    verified: dt.date | None = None
    effective: dt.date | None = None
    version: int = 1
    extends: list[str] = []
    description: str | None = None
    # what the state calls the district's board, for new agreements ("Board of Directors")
    board_name: str | None = None
    requirements: list[Requirement] = []
    # options for always-on rules, e.g. {"discipline-duties": {"severity": "error"}}
    rules: dict[str, dict[str, Any]] = {}

    @field_validator("extends", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


# --------------------------------------------------------------------------- reports


class TranslationRow(Strict):
    """One clause version's translation into one language (``mou translations status``)."""

    clause: str
    version: int
    version_status: Status
    lang: str
    state: Literal["missing", "stale", "draft", "approved"]
    translates: int | None = None  # the version it was made from (found by its hash)
    changed: str | None = None  # stale: the English words changed since
    problems: list[str] = Field(default_factory=list)  # blocks/variables unlike the English
    reviewer: str | None = None


class TranslationReport(Strict):
    ok: bool
    languages: list[str]
    counts: dict[str, int]
    translations: list[TranslationRow]
