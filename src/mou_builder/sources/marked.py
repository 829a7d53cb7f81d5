"""Parsed input data that remembers where every value came from, and reading input files.

:class:`MarkedDict` and :class:`MarkedList` carry the line and column of each key and item,
so a validation error can be reported as ``file:line:col``. They are built by the YAML
loader (:mod:`.yamlio`) and by the parsed-input cache (:mod:`.rawcache`); this module needs
no YAML parser, so a run whose inputs all come from the cache never imports one.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from ..util import readset

MAX_FILE_BYTES = 5 * 1024 * 1024

Mark = tuple[int, int]  # 1-based line and column


class MarkedDict(dict[str, Any]):
    """A mapping that knows the position of itself, of each key and of each value."""

    mark: Mark = (1, 1)
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.key_marks = {}
        self.value_marks = {}


class MarkedList(list[Any]):
    """A sequence that knows the position of itself and of each item."""

    mark: Mark = (1, 1)
    item_marks: list[Mark]

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.item_marks = []


def read_text(path: Path) -> str:
    """Read a UTF-8 input file, refusing unreadable, binary or oversized files."""
    readset.probed(path)
    try:
        info = path.stat()
        size = info.st_size
    except FileNotFoundError:
        raise InputError("file not found", Location(str(path)), "check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(str(path))) from None
    if path.is_dir():
        raise InputError("is a directory, expected a YAML file", Location(str(path)))
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):  # /dev/zero never ends
        raise InputError("is a device, expected a YAML file", Location(str(path)))
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", Location(str(path))
        )
    try:
        with path.open("rb") as handle:  # bounded: a pipe has no size to check beforehand
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(str(path))) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"file is larger than the limit of {MAX_FILE_BYTES:,} bytes", Location(str(path))
        )
    readset.read(path, data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "file is not UTF-8 text", Location(str(path), line), "save it as UTF-8"
        ) from None


def locate(data: object, loc: Iterable[int | str]) -> Mark | None:
    """Find the mark for a pydantic error location path inside marked data."""
    best: Mark | None = getattr(data, "mark", None)
    node = data
    for part in loc:
        if isinstance(node, MarkedDict) and isinstance(part, str) and part in node:
            best = node.key_marks.get(part, best)
            value_mark = node.value_marks.get(part)
            node = node[part]
            if isinstance(node, MarkedDict | MarkedList) or value_mark is None:
                continue
            best = value_mark
        elif isinstance(node, MarkedList) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_marks[part]
            node = node[part]
        else:
            break
    return best
