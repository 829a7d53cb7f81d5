"""Markdown rendering of an assembled agreement, for quick review and email.

Same content as the Word document, from the same :class:`Agreement`: cover information,
numbered sections, lettered sub-items, tables, the signature block and the board approval
lines.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..model.agreement import Agreement, Paragraph, Run, Table
from ..model.cover import (
    approval_of,
    approval_sentence,
    approval_signers,
    cover_label,
    date_words,
    intro_text,
    signature_intro,
    status_text,
)
from ..model.typography import typeset

_SPECIAL = re.compile(r"([\\`*<|])")


def escape(text: str) -> str:
    """Escape Markdown punctuation in plain text (so legal text renders as written)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^(\s*)([#>+-])(\s)", r"\1\\\2\3", text)
    return re.sub(r"^(\s*)(\d+)\.(\s)", r"\1\2\\.\3", text)


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, 27 → bb (as Word's lowerLetter numbering counts)."""
    return chr(ord("a") + index % 26) * (index // 26 + 1)


def date_text(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _run(run: Run) -> str:
    text = escape(run.text).replace("\n", " ")
    if not (run.bold or run.italic) or not text.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = text.strip()
    mark = "***" if run.bold and run.italic else "**" if run.bold else "*"
    return f"{lead}{mark}{core}{mark}{trail}"


def paragraph_text(paragraph: Paragraph) -> str:
    return "".join(_run(r) for r in paragraph.runs).strip()


def _cell(text: str) -> str:
    return escape(text).replace("\n", " ") or " "


def table_lines(table: Table) -> list[str]:
    columns = table.columns or [""]
    lines = [
        "| " + " | ".join(_cell(c) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    rows = table.rows or [["[to be completed]"] + [""] * (len(columns) - 1)]
    for row in rows:
        cells = list(row) + [""] * (len(columns) - len(row))
        lines.append("| " + " | ".join(_cell(str(c)) for c in cells[: len(columns)]) + " |")
    return lines


def render_markdown(
    agreement: Agreement,
    *,
    draft: bool = True,
    stamp: str | None = None,
    approval: dict[str, Any] | None = None,
) -> str:
    spec = agreement.spec
    district, agency = spec.parties.district, spec.parties.agency
    out: list[str] = []
    if stamp:
        out += [f"**{escape(stamp)}**", ""]
    elif draft:
        out += ["**DRAFT**", ""]
    label = cover_label(spec.title)
    out += [f"# {escape(typeset(spec.title))}", ""]
    out += [
        f"{label + ' b' if label else 'B'}etween **{escape(typeset(district.name))}** and "
        f"**{escape(typeset(agency.name))}**",
        "",
    ]
    shown = approval_of(spec, approval)
    status = status_text(spec, draft=draft, stamp=stamp, approval=shown)
    out += [
        "| | |",
        "|---|---|",
        f"| Agreement | {escape(spec.id)} |",
        f"| Revision | {escape(spec.revision)} |",
        f"| Term | {date_words(spec.term.effective)} to {date_words(spec.term.expires)} |",
        f"| Date | {date_words(spec.date)} |",
        f"| Status | {escape(status)} |",
        "",
    ]
    out += [escape(intro_text(agreement)), ""]
    for section in agreement.sections:
        out += [f"## {section.number}. {escape(section.title)}", ""]
        items = 0
        for block in section.blocks:
            if isinstance(block, Table):
                out += [*table_lines(block), ""]
                items = 0
            elif block.kind == "item":
                out.append(f"- ({letter(items)}) {paragraph_text(block)}")
                items += 1
            else:
                if items:
                    out.append("")
                items = 0
                out += [paragraph_text(block), ""]
        if items:
            out.append("")
    out += ["## Signatures", "", escape(signature_intro()), ""]
    for party in (district, agency):
        for person in party.signatories:
            out += [
                f"**{escape(typeset(party.name))}**",
                "",
                "Signature: ______________________________    Date: ________________",
                "",
                f"{escape(typeset(person.name))}, {escape(typeset(person.title))}",
                "",
            ]
    out += ["## Board Approval", "", escape(approval_sentence(spec, shown)), ""]
    for signer in approval_signers(spec):
        out += [
            f"{escape(signer['label'])}: ______________________________    Date: ________________",
            "",
        ]
    return "\n".join(out)
