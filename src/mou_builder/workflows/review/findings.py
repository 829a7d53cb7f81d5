"""Findings: where what a reader sees differs from what mou reads, each in its clause.

From the reader (:attr:`ReturnedDocument.unseen`: text hidden by formatting, content mou does
not read) and from the text itself (format characters, words mixing scripts)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ...ooxml.safezip import Package
from .model import ClauseView, Finding
from .normal import escaped, invisible, mixed_words, normalize
from .numbering import numbering_findings
from .stories import story_findings

if TYPE_CHECKING:
    from ...ooxml.read import ReturnedDocument

Where = Callable[[int], tuple[str | None, int | None]]


def findings(
    doc: ReturnedDocument,
    clauses: dict[str, ClauseView],
    where: Where,
    built: list[Package] | None = None,
) -> list[Finding]:
    """``built``: the document as built from the spec (draft, final), when there is one."""
    found: list[Finding] = []
    for item in doc.unseen:
        clause, section = where(item.block)
        found.append(
            Finding(
                id="",
                clause=clause,
                section=section,
                kind=item.kind,
                text=escaped(item.text),
                seen=item.seen or f"nothing ({item.detail})",
                severity=item.severity,
                part=item.part,
            )
        )
    for cid, view in clauses.items():
        found.extend(_characters(cid, view))
    found.extend(story_findings(doc, built, where))
    if built:
        from ...ooxml.read import read_package

        found.extend(numbering_findings(doc, read_package(built[0]), where))
    found.extend(missing_comments(doc))
    for counter, finding in enumerate(found, 1):
        finding.id = f"f{counter}"
    return found


def template_findings(template: Path) -> list[Finding]:
    """Hidden or unread content of a template (every build in it carries it), each named by
    the template and its part."""
    from ...ooxml.read import read_package
    from ...ooxml.safezip import open_docx

    doc = read_package(open_docx(template))
    return [
        Finding(
            id="",
            clause=None,
            section=None,
            kind=item.kind,
            text=escaped(item.text),
            seen=(item.seen or f"nothing ({item.detail})") + ", in every document built in "
            f"template {template.name}",
            severity=item.severity,
            part=f"{template.name}!{item.part}",
        )
        for item in doc.unseen
    ]


def missing_comments(doc: ReturnedDocument) -> list[Finding]:
    """Comments the document carried when it was sent (the manifest's ``comments``) that
    the returned copy no longer has: an editor lost them (LibreOffice drops a comment inside a
    content control when it saves) or someone removed them. Each names the clause the
    comment was on, when the manifest recorded it."""
    sent = (doc.manifest or {}).get("comments") or []
    present: dict[tuple[str, str], int] = {}
    stack = list(doc.comments)
    while stack:
        comment = stack.pop()
        stack.extend(comment.replies)
        key = (comment.author, " ".join(comment.text.split()))
        present[key] = present.get(key, 0) + 1
    found: list[Finding] = []
    for item in sent:
        if not isinstance(item, dict):
            continue
        key = (str(item.get("author", "")), " ".join(str(item.get("text", "")).split()))
        if present.get(key):
            present[key] -= 1
            continue
        clause, section = item.get("clause"), item.get("section")
        found.append(
            Finding(
                id="",
                clause=clause if isinstance(clause, str) else None,
                section=section if isinstance(section, int) else None,
                kind="comment-missing",
                text=escaped(key[1]),
                seen=f"nothing: the comment by {key[0] or 'an unnamed author'}"
                f"{_on_clause(item)} that the document carried when it was sent is gone; "
                "ask for it again",
                severity="warning",
            )
        )
    return found


def _on_clause(item: dict[str, object]) -> str:
    """' on Section 4 (Student Records)' for a comment the manifest places, else ''."""
    section, title = item.get("section"), item.get("title")
    if not isinstance(section, int):
        return ""
    named = f" ({escaped(title)})" if isinstance(title, str) and title else ""
    return f" on Section {section}{named}"


def _characters(cid: str, view: ClauseView) -> list[Finding]:
    """Format characters and mixed-script words anywhere in the clause (tracked text too)."""
    found: list[Finding] = []
    for block in view.blocks:
        for para in block.paras():
            text = para.all_text()
            if text.isascii():
                continue
            chars = invisible(text)
            if chars:
                names = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in chars))
                found.append(
                    Finding(
                        id="",
                        clause=cid,
                        section=view.section,
                        kind="invisible-character",
                        text=_around(text, chars[0]),
                        seen=f"nothing where {names} stand(s); mou compares the text without them",
                        severity="error",
                    )
                )
            for word in dict.fromkeys(mixed_words(text)):
                found.append(
                    Finding(
                        id="",
                        clause=cid,
                        section=view.section,
                        kind="mixed-script",
                        text=escaped(word),
                        seen=f'"{normalize(word)}" (letters of another script that look '
                        "Latin; rules read the Latin word)",
                        severity="error",
                    )
                )
    return found


def _around(text: str, char: str, width: int = 30) -> str:
    at = text.index(char)
    return escaped(text[max(0, at - width) : at + width])
