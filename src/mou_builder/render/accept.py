"""The text view of an accept outcome (to move into the render package)."""

from __future__ import annotations

from ..workflows.accept.model import AcceptOutcome


def report_lines(outcome: AcceptOutcome) -> list[str]:
    from .coverage import summary_line

    lines = [
        f"{outcome.output}: revision {outcome.revision[0]} → {outcome.revision[1]} "
        f"(from {outcome.spec}, {outcome.document})"
    ]
    for clause in outcome.clauses:
        ids = ", ".join(clause.changes)
        if clause.how == "parameters":
            values = "; ".join(
                f"{name}: {old!r} → {new!r}" for name, (old, new) in clause.params.items()
            )
            lines.append(f"  {clause.clause}: parameters {values} (changes {ids})")
        elif clause.how == "negotiated":
            lines.append(f"  {clause.clause}: negotiated text ({clause.note})")
        elif clause.how == "removed":
            lines.append(f"  {clause.clause}: removed from the agreement (changes {ids})")
        else:
            lines.append(f"  {clause.clause}: heading changed (changes {ids})")
    for note in outcome.skipped:
        lines.append(f"  not carried: {note}")
    lines.append(f"accepted: {', '.join(c.id for c in outcome.accepted) or 'none'}")
    lines.append(f"rejected: {', '.join(c.id for c in outcome.rejected) or 'none'}")
    if outcome.comments:
        lines.append(
            f"comments ({outcome.comments}) are not carried into the spec; answer them "
            "in the next draft"
        )
    if outcome.untouched:
        lines.append("left open (neither accepted nor rejected):")
        for change in outcome.untouched:
            lines.append(
                f'  [{change.id}] {change.kind} in {change.clause or "-"}: "{change.text[:70]}"'
            )
    else:
        lines.append("left open: none")
    if outcome.findings:
        lines.append(
            "what a reader sees differs from the text in these places (`mou review` lists "
            "them; nothing of them is accepted):"
        )
        lines.extend(f"  {line}" for line in outcome.findings)
    if outcome.check is not None:
        from .coverage import findings_text

        for line in findings_text(outcome.check):
            lines.append(line)
        lines.append(summary_line(outcome.check))
    if not outcome.written:
        lines.append(
            f"not written: {outcome.output} would fail mou check (--allow-errors writes it)"
        )
    return lines
