"""``mou review`` and ``mou accept``: read a returned .docx back, carry proposals forward."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import echo_json, formats, library_from


@click.command()
@click.argument("returned", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--spec",
    "spec",
    type=click.Path(dir_okay=False, path_type=str),
    help="The spec the document was built from (text matching, word-level "
    "untracked edits, full check simulation).",
)
@click.option(
    "--spec-mismatch-ok",
    is_flag=True,
    help="Compare with --spec even when the document's manifest names another spec.",
)
@click.option(
    "--template",
    "template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The template the document was built in (headers, footers and list labels are "
    "compared with the spec built in it); its own hidden or unread content is reported.",
)
@formats("text", "json", "md")
@click.pass_context
def review(
    ctx: click.Context,
    returned: str,
    spec: str | None,
    spec_mismatch_ok: bool,
    template: Path | None,
    fmt: str,
) -> None:
    """List every tracked change and comment of RETURNED.docx, clause by clause.

    Flags changes to locked clauses and changes whose acceptance would fail `mou check`;
    reports edits made with Track Changes off, and what a reader sees otherwise than mou
    reads (findings). Exit 0, or 2 for a document that cannot be read safely.
    """
    from ..errors import InputError
    from ..render.review import md_lines, text_lines
    from ..workflows.review import review as run_review

    try:
        library = library_from(ctx)
    except InputError:
        if spec:
            raise
        library = None  # no clause library here: locked clauses are known from the spec only
    result = run_review(
        returned,
        spec=spec,
        library=library,
        spec_mismatch_ok=spec_mismatch_ok,
        template=template,
    )
    if fmt == "json":
        echo_json(result.to_json())
    else:
        for line in md_lines(result) if fmt == "md" else text_lines(result):
            click.echo(line)


@click.command()
@click.argument("returned", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--spec",
    "spec",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The spec the document was built from.",
)
@click.option("--change", "changes", multiple=True, help="Accept this change id (repeatable).")
@click.option("--all", "accept_all", is_flag=True, help="Accept every change not rejected.")
@click.option("--reject", "rejects", multiple=True, help="Reject this change id (repeatable).")
@click.option(
    "--include-untracked",
    is_flag=True,
    help="With --all, take the untracked edits too (otherwise only when named).",
)
@click.option(
    "--allow-errors", is_flag=True, help="Write the new revision even when it fails mou check."
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The new spec to write.",
)
@click.option(
    "--spec-mismatch-ok",
    is_flag=True,
    help="Compare with --spec even when the document's manifest names another spec.",
)
@click.pass_context
def accept(
    ctx: click.Context,
    returned: str,
    spec: str,
    spec_mismatch_ok: bool,
    changes: tuple[str, ...],
    accept_all: bool,
    rejects: tuple[str, ...],
    include_untracked: bool,
    allow_errors: bool,
    output: str,
) -> None:
    """Write the next revision of SPEC with the accepted changes of RETURNED.docx.

    Accepted text becomes negotiated text of its clause; a change that only replaces a
    filled parameter value becomes the parameter's new value. SPEC is never modified.
    Untracked edits are taken only when named (or with --all --include-untracked); a
    replacement is accepted or rejected whole. Runs `mou check` on the result: exit 1 if it
    finds errors (nothing is written unless --allow-errors), 2 for bad input.
    """
    from ..render.accept import report_lines
    from ..workflows.accept import accept as run_accept

    library = library_from(ctx)
    outcome = run_accept(
        returned,
        spec=spec,
        output=output,
        accept=list(changes),
        accept_all=accept_all,
        reject=list(rejects),
        library=library,
        spec_mismatch_ok=spec_mismatch_ok,
        include_untracked=include_untracked,
        allow_errors=allow_errors,
    )
    for line in report_lines(outcome):
        click.echo(line)
    outcome.raise_if_failed()


__all__ = ["accept", "echo_json", "review"]
