"""Typed clause parameters: coercion of spec values and display of filled blanks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

#: a parameter's value once coerced to its declared type
ParamValue = str | int | bool | dt.date | list[str] | list[dict[str, str | int]]


class ColumnLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def type(self) -> str: ...


class ParamLike(Protocol):
    """What coercion needs of a parameter declaration (``schema.Param`` is one)."""

    @property
    def type(self) -> str: ...
    @property
    def min(self) -> int | None: ...
    @property
    def max(self) -> int | None: ...
    @property
    def choices(self) -> list[str] | None: ...
    @property
    def columns(self) -> Sequence[ColumnLike] | None: ...


def coerce(param: ParamLike, value: object) -> ParamValue:
    """Return ``value`` as the parameter's type, or raise ``ValueError`` saying why not."""
    convert = _COERCERS.get(param.type)
    if convert is None:  # pragma: no cover - the schema admits only the types below
        raise ValueError(f"unknown parameter type {param.type!r}")
    return convert(param, value)


def _coerce_str(param: ParamLike, value: object) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError(f"expected text, got {_describe(value)}")
    return str(value)


def _coerce_int(param: ParamLike, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_describe(value)}")
    if param.min is not None and value < param.min:
        raise ValueError(f"{value} is below the minimum {param.min}")
    if param.max is not None and value > param.max:
        raise ValueError(f"{value} is above the maximum {param.max}")
    return value


def _coerce_bool(param: ParamLike, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_describe(value)}")
    return value


def _coerce_date(param: ParamLike, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), got a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date (YYYY-MM-DD), got {_describe(value)}")


def _coerce_enum(param: ParamLike, value: object) -> str:
    choices = param.choices or []
    if value not in choices:
        raise ValueError(f"{value!r} is not one of: {', '.join(choices)}")
    return value


def _coerce_list(param: ParamLike, value: object) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in value
    ):
        raise ValueError(f"expected a list of text items, got {_describe(value)}")
    return [str(v) for v in value]


def _coerce_table(param: ParamLike, value: object) -> list[dict[str, str | int]]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of rows, got {_describe(value)}")
    columns = param.columns or []
    keys = {c.key for c in columns}
    rows: list[dict[str, str | int]] = []
    for index, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise ValueError(f"row {index}: expected a mapping of {', '.join(sorted(keys))}")
        unknown = set(row) - keys
        if unknown:
            raise ValueError(f"row {index}: unknown column {sorted(unknown)[0]!r}")
        clean: dict[str, str | int] = {}
        for column in columns:
            cell = row.get(column.key)
            if cell is None:
                raise ValueError(f"row {index}: missing {column.key!r}")
            if column.type == "int" and (isinstance(cell, bool) or not isinstance(cell, int)):
                raise ValueError(f"row {index}: {column.key!r} must be a whole number")
            clean[column.key] = cell if column.type == "int" else str(cell)
        rows.append(clean)
    return rows


_COERCERS: dict[str, Callable[[ParamLike, object], ParamValue]] = {
    "str": _coerce_str,
    "int": _coerce_int,
    "bool": _coerce_bool,
    "date": _coerce_date,
    "enum": _coerce_enum,
    "list": _coerce_list,
    "table": _coerce_table,
}


class Choice(str):
    """An enum value that reads as ``shown`` in a translation, and compares as the value."""

    shown: str

    def __new__(cls, value: str, shown: str) -> Choice:
        made = super().__new__(cls, value)
        made.shown = shown
        return made


def display(value: object, lang: str = "en") -> str:
    """How a filled value reads in the agreement text (in ``lang``: en or es)."""
    if isinstance(value, Choice):
        return value.shown
    if isinstance(value, bool):
        if lang == "es":
            return "sí" if value else "no"
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        from .language import format_date

        return format_date(value, lang)
    if isinstance(value, list):
        items = [v.shown if isinstance(v, Choice) else str(v) for v in value]
        if len(items) <= 1:
            return "".join(items)
        if lang == "es":
            return f"{', '.join(items[:-1])} y {items[-1]}"
        if len(items) == 2:
            return f"{items[0]} and {items[1]}"
        return f"{', '.join(items[:-1])}, and {items[-1]}"
    return str(value)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
