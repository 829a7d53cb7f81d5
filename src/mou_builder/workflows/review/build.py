"""``mou review``'s entry point: read the returned document, place it clause by clause,
gather its tracked changes, untracked edits and comments."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ...errors import DocumentError, InputError, Location, UsageError
from ...model.agreement import Agreement
from ...ooxml.clausemap import map_by_text
from ...sources.library import Library
from .findings import findings, template_findings
from .flags import compute_flags
from .model import Change, ChangeKind, ClauseView, Reply, Review, ReviewComment
from .untracked import untracked_changes

if TYPE_CHECKING:
    from ...ooxml.read import Comment, ReturnedDocument, TrackedChange

# block index -> (clause id, section number) of the clause it sits in
_Where = Callable[[int], tuple[str | None, int | None]]


def review(
    path: Path | str,
    *,
    spec: Path | str | None = None,
    library: Library | None = None,
    flags: bool = True,
    spec_mismatch_ok: bool = False,
    template: Path | None = None,
) -> Review:
    """Read ``path`` (a returned .docx) against the spec it was built from (optional).

    The document's manifest binds it to its spec: a ``spec`` of another agreement or another
    text is refused (:class:`UsageError`, exit 2) unless ``spec_mismatch_ok``. ``template``:
    the one the document was built in (its headers, footers and list labels are compared
    with the spec built in it)."""
    from ...ooxml.read import read_returned

    doc = read_returned(path)
    agreement: Agreement | None = None
    if spec is not None:
        from ...assembly.assembler import assemble
        from ...sources.specfile import load_spec

        if library is None:
            library = Library.load()
        agreement = assemble(load_spec(Path(spec)), library)
        if not spec_mismatch_ok:
            _check_binding(str(path), doc, agreement, str(spec))
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
    result = _build(str(path), doc, agreement, template)
    if template is None and any(f.kind in ("header", "footer") for f in result.findings):
        result.notes.append(
            "headers and footers were compared with the document as built in the shipped "
            "template; pass --template T if it was built in another"
        )
    if template is not None:
        result.findings[:0] = template_findings(template)
        for counter, finding in enumerate(result.findings, 1):
            finding.id = f"f{counter}"
    if flags:
        result.flags = compute_flags(result, library)
    return result


def _check_binding(path: str, doc: ReturnedDocument, agreement: Agreement, spec: str) -> None:
    """Refuse a spec other than the one the document's manifest names."""
    manifest = doc.manifest or {}
    if not manifest:
        return
    built = (manifest.get("agreement"), manifest.get("revision"), manifest.get("spec_hash"))
    given = (agreement.spec.id, agreement.spec.revision, agreement.spec_hash)
    if built[0] in (None, given[0]) and built[2] in (None, "", given[2]):
        return
    raise UsageError(
        f"{path} was built from agreement '{built[0]}' revision {built[1]!r} (spec hash "
        f"{_short_hash(built[2])}); --spec {spec} is agreement '{given[0]}' revision "
        f"{given[1]!r} (spec hash {_short_hash(given[2])})",
        hint="pass the spec the document was built from, or --spec-mismatch-ok to compare "
        "anyway (differences from the spec then show as untracked edits)",
    )


def _short_hash(value: object) -> str:
    return str(value).removeprefix("sha256:")[:12]


def _missing(doc: ReturnedDocument, agreement: Agreement) -> bool:
    present = {b.clause for b in doc.blocks if b.clause}
    return any(s.clause_id not in present for s in agreement.sections)


def _build(
    path: str, doc: ReturnedDocument, agreement: Agreement | None, template: Path | None = None
) -> Review:
    from .expected import as_built

    clauses = _clause_views(doc, agreement)
    where = _locator(doc, clauses)
    changes = [_change(tracked, where, doc) for tracked in doc.changes]
    _attribute(changes, doc)
    _merged_headings(changes, doc, where)
    _pair_replacements(changes)
    notes = _notes(doc, agreement)
    changes.extend(untracked_changes(doc, clauses, agreement))
    return Review(
        document=path,
        changes=changes,
        comments=[_comment(c, where) for c in doc.comments],
        doc=doc,
        clauses=clauses,
        agreement=agreement,
        titles=_titles(doc, clauses, agreement),
        notes=notes,
        findings=findings(
            doc, clauses, where, as_built(agreement, template) if agreement else None
        ),
    )


def _clause_views(doc: ReturnedDocument, agreement: Agreement | None) -> dict[str, ClauseView]:
    clauses: dict[str, ClauseView] = {}
    for block in doc.blocks:
        if block.clause is None:
            continue
        view = clauses.get(block.clause)
        if view is None:
            view = ClauseView(clause=block.clause, section=block.section, version=block.version)
            clauses[block.clause] = view
        view.blocks.append(block)
    for section in agreement.sections if agreement is not None else []:
        found = clauses.get(section.clause_id)
        if found is not None:
            found.sent = section
            found.section = section.number
            found.version = found.version or section.version
    return clauses


def _titles(
    doc: ReturnedDocument, clauses: dict[str, ClauseView], agreement: Agreement | None
) -> dict[str, str]:
    titles: dict[str, str] = {}
    for section in agreement.sections if agreement is not None else []:
        titles[section.clause_id] = section.title
    for cid, view in clauses.items():
        if cid not in titles and view.blocks and view.blocks[0].heading:
            # a heading inserted or moved here has no text in the original: NEW's then
            from ...ooxml.read.model import ALL

            texts = doc.block_texts([view.blocks[0]]) or doc.block_texts([view.blocks[0]], ALL)
            titles[cid] = texts[0].strip() if texts else cid
    return titles


def _locator(doc: ReturnedDocument, clauses: dict[str, ClauseView]) -> _Where:
    def where(block_index: int) -> tuple[str | None, int | None]:
        if 0 <= block_index < len(doc.blocks):
            block = doc.blocks[block_index]
            view = clauses.get(block.clause) if block.clause else None
            return block.clause, (view.section if view else block.section)
        return None, None

    return where


def _change(tracked: TrackedChange, where: _Where, doc: ReturnedDocument) -> Change:
    clause, number = where(tracked.block)
    context = tracked.context
    to_clause: str | None = None
    if tracked.kind == "move" and tracked.to_block is not None:
        to_clause, to_number = where(tracked.to_block)
        landing = doc.blocks[tracked.to_block] if tracked.to_block < len(doc.blocks) else None
        if landing is not None and landing.heading and landing.clause == to_clause:
            # the clause itself moved (its old place is in no clause, or the one before)
            clause, number = to_clause, to_number
            context = f"moved to {_label(to_clause, to_number)}"
        elif to_clause == clause:
            context = f"moved within {_label(clause, number)}"
        else:
            context = f"moved from {_label(clause, number)} to {_label(to_clause, to_number)}"
        if tracked.detail:
            context += f", {tracked.detail}"
    return Change(
        id=tracked.id,
        clause=clause,
        section=number,
        kind=cast(ChangeKind, tracked.kind),  # the reader's kinds are a subset
        author=tracked.author,
        date=_date(tracked.date),
        text=tracked.text,
        context=context,
        keys=list(tracked.keys),
        to_clause=to_clause,
    )


def _merged_headings(changes: list[Change], doc: ReturnedDocument, where: _Where) -> None:
    """A deleted paragraph mark just before another clause's heading merges that heading
    into this clause: say so (accept does not carry it into the spec)."""
    from ...ooxml.read.model import ALL

    mark_block = {  # a paragraph whose text stays while its mark goes
        b.para.mark: b.index
        for b in doc.blocks
        if b.para is not None
        and b.para.mark is not None
        and doc.revs[b.para.mark].tag == "mark-del"  # a moved paragraph goes with its mark
        and b.para.text(ALL, doc.revs).strip()
    }
    for change in changes:
        for key in change.keys:
            at = mark_block.get(key)
            following = doc.blocks[at + 1] if at is not None and at + 1 < len(doc.blocks) else None
            if following is None or not following.heading or following.clause == change.clause:
                continue
            clause, number = where(following.index)
            change.merges = clause
            change.context = (
                f"deleting this paragraph mark merges the heading of {_label(clause, number)} "
                f"into {_label(change.clause, change.section)}: {change.context}"
            )


def _attribute(changes: list[Change], doc: ReturnedDocument) -> None:
    """A tracked change is the sending side's only when the document sent carried it (the
    manifest's ``revisions``: id, author, date); any other is the other party's, whatever
    author it claims."""
    sent = doc.sent_revisions
    for change in changes:
        if (change.id, change.author, change.date) in sent:
            change.party = "sender"


def _notes(doc: ReturnedDocument, agreement: Agreement | None) -> list[str]:
    manifest = doc.manifest or {}
    if agreement is not None and manifest:
        if manifest.get("agreement") not in (None, agreement.spec.id):
            return [
                f"the document was built for agreement '{manifest.get('agreement')}', "
                f"not '{agreement.spec.id}'"
            ]
        if manifest.get("spec_hash") and manifest.get("spec_hash") != agreement.spec_hash:
            return [
                f"the document was built from revision {manifest.get('revision')!r} of "
                f"the spec, which has changed since (revision "
                f"{agreement.spec.revision!r}); differences from the spec show as "
                "untracked edits"
            ]
        return []
    if not manifest:
        return [
            "the document carries no manifest (mou.manifest): edits made without "
            "Track Changes can only be found with --spec"
        ]
    return []


def _label(clause: str | None, section: int | None) -> str:
    if clause is None:
        return "outside the clauses"
    return f"Section {section} ({clause})" if section is not None else clause


def _date(value: str) -> str:
    return "" if not value or value.startswith("0-") or value.startswith("0000") else value


def _comment(comment: Comment, where: _Where) -> ReviewComment:
    clause, section = where(comment.block) if comment.block is not None else (None, None)
    replies: list[Reply] = [
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
        id=comment.id,
        clause=clause,
        section=section,
        author=comment.author,
        date=_date(comment.date),
        text=comment.text,
        anchor=comment.anchor,
        resolved=comment.resolved,
        replies=replies,
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
            before.pair, after.pair = after.id, before.id
