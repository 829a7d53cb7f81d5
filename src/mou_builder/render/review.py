"""Text and Markdown views of a review (to move into the render package)."""

from __future__ import annotations

from pathlib import Path

from ..workflows.review.model import Change, Finding, Flag, Review, ReviewComment
from ..workflows.review.normal import escaped


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
    clauses = [c.clause for c in result.changes] + [m.clause for m in result.comments]
    for clause in clauses + [f.clause for f in result.findings]:
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
    text = escaped(text.replace("\n", " ⏎ "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_lines(result: Review) -> list[str]:
    summary = result.summary()
    tracked = summary["changes"] - summary["untracked"]
    lines = [
        f"{result.document}: {tracked} tracked change(s), {summary['untracked']} untracked "
        f"edit(s), {summary['comments']} comment(s), {summary['flags']} flag(s), "
        f"{summary['findings']} finding(s)"
    ]
    flags_by: dict[str, list[Flag]] = {}
    for flag in result.flags:
        flags_by.setdefault(flag.change, []).append(flag)
    for cid, changes, comments in _grouped(result):
        lines.append("")
        lines.append(_heading(result, cid))
        for change in changes:
            who = _who(change)
            when = f" {change.date[:10]}" if change.date else ""
            lines.append(f'  [{change.id}] {change.kind:<16} {who}{when}: "{_short(change.text)}"')
            if change.context:
                lines.append(f"        {_short(change.context, 140)}")
            for flag in flags_by.get(change.id, []):
                lines.append(f"        ! {flag.rule}: {flag.message}")
        lines.extend(_finding_lines(result, cid))
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


def _who(change: Change) -> str:
    """The author as the document names it; a tracked change not in the document sent is
    the other party's, whatever name it carries."""
    if change.kind == "untracked":
        return "?"
    if change.party == "other party":
        return f"{change.author or '?'} (other party)"
    return change.author or "?"


def _clause_findings(result: Review, cid: str | None) -> list[Finding]:
    return [f for f in result.findings if f.clause == cid]


def _finding_lines(result: Review, cid: str | None) -> list[str]:
    return [
        f'  [{f.id}] {f.severity}: {f.kind}{_in_part(f)}: "{_short(f.text)}"\n'
        f"        a reader sees: {_short(f.seen, 140)}"
        for f in _clause_findings(result, cid)
    ]


def _in_part(finding: Finding) -> str:
    return "" if finding.part == "word/document.xml" else f" in {finding.part}"


def _md(text: str) -> str:
    return escaped(text).replace("|", "\\|").replace("\n", " ")


def md_lines(result: Review) -> list[str]:
    summary = result.summary()
    lines = [
        f"# Review of {Path(result.document).name}",
        "",
        f"{summary['changes'] - summary['untracked']} tracked changes, "
        f"{summary['untracked']} untracked edits, {summary['comments']} comments, "
        f"{summary['flags']} flags, {summary['findings']} findings.",
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
                    f"| {c.id} | {c.kind} | {_md(_who(c))} | {c.date[:10]} | "
                    f"{_md(c.text)} | {_md(c.context)} | {_md(flagged)} |"
                )
            lines.append("")
        for finding in _clause_findings(result, cid):
            lines.append(
                f"- **{finding.severity}** {finding.id} {finding.kind}{_in_part(finding)}: "
                f"“{_md(finding.text)}” — "
                f"a reader sees {_md(finding.seen)}"
            )
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
