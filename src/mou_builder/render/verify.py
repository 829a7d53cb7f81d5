"""The terminal view of `mou verify`: the verdict, then what differs and where."""

from __future__ import annotations

from ..compare.worddiff import Piece
from ..workflows.review.normal import escaped
from ..workflows.verify import VerifyReport

PARTS_SHOWN = 8  # changed parts named before "and N more"


def report_lines(report: VerifyReport, colour: bool = False) -> list[str]:
    from ..compare.worddiff import render_ansi

    lines = []
    if report.verified:
        approval = report.approval or {}
        when = ""
        if approval:
            when = (
                f", approved by the {approval.get('body')} on {approval.get('meeting_date')} "
                f"(item {approval.get('agenda_item')}"
                + (f", resolution {approval['resolution']}" if approval.get("resolution") else "")
                + ")"
            )
        lines.append(
            f"{report.path}: verified: byte for byte the record copy of {report.agreement}{when}"
        )
        lines.append(f"  {report.sha256}")
        if report.manifest_path:
            lines.append(f"  record: {report.manifest_path}")
        return lines
    if report.expected_sha256 is None:
        lines.append(f"{report.path}: NOT VERIFIED: no record of its bytes")
    elif report.sha256 != report.expected_sha256:
        lines.append(f"{report.path}: DIFFERS from the record copy ({report.manifest_path})")
        lines.append(f"  expected {report.expected_sha256}")
        lines.append(f"  found    {report.sha256}")
    else:
        lines.append(f"{report.path}: bytes match the record, but the spec does not")
    if report.changed_parts:
        shown = report.changed_parts[:PARTS_SHOWN]
        more = len(report.changed_parts) - len(shown)
        lines.append(
            f"  changed parts: {', '.join(shown)}" + (f" and {more} more" if more > 0 else "")
        )
    if report.revision_marks:
        lines.append(f"  not a clean copy: {'; '.join(report.revision_marks)}")
    for item in report.unseen:
        lines.append(f"  a reader sees otherwise: {escaped(item)}")
    for diff in report.clause_diffs:
        where = f"Section {diff.section} " if diff.section else ""
        head = f"  {where}'{diff.clause_id}': {diff.change} (against the {diff.against})"
        if diff.note:
            head += f": {diff.note}"
        lines.append(head)
        if diff.pieces:
            pieces = [Piece(p.op, escaped(p.text)) for p in compact(diff.pieces)]
            for text_line in render_ansi(pieces, colour).splitlines():
                lines.append(f"      {text_line}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    return lines


def compact(pieces: list[Piece], context: int = 40) -> list[Piece]:
    """The diff with long unchanged stretches cut down to ``context`` characters each side."""
    out: list[Piece] = []
    for index, piece in enumerate(pieces):
        text = piece.text
        if piece.op == "equal" and len(text) > 2 * context + 5:
            first, last = index == 0, index == len(pieces) - 1
            if first:
                text = "…" + text[-context:]
            elif last:
                text = text[:context] + "…"
            else:
                text = text[:context] + " … " + text[-context:]
        out.append(Piece(piece.op, text))
    return out
