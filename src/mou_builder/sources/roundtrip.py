"""THE YAML round trip: load a spec or clause file for editing, dump it in its own layout.

`mou upgrade`, `mou accept` and `mou clauses stamp` rewrite files people wrote by hand.
They all go through :class:`RoundTrip`, which keeps comments, key order and quoting, never
folds long lines, and takes the indentation from the source itself (the indent of nested
mappings, of block sequences and of the ``-`` under its key), so every line an edit does not
touch comes out byte for byte as it went in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from io import StringIO
from typing import Any

_KEY = re.compile(r"^( *)([^\s#-][^:#]*|\"[^\"]*\"|'[^']*'):(\s*(#.*)?)?$")
_ITEM = re.compile(r"^( *)-( +)\S")


@dataclass(frozen=True)
class Indent:
    """ruamel's three indentation settings, as the source uses them."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def detect_indent(text: str) -> Indent:
    """The indentation of ``text``: the first nested mapping and the first block sequence."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    mapping: int | None = None
    offset: int | None = None
    sequence = 2
    for here, after in itertools.pairwise(lines):
        key = _KEY.match(here)
        if key is None:
            continue
        column = len(key.group(1))
        item = _ITEM.match(after)
        if item is not None and offset is None:
            offset = max(0, len(item.group(1)) - column)
            sequence = offset + 1 + len(item.group(2))
        elif item is None and mapping is None:
            deeper = len(after) - len(after.lstrip(" "))
            if deeper > column:
                mapping = deeper - column
        if mapping is not None and offset is not None:
            break
    if offset is None:
        offset, sequence = 2, 4
    return Indent(mapping=mapping or 2, sequence=sequence, offset=offset)


class RoundTrip:
    """One YAML document, loaded for editing (``.data``) and dumped back with :meth:`dump`."""

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML

        self.indent = detect_indent(text)
        self._yaml = YAML(typ="rt")
        self._yaml.preserve_quotes = True
        self._yaml.width = 4096  # one line per paragraph: never fold
        self._yaml.indent(
            mapping=self.indent.mapping, sequence=self.indent.sequence, offset=self.indent.offset
        )
        self.data: Any = self._yaml.load(text)

    def dump(self) -> str:
        out = StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()


def same_quoting(old: object, new: str) -> object:
    """``new`` quoted as the scalar it replaces was (double, single or plain)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return new
