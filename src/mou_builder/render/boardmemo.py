"""The change memo a board member reads: what is new, what is gone, what was replaced, and
each change as a sentence ("The term now runs to June 30, 2028 (was June 30, 2026).").

Figures, dates and choices are named by what they mean: a changed parameter is told with
its ``help`` text from the clause library, not as a phrase of the text. The memo is a list
of blocks (see :mod:`mou_builder.ooxml.write.boarddoc`), printed as Word or as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..compare.align import Change, compare_agreements
from ..model.agreement import Agreement, Section
from ..model.cover import Block, date_words
from ..model.elements import ELEMENTS
from ..model.params import display
from ..model.typography import typeset
from .memo import phrase_changes

if TYPE_CHECKING:
    from ..sources.library import Library
    from ..workflows.redline import Side

#: more separate wording edits than this in one section are summed up, not listed
MAX_EDITS = 4


@dataclass
class _Sides:
    old: Agreement | None
    new: Agreement | None
    library: Library | None


def memo_blocks(
    old: Side, new: Side, changes: list[Change], library: Library | None = None
) -> list[Block]:
    """The memo for the sides ``old`` → ``new``."""
    sides = _Sides(old.agreement, new.agreement, library)
    term = _term_sentence(sides)
    added = [c for c in changes if c.kind == "added" and c.clause]
    removed = [c for c in changes if c.kind == "removed" and c.clause]
    replaced = _replacements(sides, added, removed)
    paired = {id(a) for a, _ in replaced} | {id(r) for _, r in replaced}
    added = [c for c in added if id(c) not in paired]
    removed = [c for c in removed if id(c) not in paired]
    changed = [c for c in changes if c.clause and c.kind in ("modified", "upgraded", "moved")]
    other = [c for c in changes if not c.clause]
    summary = _summary(len(added), len(removed), len(replaced), len(changed), term)
    blocks: list[Block] = [("h1", _title(sides, old, new)), ("p", _intro(sides)), ("p", summary)]
    parts = (
        ("The term", [term] if term else [], "p"),
        ("Sections replaced", [_replaced_sentence(sides, a, r) for a, r in replaced], "item"),
        ("Sections added", [_added_sentence(sides, c) for c in added], "item"),
        (
            "Sections removed",
            [f"{_where(c, old_side=True)} is no longer in the agreement." for c in removed],
            "item",
        ),
        ("Sections changed", [_changed_sentences(sides, c) for c in changed], "item"),
        ("Other text", [_other_sentence(c) for c in other], "item"),
    )
    for heading, sentences, kind in parts:
        if sentences:
            blocks.append(("h2", heading))
            blocks += [(kind, sentence) for sentence in sentences]
    return [(b[0], typeset(b[1])) for b in blocks]


def _title(sides: _Sides, old: Side, new: Side) -> str:
    if sides.old is not None and sides.new is not None:
        a, b = sides.old.spec, sides.new.spec
        if a.id == b.id:
            return f"Changes to {b.title}: revision {a.revision} to revision {b.revision}"
    return f"Changes from {old.label} to {new.label}"


def _intro(sides: _Sides) -> str:
    if sides.new is None:
        return "This memo lists what is different in the agreement presented for approval."
    spec = sides.new.spec
    text = (
        f"This memo lists what is different in the agreement presented to the "
        f"{spec.board.name} (revision {spec.revision}, dated {date_words(spec.date)})"
    )
    if sides.old is not None:
        text += f" from revision {sides.old.spec.revision} ({date_words(sides.old.spec.date)})"
    return text + ". Section numbers are those of the new agreement unless the memo says otherwise."


def _summary(added: int, removed: int, replaced: int, changed: int, term: str) -> str:
    def count(n: int, what: str) -> str:
        return f"{n} section{'s' if n != 1 else ''} {what}"

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
        parts.insert(0, "a new term")
    if not parts:
        return "The two versions read the same: nothing changes."
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"In short: {said}."


def _term_sentence(sides: _Sides) -> str:
    if sides.old is None or sides.new is None:
        return ""
    a, b = sides.old.spec.term, sides.new.spec.term
    if (a.effective, a.expires) == (b.effective, b.expires):
        return ""
    if a.effective == b.effective:
        return f"The term now runs to {date_words(b.expires)} (was {date_words(a.expires)})."
    return (
        f"The term now runs from {date_words(b.effective)} to {date_words(b.expires)} "
        f"(was {date_words(a.effective)} to {date_words(a.expires)})."
    )


def _section(agreement: Agreement | None, clause: str | None) -> Section | None:
    return agreement.section_for(clause) if agreement is not None and clause else None


def _where(change: Change, *, old_side: bool = False) -> str:
    number = change.old_number if old_side else (change.new_number or change.old_number)
    title = change.title or "a section"
    if number is None:
        return title
    return f"Section {number} ({title})" + (" of the current agreement" if old_side else "")


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
    return f" {summary.strip()}" if summary else ""


def _subjects(sides: _Sides, clause: str | None) -> str:
    names = [ELEMENTS.get(e, e).lower() for e in sorted(_elements(sides, sides.new, clause))]
    return ", ".join(names)


def _added_sentence(sides: _Sides, change: Change) -> str:
    subjects = _subjects(sides, change.clause)
    about = f" It covers {subjects}." if subjects else ""
    return f"{_where(change)} is new.{about}{_summary_of(sides, change.clause)}"


def _replaced_sentence(sides: _Sides, added: Change, removed: Change) -> str:
    return (
        f"{_where(added)} replaces {removed.title or 'the earlier section'} (Section "
        f"{removed.old_number} of the current agreement).{_summary_of(sides, added.clause)}"
    )


def _param_help(sides: _Sides, section: Section, name: str) -> str:
    library = sides.library
    loaded = getattr(library, "clauses", {}).get(section.clause_id) if library else None
    version = loaded.clause.get(section.version) if loaded is not None else None
    param = version.params.get(name) if version is not None else None
    help_text = (param.help if param is not None else "") or name.replace("_", " ")
    return help_text.strip().rstrip(".")


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
        if isinstance(after, list) or len(shown_after) > 80:
            sentences.append(f"{meaning}: changed (see the redline).")
        elif before is None:
            sentences.append(f"{meaning}: now {shown_after.rstrip('.')}.")
        else:
            sentences.append(f"{meaning}: now {shown_after} (was {shown_before}).")
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


def _phrase_sentence(a: str, b: str) -> str:
    if a and b:
        return f"Where it said “{_short(a)}”, it now says “{_short(b)}”."
    if b:
        return f"It adds “{_short(b)}”."
    return f"It no longer says “{_short(a)}”."


def _edit_sentences(change: Change, told: list[str]) -> tuple[list[str], bool]:
    """A sentence per wording edit not told already; and whether every edit was one told."""
    edits: list[str] = []
    skipped = False
    for before, after in change.edits:
        if not before:
            edits.append(f"A new paragraph is added: “{_short(after)}”.")
        elif not after:
            edits.append(f"A paragraph is removed: “{_short(before)}”.")
        else:
            for a, b in phrase_changes(before, after):
                if any(v and (v in b or v in a) for v in told):
                    skipped = True  # a value told above, or the term
                else:
                    edits.append(_phrase_sentence(a, b))
    return edits, skipped and not edits


def _changed_sentences(sides: _Sides, change: Change) -> str:
    parts: list[str] = []
    if change.kind == "moved" and change.old_number is not None:
        parts.append(f"It was Section {change.old_number}.")
    if change.old_version is not None and change.new_version not in (None, change.old_version):
        parts.append(
            f"It now uses version {change.new_version} of the approved library wording "
            f"(was version {change.old_version})."
        )
    said, values = _param_sentences(sides, change)
    parts += [s[:1].upper() + s[1:] for s in said]
    edits, only_told = _edit_sentences(change, _told_values(sides, values))
    if len(edits) > MAX_EDITS:
        parts.append(f"Its wording changes in {len(edits)} places (see the redline).")
    else:
        parts += edits
    if not parts and only_told:
        parts.append("It states the new term (see “The term” above).")
    elif not parts:
        parts.append("Its wording changes slightly (see the redline).")
    return f"{_where(change)}: " + " ".join(parts)


def _other_sentence(change: Change) -> str:
    where = change.title or "Text outside the numbered sections"
    if change.kind == "added":
        return f"{where}: added “{_short(change.after)}”."
    if change.kind == "removed":
        return f"{where}: removed “{_short(change.before)}”."
    return f"{where}: the wording changes (see the redline)."


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
        kind, text = block[0], block[1]
        if kind != "item" and out and out[-1].startswith("- "):
            out.append("")
        if kind == "h1":
            out += [f"# {escape(text)}", ""]
        elif kind == "h2":
            out += [f"## {escape(text)}", ""]
        elif kind == "item":
            out.append(f"- {escape(text)}")
        elif kind == "table":
            header, rows = block[1], block[2]
            out += ["| " + " | ".join(escape(h) for h in header) + " |"]
            out += ["|" + "---|" * len(header)]
            out += [
                "| " + " | ".join(escape(c).replace("\n", "; ") for c in r) + " |" for r in rows
            ]
            out.append("")
        else:
            out += [escape(text), ""]
    return "\n".join(out).rstrip() + "\n"
