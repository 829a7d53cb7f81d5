"""The terminal view of `mou diff`: each changed clause, then its words (coloured or marked)."""

from __future__ import annotations

import click

from ..compare.align import Change
from ..compare.worddiff import diff_words, render_ansi
from .memo import label


def _heading(change: Change) -> str:
    versions = ""
    if change.kind == "upgraded":
        versions = f" v{change.old_version} → v{change.new_version}"
    elif change.kind == "moved" and change.old_number is not None:
        versions = f" from Section {change.old_number}"
    return f"{label(change)} [{change.kind}{versions}]"


def _whole(change: Change, paint: bool) -> list[str]:
    """An added or removed clause: every line in green or red, or marked {+ +} / [- -]."""
    added = change.kind == "added"
    text = change.after or change.before
    if paint:
        return [click.style(line, fg="green" if added else "red") for line in text.splitlines()]
    return [f"{{+{line}+}}" if added else f"[-{line}-]" for line in text.splitlines()]


def _words(change: Change, paint: bool) -> list[str]:
    return [
        line
        for before, after in change.edits
        for line in render_ansi(diff_words(before, after), paint).splitlines()
    ]


def diff_json(old: str, new: str, changes: list[Change]) -> dict[str, object]:
    """The stable JSON contract of `mou diff --format json`."""
    return {"old": old, "new": new, "changes": [c.to_json() for c in changes]}


def diff_text(changes: list[Change], paint: bool) -> list[str]:
    """Lines to print; styled with ANSI colours when ``paint``."""
    if not changes:
        return ["no changes"]
    lines: list[str] = []
    for change in changes:
        head = _heading(change)
        lines.append(click.style(head, bold=True) if paint else head)
        body = (
            _whole(change, paint) if change.kind in ("added", "removed") else _words(change, paint)
        )
        lines.extend("  " + line for line in body)
        lines.append("")
    return lines
