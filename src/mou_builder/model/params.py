"""Typed clause parameters: coercion of spec values and display of filled blanks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .schema import Param


def coerce(param: Param, value: Any) -> Any:
    """Return ``value`` as the parameter's type, or raise ``ValueError`` saying why not."""
    kind = param.type
    if kind == "str":
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValueError(f"expected text, got {_describe(value)}")
        return str(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {_describe(value)}")
        if param.min is not None and value < param.min:
            raise ValueError(f"{value} is below the minimum {param.min}")
        if param.max is not None and value > param.max:
            raise ValueError(f"{value} is above the maximum {param.max}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {_describe(value)}")
        return value
    if kind == "date":
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
    if kind == "enum":
        choices = param.choices or []
        if value not in choices:
            raise ValueError(f"{value!r} is not one of: {', '.join(choices)}")
        return value
    if kind == "list":
        if not isinstance(value, list) or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in value
        ):
            raise ValueError(f"expected a list of text items, got {_describe(value)}")
        return [str(v) for v in value]
    if kind == "table":
        return _coerce_table(param, value)
    raise ValueError(f"unknown parameter type {kind!r}")  # pragma: no cover


def _coerce_table(param: Param, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of rows, got {_describe(value)}")
    columns = param.columns or []
    keys = {c.key for c in columns}
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise ValueError(f"row {index}: expected a mapping of {', '.join(sorted(keys))}")
        unknown = set(row) - keys
        if unknown:
            raise ValueError(f"row {index}: unknown column {sorted(unknown)[0]!r}")
        clean: dict[str, Any] = {}
        for column in columns:
            cell = row.get(column.key)
            if cell is None:
                raise ValueError(f"row {index}: missing {column.key!r}")
            if column.type == "int" and (isinstance(cell, bool) or not isinstance(cell, int)):
                raise ValueError(f"row {index}: {column.key!r} must be a whole number")
            clean[column.key] = cell if column.type == "int" else str(cell)
        rows.append(clean)
    return rows


def display(value: Any) -> str:
    """How a filled value reads in the agreement text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%B} {value.day}, {value.year}"
    if isinstance(value, list):
        items = [str(v) for v in value]
        if len(items) <= 1:
            return "".join(items)
        if len(items) == 2:
            return f"{items[0]} and {items[1]}"
        return f"{', '.join(items[:-1])}, and {items[-1]}"
    return str(value)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
