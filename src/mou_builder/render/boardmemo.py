"""The change memo a board member reads: what is new, what is gone, what was replaced, and
each change as a sentence ("The term now runs to June 30, 2028 (was June 30, 2026).").

Figures, dates and choices are named by what they mean: a changed parameter is told with
its ``help`` text from the clause library, not as a phrase of the text. The memo is a list
of blocks (see :mod:`mou_builder.ooxml.write.boarddoc`), printed as Word or as Markdown.

The memo is written in the language of the agreement as the board reads it (``shown``): its
fixed words from the phrase catalogue (``memo.*``), the new sections by their titles there.
What it quotes or takes from the English agreement and the library (wording, values, help
texts, summaries) stays English, marked as such for the writer to tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..compare.align import Change, compare_agreements
from ..model.agreement import Agreement, Section
from ..model.cover import Block, date_words
from ..model.elements import element_name
from ..model.language import GOVERNING, governing_passage, name_in, phrase, unmarked
from ..model.params import display
from ..model.typography import typeset
from .memo import phrase_changes

if TYPE_CHECKING:
    from ..sources.library import Library
    from ..workflows.redline import Side

#: more separate wording edits than this in one section are summed up, not listed
MAX_EDITS = 4

#: the phrases counting sections by what happened to them: (one section, several)
_COUNTS = {
    "changed": ("memo.count.changed.one", "memo.count.changed.many"),
    "replaced": ("memo.count.replaced.one", "memo.count.replaced.many"),
    "added": ("memo.count.added.one", "memo.count.added.many"),
    "removed": ("memo.count.removed.one", "memo.count.removed.many"),
}


@dataclass
class _Sides:
    old: Agreement | None
    new: Agreement | None
    library: Library | None
    lang: str = GOVERNING
    titles: dict[str, str] | None = None  # clause id -> its section's title in ``lang``
    names: dict[str, str] | None = None  # the agreement's title and board's name in ``lang``

    def say(self, key: str, **values: object) -> str:
        return phrase(key, self.lang, **values)

    def english(self, text: str) -> str:
        return governing_passage(text, self.lang)

    def name(self, english: str) -> str:
        """The new agreement's title or its board's name as the memo's reader knows it."""
        return name_in(english, (self.names or {}).get(english, english), self.lang)


def memo_blocks(
    old: Side,
    new: Side,
    changes: list[Change],
    library: Library | None = None,
    shown: Agreement | None = None,
) -> list[Block]:
    """The memo for the sides ``old`` → ``new``, in the language of ``shown`` (the new
    agreement as the board reads it; English by default)."""
    sides = _Sides(old.agreement, new.agreement, library, *_language_of(shown, new.agreement))
    term = _term_sentence(sides)
    added = [c for c in changes if c.kind == "added" and c.clause]
    removed = [c for c in changes if c.kind == "removed" and c.clause]
    replaced = _replacements(sides, added, removed)
    paired = {id(a) for a, _ in replaced} | {id(r) for _, r in replaced}
    added = [c for c in added if id(c) not in paired]
    removed = [c for c in removed if id(c) not in paired]
    changed = [c for c in changes if c.clause and c.kind in ("modified", "upgraded", "moved")]
    other = [c for c in changes if not c.clause]
    summary = _summary(sides, len(added), len(removed), len(replaced), len(changed), term)
    blocks: list[Block] = [("h1", _title(sides, old, new)), ("p", _intro(sides)), ("p", summary)]
    parts = (
        ("memo.heading.term", [term] if term else [], "p"),
        ("memo.heading.replaced", [_replaced_sentence(sides, a, r) for a, r in replaced], "item"),
        ("memo.heading.added", [_added_sentence(sides, c) for c in added], "item"),
        (
            "memo.heading.removed",
            [sides.say("memo.removed", where=_where(sides, c, old_side=True)) for c in removed],
            "item",
        ),
        ("memo.heading.changed", [_changed_sentences(sides, c) for c in changed], "item"),
        ("memo.heading.other", [_other_sentence(sides, c) for c in other], "item"),
    )
    for heading, sentences, kind in parts:
        if sentences:
            blocks.append(("h2", sides.say(heading)))
            blocks += [(kind, sentence) for sentence in sentences]
    return [(b[0], typeset(b[1])) for b in blocks]


def _language_of(
    shown: Agreement | None, new: Agreement | None
) -> tuple[str, dict[str, str] | None, dict[str, str] | None]:
    """The memo's language, its sections' titles there, and the English title and board
    name of the new agreement -> theirs there (None: the English ones)."""
    if shown is None or shown.lang == GOVERNING:
        return GOVERNING, None, None
    titles = {s.clause_id: s.title for s in shown.sections}
    if new is None:
        return shown.lang, titles, None
    english, spec = new.spec, shown.spec
    return shown.lang, titles, {english.title: spec.title, english.board.name: spec.board.name}


def _title(sides: _Sides, old: Side, new: Side) -> str:
    if sides.old is not None and sides.new is not None:
        a, b = sides.old.spec, sides.new.spec
        if a.id == b.id:
            return sides.say(
                "memo.title.revisions", title=sides.name(b.title), old=a.revision, new=b.revision
            )
    return sides.say("memo.title.files", old=sides.english(old.label), new=sides.english(new.label))


def _intro(sides: _Sides) -> str:
    if sides.new is None:
        return sides.say("memo.intro.plain")
    spec, old, lang = sides.new.spec, sides.old, sides.lang
    since = (
        ""
        if old is None
        else sides.say(
            "memo.intro.from", revision=old.spec.revision, date=date_words(old.spec.date, lang)
        )
    )
    return sides.say(
        "memo.intro.board",
        board=sides.name(spec.board.name),
        revision=spec.revision,
        date=date_words(spec.date, lang),
        **{"from": since},
    )


def _summary(
    sides: _Sides, added: int, removed: int, replaced: int, changed: int, term: str
) -> str:
    def count(n: int, what: str) -> str:
        return sides.say(_COUNTS[what][n != 1], n=n)

    parts = [
        count(n, what)
        for n, what in (
            (changed, "changed"),
            (replaced, "replaced"),
            (added, "added"),
            (removed, "removed"),
        )
        if n
    ]
    if term:
        parts.insert(0, sides.say("memo.summary.term"))
    if not parts:
        return sides.say("memo.summary.same")
    and_ = f" {sides.say('memo.summary.and')} "
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + and_ + parts[-1]
    return sides.say("memo.summary", said=said)


def _term_sentence(sides: _Sides) -> str:
    if sides.old is None or sides.new is None:
        return ""
    a, b = sides.old.spec.term, sides.new.spec.term
    if (a.effective, a.expires) == (b.effective, b.expires):
        return ""

    def day(value: object) -> str:
        return date_words(value, sides.lang)

    if a.effective == b.effective:
        return sides.say("memo.term.expires", expires=day(b.expires), was=day(a.expires))
    return sides.say(
        "memo.term.both",
        effective=day(b.effective),
        expires=day(b.expires),
        was_effective=day(a.effective),
        was_expires=day(a.expires),
    )


def _section(agreement: Agreement | None, clause: str | None) -> Section | None:
    return agreement.section_for(clause) if agreement is not None and clause else None


def _where(sides: _Sides, change: Change, *, old_side: bool = False) -> str:
    number = change.old_number if old_side else (change.new_number or change.old_number)
    title = _title_of(sides, change, old_side=old_side) or sides.say("memo.where.a_section")
    if number is None:
        return title
    where = sides.say("memo.where", number=number, title=title)
    return where + (sides.say("memo.where.current") if old_side else "")


def _title_of(sides: _Sides, change: Change, *, old_side: bool = False) -> str:
    """The section's title as the memo's reader knows it: from the agreement they read for a
    section of the new agreement, else the English one (marked)."""
    shown = (sides.titles or {}).get(change.clause or "") if not old_side else None
    return shown or sides.english(change.title or "")


def _elements(sides: _Sides, agreement: Agreement | None, clause: str | None) -> set[str]:
    section = _section(agreement, clause)
    return set(section.elements) if section is not None else set()


def _replacements(
    sides: _Sides, added: list[Change], removed: list[Change]
) -> list[tuple[Change, Change]]:
    """An added and a removed section covering the same subject: one section replaced."""
    pairs = []
    left = list(removed)
    for change in added:
        subjects = _elements(sides, sides.new, change.clause)
        match = next((r for r in left if subjects & _elements(sides, sides.old, r.clause)), None)
        if match is not None:
            left.remove(match)
            pairs.append((change, match))
    return pairs


def _summary_of(sides: _Sides, clause: str | None) -> str:
    library = sides.library
    if library is None or clause is None or clause not in getattr(library, "clauses", {}):
        return ""
    summary = library.clauses[clause].clause.summary or ""
    return f" {sides.english(summary.strip())}" if summary else ""


def _subjects(sides: _Sides, clause: str | None) -> str:
    elements = sorted(_elements(sides, sides.new, clause))
    return ", ".join(element_name(e, sides.lang).lower() for e in elements)


def _added_sentence(sides: _Sides, change: Change) -> str:
    subjects = _subjects(sides, change.clause)
    about = sides.say("memo.added.covers", subjects=subjects) if subjects else ""
    new = sides.say("memo.added", where=_where(sides, change))
    return f"{new}{about}{_summary_of(sides, change.clause)}"


def _replaced_sentence(sides: _Sides, added: Change, removed: Change) -> str:
    earlier = _title_of(sides, removed, old_side=True) or sides.say("memo.replaced.earlier")
    said = sides.say(
        "memo.replaced", where=_where(sides, added), old=earlier, number=removed.old_number
    )
    return said + _summary_of(sides, added.clause)


def _param_help(sides: _Sides, section: Section, name: str) -> str:
    library = sides.library
    loaded = getattr(library, "clauses", {}).get(section.clause_id) if library else None
    version = loaded.clause.get(section.version) if loaded is not None else None
    param = version.params.get(name) if version is not None else None
    help_text = (param.help if param is not None else "") or name.replace("_", " ")
    help_text = help_text.strip().rstrip(".")
    return sides.english(help_text[:1].upper() + help_text[1:])


def _param_sentences(sides: _Sides, change: Change) -> tuple[list[str], list[str]]:
    """A sentence per changed value, and the new values (their wording needs no more)."""
    old, new = _section(sides.old, change.clause), _section(sides.new, change.clause)
    if old is None or new is None:
        return [], []
    sentences, values = [], []
    for name in sorted(set(old.params) | set(new.params)):
        before, after = old.params.get(name), new.params.get(name)
        if before == after or after is None:
            continue
        meaning = _param_help(sides, new, name)
        shown_after, shown_before = display(after), display(before) if before is not None else ""
        now, was = sides.english(shown_after), sides.english(shown_before)
        if isinstance(after, list) or len(shown_after) > 80:
            sentences.append(sides.say("memo.param.list", meaning=meaning))
        elif before is None:
            now = sides.english(shown_after.rstrip("."))
            sentences.append(sides.say("memo.param.new", meaning=meaning, value=now))
        else:
            sentences.append(sides.say("memo.param.changed", meaning=meaning, value=now, was=was))
        values.append(shown_after)
    return sentences, values


def _told_values(sides: _Sides, values: list[str]) -> list[str]:
    """Texts already told by a sentence: changed values, and the term when it changed."""
    told = [typeset(v) for v in values]
    if _term_sentence(sides):
        for agreement in (a for a in (sides.old, sides.new) if a is not None):
            term = agreement.spec.term
            told += [date_words(term.effective), date_words(term.expires), str(term.expires.year)]
    return told


def _phrase_sentence(sides: _Sides, a: str, b: str) -> str:
    if a and b:
        return sides.say("memo.edit.replaces", old=_quote(sides, a), new=_quote(sides, b))
    if b:
        return sides.say("memo.edit.adds", new=_quote(sides, b))
    return sides.say("memo.edit.drops", old=_quote(sides, a))


def _edit_sentences(sides: _Sides, change: Change, told: list[str]) -> tuple[list[str], bool]:
    """A sentence per wording edit not told already; and whether every edit was one told."""
    edits: list[str] = []
    skipped = False
    for before, after in change.edits:
        if not before:
            edits.append(sides.say("memo.edit.new_paragraph", text=_quote(sides, after)))
        elif not after:
            edits.append(sides.say("memo.edit.removed_paragraph", text=_quote(sides, before)))
        else:
            for a, b in phrase_changes(before, after):
                if any(v and (v in b or v in a) for v in told):
                    skipped = True  # a value told above, or the term
                else:
                    edits.append(_phrase_sentence(sides, a, b))
    return edits, skipped and not edits


def _changed_sentences(sides: _Sides, change: Change) -> str:
    parts: list[str] = []
    if change.kind == "moved" and change.old_number is not None:
        parts.append(sides.say("memo.changed.moved", number=change.old_number))
    if change.old_version is not None and change.new_version not in (None, change.old_version):
        parts.append(
            sides.say("memo.changed.version", new=change.new_version, old=change.old_version)
        )
    said, values = _param_sentences(sides, change)
    parts += said
    edits, only_told = _edit_sentences(sides, change, _told_values(sides, values))
    if len(edits) > MAX_EDITS:
        parts.append(sides.say("memo.changed.many", count=len(edits)))
    else:
        parts += edits
    if not parts and only_told:
        parts.append(sides.say("memo.changed.term_only"))
    elif not parts:
        parts.append(sides.say("memo.changed.slightly"))
    return sides.say("memo.changed", where=_where(sides, change), said=" ".join(parts))


def _other_sentence(sides: _Sides, change: Change) -> str:
    where = sides.english(change.title) if change.title else sides.say("memo.other.outside")
    if change.kind == "added":
        return sides.say("memo.other.added", where=where, text=_quote(sides, change.after))
    if change.kind == "removed":
        return sides.say("memo.other.removed", where=where, text=_quote(sides, change.before))
    return sides.say("memo.other.changed", where=where)


def _quote(sides: _Sides, text: str) -> str:
    """English wording quoted in the memo (its quotation marks are the memo's language's)."""
    return sides.say("memo.quote", text=sides.english(_short(text)))


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def memo_changes(old: Side, new: Side) -> list[Change]:
    if old.agreement is not None and new.agreement is not None:
        return compare_agreements(old.agreement, new.agreement)
    from ..workflows.redline import diff_sides

    return diff_sides(old, new)


def blocks_markdown(blocks: list[Block]) -> str:
    """The memo as Markdown: headings, paragraphs and bullets (``--format md``)."""
    from .markdown import escape

    out: list[str] = []
    for block in blocks:
        kind, text = block[0], unmarked(block[1]) if block[0] != "table" else block[1]
        if kind != "item" and out and out[-1].startswith("- "):
            out.append("")
        if kind == "h1":
            out += [f"# {escape(text)}", ""]
        elif kind == "h2":
            out += [f"## {escape(text)}", ""]
        elif kind == "item":
            out.append(f"- {escape(text)}")
        elif kind == "table":
            header, rows = block[1], [[unmarked(c) for c in r] for r in block[2]]
            out += ["| " + " | ".join(escape(h) for h in header) + " |"]
            out += ["|" + "---|" * len(header)]
            out += [
                "| " + " | ".join(escape(c).replace("\n", "; ") for c in r) + " |" for r in rows
            ]
            out.append("")
        else:
            out += [escape(text), ""]
    return "\n".join(out).rstrip() + "\n"
