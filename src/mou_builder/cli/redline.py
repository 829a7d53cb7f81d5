"""``mou redline`` (tracked-changes .docx) and ``mou diff`` (terminal, JSON, memo)."""

from __future__ import annotations

import click

from ._common import colour_option, echo_json, formats, library_from, use_colour

_SIDES = click.argument("old", type=click.Path(dir_okay=False, path_type=str))
_NEW = click.argument("new", type=click.Path(dir_okay=False, path_type=str))


@click.command()
@_SIDES
@_NEW
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="Where to write the redline (.docx).",
)
@click.option(
    "--author",
    default="mou-builder",
    show_default=True,
    help="Author recorded on every tracked change.",
)
@click.option(
    "--date",
    "date",
    default=None,
    help="ISO date/time recorded on every change (default: NEW's date).",
)
@click.option(
    "--keep-content-controls",
    is_flag=True,
    help="Keep the clause content controls (for Word: LibreOffice loses tracked changes "
    "in the headings of documents whose controls wrap whole clauses, as mou wrote them "
    "before). Clause bookmarks are kept either way.",
)
@click.option(
    "--track-edits/--no-track-edits",
    default=True,
    show_default=True,
    help="Turn Track Changes on in the redline, so the next editor's changes are tracked too.",
)
@click.option(
    "--legend",
    is_flag=True,
    help="Open the redline with a box saying what was compared with what, which revisions "
    "and which date (board packets always have it).",
)
@click.pass_context
def redline(
    ctx: click.Context,
    old: str,
    new: str,
    output: str,
    author: str,
    date: str | None,
    keep_content_controls: bool,
    track_edits: bool,
    legend: bool,
) -> None:
    """Write NEW as a Word document with every difference from OLD as tracked changes.

    OLD and NEW are agreement specs (.mou.yaml) or Word documents (.docx), built by mou or
    not. Clauses are aligned by their markers when both sides have them.
    """
    from ..workflows.redline import is_spec
    from ..workflows.redline import redline as make_redline

    library = library_from(ctx) if is_spec(old) or is_spec(new) else None
    result = make_redline(
        old,
        new,
        output,
        library=library,
        author=author,
        date=date,
        content_controls=keep_content_controls,
        track_edits=track_edits,
        legend=legend,
    )
    how = "clause-aligned" if result.clause_aware else "paragraph-aligned"
    click.echo(
        f"wrote {output}: {result.revisions} tracked change"
        f"{'s' if result.revisions != 1 else ''} ({how}), author {result.author}, "
        f"date {result.date}"
    )
    for item in result.dropped:
        click.echo(f"  dropped from the output: {item}")


@click.command()
@_SIDES
@_NEW
@formats("text", "json", "md", help="text (coloured on a terminal), json, or md (change memo).")
@colour_option
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, fmt: str, colour: bool | None) -> None:
    """Show what changed from OLD to NEW, clause by clause."""
    from ..compare.align import Change
    from ..render.diff import diff_json, diff_text
    from ..render.memo import memo_from_changes, memo_title
    from ..workflows.redline import diff_sides, is_spec, load_side

    library = library_from(ctx) if is_spec(old) or is_spec(new) else None
    a, b = load_side(old, library), load_side(new, library)
    changes: list[Change] = diff_sides(a, b)
    if fmt == "json":
        echo_json(diff_json(old, new, changes))
        return
    if fmt == "md":
        click.echo(memo_from_changes(changes, memo_title(a, b)), nl=False)
        return
    paint = use_colour() if colour is None else colour
    for line in diff_text(changes, paint):
        click.echo(line, color=paint)
