"""Placeholders left in a spec: scaffold text ("fill in ..."), "TBD", blanks like "____".

A placeholder is a placeholder wherever it stands: a party's name, a signatory, the board,
a parameter value, negotiated text. Assembly records each as a finding at its line and
column (rule ``placeholder``), so ``mou check`` reports it as an error and ``mou final``
refuses the copy, instead of printing "fill in District name" on a signature page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..checks.findings import Finding
from ..errors import Location
from ..sources.marked import MarkedDict, MarkedList
from ..sources.specfile import LoadedSpec

RULE = "placeholder"

PLACEHOLDER = re.compile(
    r"\bfill[ -]in\b|\bTBD\b|\bTBA\b|\bto be (?:determined|confirmed|inserted)\b"
    r"|\[\s*(?:insert|name|date|title|district|agency)\b[^\]]*\]"
    r"|<\s*(?:insert|name|date|title|district|agency)\b[^>]*>"
    r"|^\s*(?:x{3,}|\?+)\s*$",
    re.IGNORECASE,
)
#: a value written as a blank line ("____", "____ hours"); in negotiated text such lines are
#: the signature lines of a signature block, not blanks
BLANK_LINE = re.compile(r"_{3,}")
NEGOTIATED_TEXT = re.compile(r"^clauses\.\d+\.text\b")

#: where a value sits -> what the person must fill in
WHAT = {
    "parties.district.name": "the district's legal name",
    "parties.agency.name": "the agency's legal name",
    "board.name": "the name of the board that approves the agreement",
    "title": "the agreement's title",
}


def _what(path: str) -> str:
    if path in WHAT:
        return WHAT[path]
    if ".signatories." in path:
        return "the signatory's " + ("title" if path.endswith(".title") else "name")
    if ".params." in path or path.startswith("params."):
        return f"the value of '{path.rsplit('.', 1)[-1]}'"
    return "the real value"


Mark = tuple[int, int]


def _strings(node: object, path: str, mark: Mark) -> Iterator[tuple[str, str, Mark]]:
    """Every string in the spec with its dotted path and the mark of where it stands."""
    if isinstance(node, dict):
        marks = node.value_marks if isinstance(node, MarkedDict) else {}
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key), marks.get(key, mark))
    elif isinstance(node, list):
        items = node.item_marks if isinstance(node, MarkedList) else []
        for index, value in enumerate(node):
            at = items[index] if index < len(items) else mark
            yield from _strings(value, f"{path}.{index}", at)
    elif isinstance(node, str):
        yield path, node, mark


def find_placeholders(loaded: LoadedSpec) -> list[Finding]:
    """Every placeholder value in the spec, and every party or signatory name left empty."""
    found: list[Finding] = []
    for path, value, mark in _strings(loaded.raw, "", (1, 1)):
        named = path.endswith(".name") and (path.startswith("parties.") or path == "board.name")
        empty = named and not value.strip()
        blank = BLANK_LINE.search(value) is not None and not NEGOTIATED_TEXT.match(path)
        if not empty and not blank and not PLACEHOLDER.search(value):
            continue
        shown = value.strip()
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        found.append(
            Finding(
                RULE,
                "error",
                f"{path} is {'empty' if empty else f'a placeholder ({shown!r})'}: "
                f"fill in {_what(path)}",
                location=Location(str(loaded.path), *mark),
            )
        )
    return found
