"""``mou translations``: the state of the clause library's translations."""

from __future__ import annotations

import click

from ._common import echo_json, format_option, library_from


@click.group()
def translations() -> None:
    """Show the state of clause translations (missing, stale, draft, approved)."""


@translations.command()
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="A language (repeatable; default: every language besides English).",
)
@click.option(
    "--spec",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Only the clause versions this agreement uses.",
)
@click.option("--strict", is_flag=True, help="Missing and draft translations fail too (exit 1).")
@format_option
@click.pass_context
def status(
    ctx: click.Context, langs: tuple[str, ...], spec: str | None, strict: bool, fmt: str
) -> None:
    """List each clause version's translations: missing, stale, draft or approved.

    A stale translation translates an older English text (the words that changed are
    shown); one whose blocks or variables differ from the English is a mismatch. Exit code 1
    when any is stale or a mismatch (with --strict: also missing or draft), 2 for bad input.
    """
    from ..errors import CheckFailed, UsageError
    from ..model.language import UnknownLanguage
    from ..render.translations import report_lines
    from ..workflows.translations import translation_report

    library = library_from(ctx)
    try:
        report = translation_report(library, list(langs), spec=spec, strict=strict)
    except UnknownLanguage as exc:
        raise UsageError(f"--lang: {exc}") from None
    if fmt == "json":
        echo_json(report.model_dump(mode="json"))
    else:
        for line in report_lines(report):
            click.echo(line)
    if not report.ok:
        raise CheckFailed("translations need work" + (" (--strict)" if strict else ""))
