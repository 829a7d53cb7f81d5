"""The state of every clause version's translation into a language, and why it is what it is.

One answer for ``mou translations status`` and for ``mou check --lang``: missing, stale
(with the English words that changed since the version translated), draft or approved, and
any block-structure or Jinja-variable mismatch with the English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..compare.worddiff import diff_words, hunks
from ..model.schema import Block, ClauseVersion, ItemsBlock, TableBlock
from ..sources.library import LoadedClause
from .translate import State, choice_problems, state_of, structure_problems

#: at most this many changed passages are quoted in a stale translation's message
MAX_CHANGES = 3


@dataclass(frozen=True)
class TranslationState:
    clause: str
    version: int
    lang: str
    state: State
    status: str  # the version's own status (draft, approved, ...)
    translates: int | None = None  # the version the translation was made from, if found
    changed: str | None = None  # stale: what changed in the English since then
    problems: list[str] = field(default_factory=list)  # structure/Jinja mismatches
    reviewer: str | None = None


def _plain_text(blocks: Iterable[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, ItemsBlock):
            lines.extend(block.items)
        elif isinstance(block, TableBlock):
            lines.append(f"[table {block.table}]")
        else:
            lines.append(block)
    return "\n".join(lines)


def _quote(text: str) -> str:
    return (
        "\N{LEFT SINGLE QUOTATION MARK}"
        + " ".join(text.split())
        + "\N{RIGHT SINGLE QUOTATION MARK}"
    )


def changed_words(old: ClauseVersion, new: ClauseVersion) -> str:
    """The English that changed from ``old`` to ``new``, word by word: ``‘5’ → ‘10’ School
    Days`` (the next words after each change, for context), or what else changed."""
    pieces = diff_words(_plain_text(old.text), _plain_text(new.text))
    found = hunks(pieces)
    if not found:
        return "the parameters changed" if old.params != new.params else "nothing in the text"
    quoted = []
    for hunk in found[:MAX_CHANGES]:
        after = pieces[hunk.end].text if hunk.end < len(pieces) else ""
        context = " ".join(after.split()[:2])
        removed, added = hunk.removed.strip(), hunk.added.strip()
        if removed and added:
            change = f"{_quote(removed)} → {_quote(added)}"
        elif added:
            change = f"added {_quote(added)}"
        else:
            change = f"removed {_quote(removed)}"
        quoted.append(f"{change} {context}".rstrip())
    more = len(found) - MAX_CHANGES
    return "; ".join(quoted) + (f"; and {more} more change(s)" if more > 0 else "")


def version_with_hash(loaded: LoadedClause, digest: str) -> ClauseVersion | None:
    """The clause's version whose text hashes to ``digest`` (what a translation translates)."""
    return next((v for v in loaded.clause.versions if loaded.version_hash(v) == digest), None)


def translation_state(loaded: LoadedClause, version: ClauseVersion, lang: str) -> TranslationState:
    state = state_of(loaded, version, lang)
    translation = version.translations.get(lang)
    if translation is None:
        return TranslationState(loaded.id, version.version, lang, state, version.status)
    source = version_with_hash(loaded, translation.translates)
    changed = None
    if state == "stale":
        if source is None:
            changed = "it translates a text no version of this clause has"
        else:
            changed = f"since version {source.version}: {changed_words(source, version)}"
    return TranslationState(
        loaded.id,
        version.version,
        lang,
        state,
        version.status,
        translates=source.version if source else None,
        changed=changed,
        problems=structure_problems(version.text, translation.text)
        + choice_problems(version, translation),
        reviewer=translation.reviewer,
    )
