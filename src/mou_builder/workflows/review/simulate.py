"""Would accepting a change make ``mou check`` fail? The check engine answers, on the
agreement with the changed clauses' text replaced; this module knows no rule."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from ...checks.engine import ChangedSections, CheckEngine, FindingKey, TextProbe
from ...checks.findings import Finding
from ...model.agreement import Agreement, Block, Paragraph, Run, Section
from ...sources.library import Library
from .model import REMOVING, Change, ClauseView, Flag, Review
from .texts import Accepted, clause_text

if TYPE_CHECKING:
    from ...ooxml.read import ReturnedDocument


class Simulator:
    """Asks the check engine which errors accepting some changes would add.

    Each simulation compares two runs of the rules that read text over the same clauses (the
    engine keeps only the clauses the accepted changes can affect: a 300-clause review stays
    fast)."""

    def __init__(self, result: Review, library: Library | None):
        assert result.agreement is not None
        self.result = result
        self.agreement: Agreement = result.agreement
        self.engine = CheckEngine.load(self.agreement, library or Library(Path(".")))
        self.key_clauses = _key_clauses(result)
        self.by_id = {s.clause_id: s for s in self.agreement.sections}
        self.sent: dict[str, Section | None] = {s.clause_id: s for s in self.agreement.sections}
        self.baseline: dict[str, Section | None] = {}
        for section in self.agreement.sections:
            view = result.clauses.get(section.clause_id)
            self.baseline[section.clause_id] = (
                section if view is None else section_from(result.doc, view, section, None)
            )

    def touched(self, keys: set[int]) -> set[str]:
        touched: set[str] = set()
        for key in keys:
            touched |= self.key_clauses.get(key, set())
        return touched

    def new_errors(self, keys: set[int]) -> list[Finding]:
        """Errors the document as returned does not have, but would with ``keys`` accepted."""
        touched = self.touched(keys)
        changes: dict[str, Section | None] = {}
        for cid in touched:
            view = self.result.clauses.get(cid)
            base = self.by_id.get(cid)
            if view is not None and base is not None:
                changes[cid] = section_from(self.result.doc, view, base, frozenset(keys))
        return _added(
            self.engine.text_errors(self.baseline, touched),
            self.engine.text_errors(ChangedSections(self.baseline, changes), touched),
        )

    def untracked_errors(self, clauses: set[str]) -> list[Finding]:
        """Errors the document as returned has and the text that was sent had not."""
        return _added(
            self.engine.text_errors(self.sent, clauses),
            self.engine.text_errors(self.baseline, clauses),
        )


def _added(before: dict[FindingKey, Finding], after: dict[FindingKey, Finding]) -> list[Finding]:
    return [f for k, f in after.items() if k not in before]


def simulate_checks(result: Review, library: Library | None) -> list[Flag]:
    simulator = Simulator(result, library)
    flags: list[Flag] = []
    for cid, changes in tracked_by_clause(result).items():
        flags.extend(_clause_flags(simulator, cid, changes))
    # untracked edits: the document as returned against the text that was sent
    untracked = [c for c in result.changes if c.kind == "untracked" and c.clause]
    if untracked:
        for finding in simulator.untracked_errors({c.clause for c in untracked if c.clause}):
            flags.extend(
                Flag(
                    change=change.id,
                    rule=finding.rule,
                    message=f"this untracked edit fails mou check: {finding.message}",
                )
                for change in untracked
                if change.clause == finding.clause
            )
    return flags


def _clause_flags(simulator: Simulator, cid: str, changes: list[Change]) -> list[Flag]:
    """Each change's own new errors; what only the changes together break goes on the
    deletions (or on every change when there are none)."""
    together = simulator.new_errors({k for c in changes for k in c.keys})
    if not together:
        return []
    flags: list[Flag] = []
    explained: set[FindingKey] = set()
    for change in changes:
        for finding in simulator.new_errors(set(change.keys)):
            explained.add(finding.key)
            flags.append(
                Flag(
                    change=change.id,
                    rule=finding.rule,
                    message=f"accepting it would fail mou check: {finding.message}",
                )
            )
    rest = [f for f in together if f.key not in explained]
    if rest:
        deletions = [c for c in changes if c.kind in REMOVING]
        for change in deletions or changes:
            flags.extend(
                Flag(
                    change=change.id,
                    rule=finding.rule,
                    message="accepting it with the other changes to "
                    f"'{cid}' would fail mou check: {finding.message}",
                )
                for finding in rest
            )
    return flags


def simulate_text_rules(result: Review, library: Library | None) -> list[Flag]:
    """Without a spec: the text rules that need no profile, on each clause's accepted text."""
    flags: list[Flag] = []
    doc = result.doc
    for cid, changes in tracked_by_clause(result).items():
        view = result.clauses[cid]
        loaded = library.get(cid) if library is not None else None
        elements = list(loaded.clause.elements) if loaded is not None else []
        _, before_body = clause_text(doc, view)
        probe = TextProbe(cid, "\n".join(before_body), elements)
        for change in changes:
            _, body = clause_text(doc, view, frozenset(change.keys))
            for hit in probe.new_hits("\n".join(body)):
                flags.append(Flag(change=change.id, rule=hit.rule, message=hit.message))
        flags.extend(_removal_flags(doc, view, changes, elements))
    return flags


def _removal_flags(
    doc: ReturnedDocument, view: ClauseView, changes: list[Change], elements: list[str]
) -> list[Flag]:
    """The clause's changes together would remove it: its elements go with it."""
    title, body = clause_text(doc, view, frozenset(k for c in changes for k in c.keys))
    if title or any(line.strip() for line in body):
        return []
    covers = f" (it covers {', '.join(elements)})" if elements else ""
    return [
        Flag(
            change=change.id,
            rule="clause-removed",
            message=f"accepting the deletions in '{view.clause}' removes the whole "
            f"clause{covers}; check with --spec whether a profile requires it",
        )
        for change in changes
        if change.kind in REMOVING
    ]


def tracked_by_clause(result: Review) -> dict[str, list[Change]]:
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


def section_from(
    doc: ReturnedDocument, view: ClauseView, base: Section, accepted: Accepted
) -> Section | None:
    """``base`` with the clause's text as the document reads with ``accepted`` (None: the
    whole clause would be gone)."""
    title, body = clause_text(doc, view, accepted)
    if not title and not any(line.strip() for line in body):
        return None
    blocks: list[Block] = [Paragraph([Run(line)]) for line in body]
    return dataclasses.replace(base, title=title or base.title, blocks=blocks)
