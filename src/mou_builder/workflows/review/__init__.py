"""``mou review``: a returned .docx read back clause by clause.

Every tracked change and comment of the returned document, each placed in its clause (by
the clause markers, else by matching paragraph text against the spec's clauses), plus the
edits made with Track Changes off (the reject-all text of a clause compared with what was
sent), plus flags: changes touching ``locked`` statutory language, and changes whose
acceptance would make ``mou check`` fail (simulated: the change is accepted into the clause
text and the rules are run on the result).
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...compare.worddiff import Piece, diff_words, hunks
from ...errors import DocumentError, InputError, Location
from ...model.agreement import Agreement, Paragraph, Run, Section
from ...model.hashing import sha256_text
from ...sources.library import Library

if TYPE_CHECKING:
    from ...checks.engine import FindingKey
    from ...checks.findings import Finding

KINDS = ("insert", "delete", "move", "format", "paragraph-insert", "paragraph-delete", "untracked")


@dataclass
class Change:
    id: str
    clause: str | None
    section: int | None
    kind: str
    author: str
    date: str
    text: str
    context: str
    keys: list[int] = field(default_factory=list)  # revision keys (tracked changes)
    to_clause: str | None = None  # moves: the clause the text lands in
    old: str = ""  # untracked: the text that was sent; tracked replace pairs: deleted text
    new: str = ""  # untracked: the text now in the document

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "clause": self.clause,
            "section": self.section,
            "kind": self.kind,
            "author": self.author,
            "date": self.date,
            "text": self.text,
            "context": self.context,
        }


@dataclass
class Flag:
    change: str
    rule: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"change": self.change, "rule": self.rule, "message": self.message}


@dataclass
class ReviewComment:
    id: str
    clause: str | None
    section: int | None
    author: str
    date: str
    text: str
    anchor: str
    resolved: bool
    replies: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "clause": self.clause,
            "author": self.author,
            "date": self.date,
            "text": self.text,
            "anchor": self.anchor,
            "replies": self.replies,
            "resolved": self.resolved,
        }


@dataclass
class ClauseView:
    """One clause of the returned document: its blocks and where it sits."""

    clause: str
    section: int | None
    version: int | None
    blocks: list[Any]
    sent: Section | None = None  # the section as assembled from the spec (with --spec)


@dataclass
class Review:
    document: str
    changes: list[Change]
    comments: list[ReviewComment]
    flags: list[Flag]
    doc: Any  # ooxml.reader.ReturnedDocument
    clauses: dict[str, ClauseView]
    agreement: Agreement | None = None
    titles: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "changes": [c.to_json() for c in self.changes],
            "comments": [c.to_json() for c in self.comments],
            "flags": [f.to_json() for f in self.flags],
            "summary": self.summary(),
        }

    def change(self, change_id: str) -> Change | None:
        return next((c for c in self.changes if c.id == change_id), None)

    def summary(self) -> dict[str, Any]:
        per_clause: Counter[str] = Counter(c.clause or "(outside clauses)" for c in self.changes)
        per_author: Counter[str] = Counter(c.author or "(unknown)" for c in self.changes)
        comments_clause: Counter[str] = Counter(
            c.clause or "(outside clauses)" for c in self.comments
        )
        return {
            "changes": len(self.changes),
            "untracked": sum(1 for c in self.changes if c.kind == "untracked"),
            "comments": len(self.comments),
            "flags": len(self.flags),
            "changes_per_clause": dict(per_clause),
            "changes_per_author": dict(per_author),
            "comments_per_clause": dict(comments_clause),
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- entry point


def review(
    path: Path | str,
    *,
    spec: Path | str | None = None,
    library: Library | None = None,
    flags: bool = True,
) -> Review:
    """Read ``path`` (a returned .docx) against the spec it was built from (optional)."""
    from ...ooxml.reader import read_returned

    doc = read_returned(path)
    agreement: Agreement | None = None
    if spec is not None:
        from ...assemble.assembler import assemble
        from ...sources.specfile import load_spec

        if library is None:
            library = Library.load()
        agreement = assemble(load_spec(Path(spec)), library)
    if not doc.marked:
        if agreement is None:
            raise DocumentError(
                "the document has no clause markers (were the content controls and bookmarks "
                "removed?)",
                Location(str(path)),
                "pass --spec SPEC to match clauses by text",
            )
        map_by_text(doc, agreement)
    elif agreement is not None and _missing(doc, agreement):
        map_by_text(doc, agreement)
    if library is None:
        try:
            library = Library.load()
        except InputError:
            library = None
    return _build(str(path), doc, agreement, library, flags)


def _missing(doc: Any, agreement: Agreement) -> bool:
    present = {b.clause for b in doc.blocks if b.clause}
    return any(s.clause_id not in present for s in agreement.sections)


def _build(
    path: str, doc: Any, agreement: Agreement | None, library: Library | None, want_flags: bool
) -> Review:
    clauses: dict[str, ClauseView] = {}
    for block in doc.blocks:
        if block.clause is None:
            continue
        view = clauses.get(block.clause)
        if view is None:
            view = ClauseView(block.clause, block.section, block.version, [])
            clauses[block.clause] = view
        view.blocks.append(block)
    titles: dict[str, str] = {}
    if agreement is not None:
        for section in agreement.sections:
            titles[section.clause_id] = section.title
            view = clauses.get(section.clause_id)
            if view is not None:
                view.sent = section
                view.section = section.number
                view.version = view.version or section.version
    for cid, view in clauses.items():
        if cid not in titles and view.blocks and view.blocks[0].heading:
            titles[cid] = doc.block_texts([view.blocks[0]])[0].strip()

    def where(block_index: int) -> tuple[str | None, int | None]:
        if 0 <= block_index < len(doc.blocks):
            block = doc.blocks[block_index]
            view = clauses.get(block.clause) if block.clause else None
            return block.clause, (view.section if view else block.section)
        return None, None

    changes: list[Change] = []
    for tracked in doc.changes:
        clause, number = where(tracked.block)
        context = tracked.context
        if tracked.kind == "move" and tracked.to_block is not None:
            to_clause, to_number = where(tracked.to_block)
            context = (
                f"moved within {_label(clause, number)}"
                if to_clause == clause
                else f"moved from {_label(clause, number)} to {_label(to_clause, to_number)}"
            )
        changes.append(
            Change(
                tracked.id,
                clause,
                number,
                tracked.kind,
                tracked.author,
                _date(tracked.date),
                tracked.text,
                context,
                list(tracked.keys),
            )
        )
        if tracked.kind == "move" and tracked.to_block is not None:
            changes[-1].to_clause = where(tracked.to_block)[0]
    _pair_replacements(changes)
    notes: list[str] = []
    manifest = doc.manifest or {}
    if agreement is not None and manifest:
        if manifest.get("agreement") not in (None, agreement.spec.id):
            notes.append(
                f"the document was built for agreement '{manifest.get('agreement')}', "
                f"not '{agreement.spec.id}'"
            )
        elif manifest.get("spec_hash") and manifest.get("spec_hash") != agreement.spec_hash:
            notes.append(
                f"the document was built from revision {manifest.get('revision')!r} of "
                f"the spec, which has changed since (revision "
                f"{agreement.spec.revision!r}); differences from the spec show as "
                "untracked edits"
            )
    elif not manifest:
        notes.append(
            "the document carries no manifest (mou.manifest): edits made without "
            "Track Changes can only be found with --spec"
        )
    changes.extend(_untracked(doc, clauses, agreement, notes))
    comments = [_comment(c, where) for c in doc.comments]
    result = Review(path, changes, comments, [], doc, clauses, agreement, titles, notes)
    if want_flags:
        result.flags = compute_flags(result, library)
    return result


def _label(clause: str | None, section: int | None) -> str:
    if clause is None:
        return "outside the clauses"
    return f"Section {section} ({clause})" if section is not None else clause


def _date(value: str) -> str:
    return "" if not value or value.startswith("0-") or value.startswith("0000") else value


def _comment(comment: Any, where: Any) -> ReviewComment:
    clause, section = where(comment.block) if comment.block is not None else (None, None)
    replies = [
        {
            "id": r.id,
            "author": r.author,
            "date": _date(r.date),
            "text": r.text,
            "resolved": r.resolved,
        }
        for r in comment.replies
    ]
    return ReviewComment(
        comment.id,
        clause,
        section,
        comment.author,
        _date(comment.date),
        comment.text,
        comment.anchor,
        comment.resolved,
        replies,
    )


def _pair_replacements(changes: list[Change]) -> None:
    """A deletion directly followed by an insertion of one author in one clause: remember the
    deleted text on the insertion (parameter edits in ``mou accept`` use it)."""
    for before, after in itertools.pairwise(changes):
        if (
            before.kind == "delete"
            and after.kind == "insert"
            and before.clause == after.clause
            and before.author == after.author
        ):
            after.old = before.text


# --------------------------------------------------------------------------- clause texts


def clause_text(doc: Any, view: ClauseView, accepted: Any = None) -> tuple[str, list[str]]:
    """(title, body lines) of a clause in a view; trailing empty lines and page breaks go."""
    blocks = view.blocks
    heading = blocks[0] if blocks and blocks[0].heading else None
    texts = [t.rstrip() for t in doc.block_texts(blocks, accepted)]
    if heading is not None and texts:
        # a heading whose mark vanished merges into the body: keep the text as the title line
        title, rest = texts[0], texts[1:]
    else:
        title, rest = "", texts
    # tables give one line per row; empty paragraphs (spacing after a table) are not text
    body = [line.rstrip() for text in rest for line in text.split("\n") if line.strip()]
    while body and not body[-1].strip():
        body.pop()
    return title.strip(), body


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a section's text (how :func:`clause_text` reads a clause)."""
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def sent_text(view: ClauseView) -> str | None:
    if view.sent is None:
        return None
    return view.sent.title + "\n" + "\n".join(lines_of(view.sent.text))


def _normal(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _untracked(
    doc: Any, clauses: dict[str, ClauseView], agreement: Agreement | None, notes: list[str]
) -> list[Change]:
    hashes: dict[str, str] = {}
    for entry in (doc.manifest or {}).get("clauses", []) or []:
        if isinstance(entry, dict) and entry.get("text_hash"):
            hashes[str(entry.get("id"))] = str(entry["text_hash"])
    result: list[Change] = []
    counter = 0
    for cid, view in clauses.items():
        title, body = clause_text(doc, view)
        current = title + "\n" + "\n".join(body)
        sent = sent_text(view)
        if sent is None:
            expected = hashes.get(cid)
            if expected is None or sha256_text(current) == expected:
                continue
            counter += 1
            result.append(
                Change(
                    f"u{counter}",
                    cid,
                    view.section,
                    "untracked",
                    "",
                    "",
                    "the clause text differs from the text that was sent",
                    "pass --spec to see the words that differ",
                )
            )
            continue
        if sent == current or _normal(sent) == _normal(current):
            continue
        for piece_old, piece_new, context in _hunks(sent, current):
            counter += 1
            text = piece_new if piece_new.strip() else piece_old
            result.append(
                Change(
                    f"u{counter}",
                    cid,
                    view.section,
                    "untracked",
                    "",
                    "",
                    text.strip(),
                    context,
                    old=piece_old,
                    new=piece_new,
                )
            )
    if agreement is not None:
        for section in agreement.sections:
            if section.clause_id not in clauses:
                counter += 1
                result.append(
                    Change(
                        f"u{counter}",
                        section.clause_id,
                        section.number,
                        "untracked",
                        "",
                        "",
                        section.title,
                        "the clause is missing from the returned document",
                        old=section.title + "\n" + section.text,
                        new="",
                    )
                )
    return result


def _hunks(old: str, new: str) -> list[tuple[str, str, str]]:
    """Word-level differences as (old text, new text, context with [-x-]{+y+})."""
    pieces = diff_words(old, new)
    # a lone space (or a one-word "equal") between two edits belongs to the edit
    merged: list[Piece] = []
    for i, piece in enumerate(pieces):
        inner = 0 < i < len(pieces) - 1
        if (
            piece.op == "equal"
            and inner
            and pieces[i - 1].op != "equal"
            and pieces[i + 1].op != "equal"
            and len(piece.text.split()) <= 1
            and "\n" not in piece.text
        ):
            merged.append(Piece("delete", piece.text))
            merged.append(Piece("insert", piece.text))
        else:
            merged.append(piece)
    pieces = merged
    found: list[tuple[str, str, str]] = []
    for hunk in hunks(pieces):
        removed, added = hunk.removed, hunk.added
        if not (removed.strip() or added.strip()):
            continue
        before = pieces[hunk.start - 1].text if hunk.start > 0 else ""
        after = pieces[hunk.end].text if hunk.end < len(pieces) else ""
        before = before.split("\n")[-1][-50:]
        after = after.split("\n")[0][:50]
        marked = (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
        found.append((removed, added, f"{before}{marked}{after}"))
    return found


# --------------------------------------------------------------------------- text fallback


def map_by_text(doc: Any, agreement: Agreement, threshold: float = 0.6) -> None:
    """Place blocks without a clause marker by matching their reject-all text against the
    spec's assembled clauses (exact first, then difflib ratio over candidates)."""
    known = {b.clause for b in doc.blocks if b.clause}
    targets: list[tuple[str, Section, bool]] = []  # (normalised text, section, is heading)
    exact: dict[str, tuple[Section, bool]] = {}
    for section in agreement.sections:
        if section.clause_id in known:
            continue
        lines = [(section.title, True)] + [(b.text, False) for b in section.blocks]
        for text, heading in lines:
            key = _normal(text)
            if key:
                targets.append((key, section, heading))
                exact.setdefault(key, (section, heading))
    if not targets:
        return
    matched: list[tuple[Any, Section, bool]] = []
    for block in doc.blocks:
        if block.clause is not None:
            continue
        text = _normal("\n".join(doc.block_texts([block])))
        if not text:
            continue
        hit = exact.get(text)
        if hit is None:
            best, best_ratio = None, threshold
            matcher = difflib.SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(text)
            for key, section, heading in targets:
                matcher.set_seq1(key)
                if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = (section, heading), ratio
            hit = best
        if hit is None:
            continue
        section, heading = hit
        block.clause, block.version, block.section = (
            section.clause_id,
            section.version,
            section.number,
        )
        block.heading = heading
        matched.append((block, section, heading))
    # blocks between two matched blocks of one clause belong to it; so do blocks between a
    # clause and the next clause's heading (a paragraph the other party added)
    last: Any = None
    pending: list[Any] = []
    for block in doc.blocks:
        if block.clause is None:
            if last is not None:
                pending.append(block)
            continue
        if last is not None and (block.clause == last.clause or block.heading):
            for item in pending:
                item.clause, item.version, item.section = last.clause, last.version, last.section
        pending = []
        last = block
    doc.marked = doc.marked or bool(matched)


# --------------------------------------------------------------------------- flags


def compute_flags(result: Review, library: Library | None) -> list[Flag]:
    flags: list[Flag] = []
    locked = _locked_clauses(result, library)
    for change in result.changes:
        if change.kind == "format":
            continue
        for target in dict.fromkeys([change.clause, change.to_clause]):
            if target in locked:
                flags.append(
                    Flag(
                        change.id,
                        "locked-clause",
                        f"'{target}' is locked statutory language; this "
                        f"{change.kind} cannot be accepted into it",
                    )
                )
    if result.agreement is not None:
        flags.extend(_simulate_checks(result, library))
    else:
        flags.extend(_simulate_text_rules(result, library))
    order = {c.id: i for i, c in enumerate(result.changes)}
    flags.sort(key=lambda f: (order.get(f.change, 1 << 30), f.rule))
    return flags


def _locked_clauses(result: Review, library: Library | None) -> set[str]:
    locked: set[str] = set()
    for cid, view in result.clauses.items():
        if view.sent is not None:
            if view.sent.locked:
                locked.add(cid)
            continue
        loaded = library.get(cid) if library is not None else None
        if loaded is None:
            continue
        version = loaded.clause.get(view.version) if view.version else None
        version = version or loaded.clause.latest_approved or loaded.clause.latest
        if version.locked:
            locked.add(cid)
    if result.agreement is not None:
        locked |= {s.clause_id for s in result.agreement.sections if s.locked}
    return locked


def _tracked_by_clause(result: Review) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for change in result.changes:
        if change.clause and change.keys and change.kind != "format":
            grouped.setdefault(change.clause, []).append(change)
    return grouped


def _key_clauses(result: Review) -> dict[int, set[str]]:
    """Revision key → clauses whose text it changes."""
    owner: dict[int, set[str]] = {}
    for cid, view in result.clauses.items():
        for block in view.blocks:
            for para in block.paras():
                if para.mark is not None:
                    owner.setdefault(para.mark, set()).add(cid)
                for _, keys in para.segments:
                    for key in keys:
                        owner.setdefault(key, set()).add(cid)
            for row in block.rows or []:
                if row.rev is not None:
                    owner.setdefault(row.rev, set()).add(cid)
    return owner


def _section_from(doc: Any, view: ClauseView, base: Section, accepted: Any) -> Section | None:
    title, body = clause_text(doc, view, accepted)
    if not title and not any(line.strip() for line in body):
        return None  # the whole clause would be gone
    blocks: list[Any] = [Paragraph([Run(line)]) for line in body]
    return dataclasses.replace(base, title=title or base.title, blocks=blocks)


class _Simulator:
    """Asks the check engine which errors accepting some changes would add.

    Each simulation compares two runs of the rules that read text (the engine keeps only the
    clauses the accepted changes can affect; that keeps a 300-clause review fast)."""

    def __init__(self, result: Review, library: Library | None):
        from ...checks.engine import CheckEngine

        self.result = result
        assert result.agreement is not None
        self.agreement: Agreement = result.agreement
        self.engine = CheckEngine.load(self.agreement, library or Library(Path(".")))
        self.key_clauses = _key_clauses(result)
        self.by_id = {s.clause_id: s for s in self.agreement.sections}
        doc = result.doc
        self.baseline_sections: dict[str, Section | None] = {}
        for section in self.agreement.sections:
            view = result.clauses.get(section.clause_id)
            self.baseline_sections[section.clause_id] = (
                section if view is None else _section_from(doc, view, section, None)
            )

    def errors(
        self, sections: dict[str, Section | None], touched: set[str]
    ) -> dict[FindingKey, Finding]:
        return self.engine.text_errors(sections, touched)

    def touched(self, keys: set[int]) -> set[str]:
        touched: set[str] = set()
        for key in keys:
            touched |= self.key_clauses.get(key, set())
        return touched

    def new_errors(self, keys: set[int]) -> list[Finding]:
        touched = self.touched(keys)
        sections = dict(self.baseline_sections)
        for cid in touched:
            view = self.result.clauses.get(cid)
            base = self.by_id.get(cid)
            if view is not None and base is not None:
                sections[cid] = _section_from(self.result.doc, view, base, frozenset(keys))
        before = self.errors(self.baseline_sections, touched)
        after = self.errors(sections, touched)
        return [f for k, f in after.items() if k not in before]


def _simulate_checks(result: Review, library: Library | None) -> list[Flag]:
    simulator = _Simulator(result, library)
    flags: list[Flag] = []
    for cid, changes in _tracked_by_clause(result).items():
        all_keys = {k for c in changes for k in c.keys}
        if not simulator.new_errors(all_keys):
            continue
        explained: set[tuple[str, str, str | None]] = set()
        for change in changes:
            for finding in simulator.new_errors(set(change.keys)):
                explained.add(finding.key)
                flags.append(
                    Flag(
                        change.id,
                        finding.rule,
                        f"accepting it would fail mou check: {finding.message}",
                    )
                )
        rest = [f for f in simulator.new_errors(all_keys) if f.key not in explained]
        if rest:
            deletions = [c for c in changes if c.kind in ("delete", "paragraph-delete", "move")]
            for change in deletions or changes:
                for finding in rest:
                    flags.append(
                        Flag(
                            change.id,
                            finding.rule,
                            "accepting it with the other changes to "
                            f"'{cid}' would fail mou check: {finding.message}",
                        )
                    )
    # untracked edits: the document as returned against the text that was sent
    untracked = {c.clause for c in result.changes if c.kind == "untracked" and c.clause}
    if untracked:
        sent: dict[str, Section | None] = {s.clause_id: s for s in simulator.agreement.sections}
        before = simulator.errors(sent, untracked)
        after = simulator.errors(simulator.baseline_sections, untracked)
        for key, finding in after.items():
            if key in before:
                continue
            for change in result.changes:
                if change.kind == "untracked" and change.clause == finding.clause:
                    flags.append(
                        Flag(
                            change.id,
                            finding.rule,
                            f"this untracked edit fails mou check: {finding.message}",
                        )
                    )
    return flags


def _simulate_text_rules(result: Review, library: Library | None) -> list[Flag]:
    """Without a spec: the text rules that need no profile, on each clause's accepted text."""
    from ...checks.engine import TextProbe

    flags: list[Flag] = []
    doc = result.doc
    for cid, changes in _tracked_by_clause(result).items():
        view = result.clauses[cid]
        elements: list[str] = []
        loaded = library.get(cid) if library is not None else None
        if loaded is not None:
            elements = list(loaded.clause.elements)
        _, before_body = clause_text(doc, view)
        probe = TextProbe(cid, "\n".join(before_body), elements)
        for change in changes:
            _, body = clause_text(doc, view, frozenset(change.keys))
            for hit in probe.new_hits("\n".join(body)):
                flags.append(Flag(change.id, hit.rule, hit.message))
        # the clause's changes together would remove it: its elements go with it
        title, body = clause_text(doc, view, frozenset(k for c in changes for k in c.keys))
        if not title and not any(line.strip() for line in body):
            covers = f" (it covers {', '.join(elements)})" if elements else ""
            for change in changes:
                if change.kind in ("delete", "paragraph-delete", "move"):
                    flags.append(
                        Flag(
                            change.id,
                            "clause-removed",
                            f"accepting the deletions in '{cid}' removes the whole "
                            f"clause{covers}; check with --spec whether a profile "
                            "requires it",
                        )
                    )
    return flags


# --------------------------------------------------------------------------- output


def _heading(result: Review, cid: str | None) -> str:
    if cid is None:
        return "Outside the clauses (cover, signature page)"
    view = result.clauses.get(cid)
    section = view.section if view else None
    if section is None and result.agreement is not None:
        found = result.agreement.section_for(cid)
        section = found.number if found else None
    title = result.titles.get(cid, "")
    number = f"Section {section}  " if section is not None else ""
    return f"{number}{cid}" + (f"  ({title})" if title else "")


def _grouped(result: Review) -> list[tuple[str | None, list[Change], list[ReviewComment]]]:
    order: list[str | None] = []
    for clause in [c.clause for c in result.changes] + [m.clause for m in result.comments]:
        if clause not in order:
            order.append(clause)

    def rank(cid: str | None) -> tuple[int, int]:
        if cid is None:
            return (1, 0)
        view = result.clauses.get(cid)
        section = view.section if view and view.section is not None else 1 << 20
        return (0, section)

    order.sort(key=rank)
    return [
        (
            cid,
            [c for c in result.changes if c.clause == cid],
            [m for m in result.comments if m.clause == cid],
        )
        for cid in order
    ]


def _short(text: str, limit: int = 100) -> str:
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_lines(result: Review) -> list[str]:
    summary = result.summary()
    tracked = summary["changes"] - summary["untracked"]
    lines = [
        f"{result.document}: {tracked} tracked change(s), {summary['untracked']} untracked "
        f"edit(s), {summary['comments']} comment(s), {summary['flags']} flag(s)"
    ]
    flags_by: dict[str, list[Flag]] = {}
    for flag in result.flags:
        flags_by.setdefault(flag.change, []).append(flag)
    for cid, changes, comments in _grouped(result):
        lines.append("")
        lines.append(_heading(result, cid))
        for change in changes:
            who = change.author or "?"
            when = f" {change.date[:10]}" if change.date else ""
            lines.append(f'  [{change.id}] {change.kind:<16} {who}{when}: "{_short(change.text)}"')
            if change.context:
                lines.append(f"        {_short(change.context, 140)}")
            for flag in flags_by.get(change.id, []):
                lines.append(f"        ! {flag.rule}: {flag.message}")
        for comment in comments:
            state = " (resolved)" if comment.resolved else ""
            when = f" {comment.date[:10]}" if comment.date else ""
            lines.append(
                f"  comment {comment.id}{state} {comment.author}{when} on "
                f'"{_short(comment.anchor, 60)}": {_short(comment.text)}'
            )
            for reply in comment.replies:
                lines.append(
                    f"      reply {reply['id']} {reply['author']}: {_short(reply['text'])}"
                )
    lines.append("")
    lines.append(
        "Changes per clause: "
        + (", ".join(f"{k} {v}" for k, v in summary["changes_per_clause"].items()) or "none")
    )
    lines.append(
        "Changes per author: "
        + (", ".join(f"{k} {v}" for k, v in summary["changes_per_author"].items()) or "none")
    )
    for note in result.notes:
        lines.append(f"note: {note}")
    return lines


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def md_lines(result: Review) -> list[str]:
    summary = result.summary()
    lines = [
        f"# Review of {Path(result.document).name}",
        "",
        f"{summary['changes'] - summary['untracked']} tracked changes, "
        f"{summary['untracked']} untracked edits, {summary['comments']} comments, "
        f"{summary['flags']} flags.",
        "",
    ]
    flags_by: dict[str, list[Flag]] = {}
    for flag in result.flags:
        flags_by.setdefault(flag.change, []).append(flag)
    for cid, changes, comments in _grouped(result):
        lines.append(f"## {_heading(result, cid)}")
        lines.append("")
        if changes:
            lines.append("| id | kind | author | date | text | context | flags |")
            lines.append("|---|---|---|---|---|---|---|")
            for c in changes:
                flagged = "; ".join(f"**{f.rule}**: {f.message}" for f in flags_by.get(c.id, []))
                lines.append(
                    f"| {c.id} | {c.kind} | {_md(c.author)} | {c.date[:10]} | "
                    f"{_md(c.text)} | {_md(c.context)} | {_md(flagged)} |"
                )
            lines.append("")
        for comment in comments:
            state = " (resolved)" if comment.resolved else ""
            lines.append(
                f"- **Comment {comment.id}**{state} by {comment.author} on "
                f"“{_md(comment.anchor)}”: {_md(comment.text)}"
            )
            for reply in comment.replies:
                lines.append(f"  - reply by {reply['author']}: {_md(reply['text'])}")
        if comments:
            lines.append("")
    lines.append("## Summary")
    lines.append("")
    lines.append("| clause | changes |")
    lines.append("|---|---|")
    for key, value in summary["changes_per_clause"].items():
        lines.append(f"| {key} | {value} |")
    lines.append("")
    lines.append("| author | changes |")
    lines.append("|---|---|")
    for key, value in summary["changes_per_author"].items():
        lines.append(f"| {_md(key)} | {value} |")
    return lines
