"""A plain-language change memo (Markdown) for a board packet.

    - **Section 5, Hours**: 'six hours' becomes 'eight hours'.
    - **Section 3, Records access**: version 1 replaced by version 2.

:func:`change_memo` takes two agreements, or two paths (specs or .docx), or anything
:mod:`mou_builder.workflows.redline` can load; :func:`memo_from_changes` works on a computed diff.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..compare.align import Change, compare_agreements
from ..compare.worddiff import tokenize
from ..model.agreement import Agreement

#: phrases longer than this are shortened in the memo
QUOTE_LIMIT = 160
#: a paragraph with more separate edits than this is summarised as rewritten
MAX_PHRASES = 4


def change_memo(old: Any, new: Any, *, library: Any = None, title: str | None = None) -> str:
    """The memo for OLD → NEW (each an Agreement, a spec path or a .docx path)."""
    from ..workflows.redline import Side, diff_sides, load_side

    def side(value: Any) -> Side:
        if isinstance(value, Side):
            return value
        if isinstance(value, Agreement):
            return Side(value.spec_path, agreement=value)
        return load_side(Path(value), library)

    a, b = side(old), side(new)
    if a.agreement is not None and b.agreement is not None:
        changes = compare_agreements(a.agreement, b.agreement)
    else:
        changes = diff_sides(a, b)
    return memo_from_changes(changes, title or memo_title(a, b))


def memo_title(old: Any, new: Any) -> str:
    """ "Changes from X revision 1 to X revision 2" (file names when the labels agree)."""
    a, b = old.label, new.label
    if a == b:
        a, b = Path(old.path).name, Path(new.path).name
    return f"Changes from {a} to {b}"


def memo_from_changes(changes: list[Change], title: str = "Changes") -> str:
    lines = [f"# {title}", ""]
    if not changes:
        lines.append("No changes: the two versions read the same.")
        return "\n".join(lines) + "\n"
    count = len(changes)
    lines.append(f"{count} change{'s' if count != 1 else ''}.")
    lines.append("")
    for change in changes:
        lines.append(f"- **{label(change)}**: {describe(change)}")
    return "\n".join(lines) + "\n"


def label(change: Change) -> str:
    if change.clause is None:
        return change.title or "Text outside the numbered sections"
    number = change.new_number if change.new_number is not None else change.old_number
    title = change.title or change.clause
    return f"Section {number}, {title}" if number is not None else title


def describe(change: Change) -> str:
    return _capital(_describe(change))


def _body(change: Change, text: str) -> str:
    """A clause's text without its heading line."""
    if change.clause is None:
        return text
    return text.split("\n", 1)[1] if "\n" in text else ""


def _describe(change: Change) -> str:
    if change.kind == "added":
        body = _body(change, change.after)
        if change.clause:
            return f"new section added: {_quote(body)}." if body else "new section added."
        return f"text added: {_quote(change.after)}."
    if change.kind == "removed":
        return "section removed." if change.clause else f"text removed: {_quote(change.before)}."
    parts: list[str] = []
    if change.kind == "moved":
        parts.append(
            f"moved from Section {change.old_number}."
            if change.old_number is not None
            else "moved."
        )
    if change.kind == "upgraded" or (
        change.old_version != change.new_version and change.old_version is not None
    ):
        parts.append(f"version {change.old_version} replaced by version {change.new_version}.")
    edits = [_edit_sentence(before, after) for before, after in change.edits]
    if change.kind == "upgraded" and len(edits) > 3:
        edits = [f"{len(edits)} paragraphs differ."]
    parts.extend(e for e in edits if e)
    if not parts:
        parts.append("wording changed.")
    return " ".join(_capital(p) if i else p for i, p in enumerate(parts))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f"'{text}'"


def _edit_sentence(before: str, after: str) -> str:
    if not before:
        return f"new paragraph: {_quote(after)}."
    if not after:
        return f"paragraph removed: {_quote(before)}."
    phrases = phrase_changes(before, after)
    if not phrases:
        return ""
    if len(phrases) > MAX_PHRASES:
        return f"paragraph rewritten; it now reads {_quote(after)}."
    return (
        "; ".join(
            f"{_quote(a)} becomes {_quote(b)}"
            if a and b
            else (f"{_quote(a)} deleted" if a else f"{_quote(b)} added")
            for a, b in phrases
        )
        + "."
    )


def _is_word(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token[0] == "_")


def phrase_changes(before: str, after: str) -> list[tuple[str, str]]:
    """Changed phrases with a word of context: [('six hours', 'eight hours'), ...]."""
    old, new = tokenize(before), tokenize(after)
    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    groups: list[list[int]] = []  # first and last opcode index of each changed phrase
    for index, (tag, *_rest) in enumerate(ops):
        if tag == "equal":
            continue
        if groups and groups[-1][1] == index - 2:
            _, g1, g2, _, _ = ops[index - 1]
            gap = old[g1:g2]
            if len(gap) <= 2 and not any(_is_word(t) for t in gap):
                groups[-1][1] = index
                continue
        groups.append([index, index])
    result = []
    for first, last in groups:
        i1, j1 = ops[first][1], ops[first][3]
        i2, j2 = ops[last][2], ops[last][4]
        before_len = ops[first - 1][2] - ops[first - 1][1] if first > 0 else 0
        after_len = ops[last + 1][2] - ops[last + 1][1] if last + 1 < len(ops) else 0
        left = _context(old, i1, -1, before_len)
        right = _context(old, i2, +1, after_len)
        if i1 == i2 or j1 == j2 or right == 0:
            i1, j1 = i1 - left, j1 - left
        i2, j2 = i2 + right, j2 + right
        a = "".join(old[i1:i2]).strip()
        b = "".join(new[j1:j2]).strip()
        if a != b:
            result.append((a, b))
    return result


def _context(tokens: list[str], at: int, step: int, limit: int) -> int:
    """How many tokens beside position ``at`` reach one word (0 if none within ``limit``)."""
    count = 0
    index = at if step > 0 else at - 1
    while 0 <= index < len(tokens) and count < min(3, limit):
        count += 1
        if _is_word(tokens[index]):
            return count
        index += step
    return 0
