"""Load YAML inputs into models, turning every validation error into file:line:col."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, InputErrors, Location
from .marked import locate

M = TypeVar("M", bound=BaseModel)

_HINTS = {
    "extra_forbidden": "remove it or check its spelling",
    "missing": "add it",
}


def _describe(error: Any) -> tuple[str, str | None]:
    kind = error["type"]
    loc = [
        str(p)
        for p in error["loc"]
        if not str(p).startswith(("function-", "union[")) and p != "[key]"
    ]
    where = ".".join(loc)
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'", _HINTS[kind]
    if kind == "missing":
        return f"missing required key '{where}'", _HINTS[kind]
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    return (f"{where}: {message}" if where else message), None


def validate(model: type[M], data: object, source: str) -> M:
    """Validate marked YAML data against ``model``; all problems reported at once."""
    if not isinstance(data, dict):
        mark = getattr(data, "mark", (1, 1))
        raise InputError(
            f"expected a mapping at the top level, got {_kind(data)}",
            Location(source, *mark),
            f"see the {model.__name__} format in the README",
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors: list[InputError] = []
        seen: set[tuple[str, object]] = set()
        for error in exc.errors():
            message, hint = _describe(error)
            loc = tuple(p for p in error["loc"] if isinstance(p, int) or not _is_tag(p))
            mark = locate(data, loc) or (1, 1)
            key = (message, mark)
            if key in seen:
                continue
            seen.add(key)
            errors.append(InputError(message, Location(source, *mark), hint))
        raise InputErrors(errors) from None


def _is_tag(part: object) -> bool:
    # pydantic adds union member tags such as 'str' or 'ItemsBlock' into locations
    return isinstance(part, str) and (
        part in {"str", "int", "ItemsBlock", "TableBlock"}
        or part.startswith(("function-", "union["))
    )


def _kind(data: object) -> str:
    if data is None:
        return "an empty document"
    if isinstance(data, list):
        return "a list"
    return f"a {type(data).__name__} value"


def load_model(model: type[M], path: Path) -> tuple[M, Any]:
    """Read ``path`` and validate it; returns the model and the marked raw data."""
    from . import rawcache

    data = rawcache.load(path)
    return validate(model, data, str(path)), data
