"""``mou build``: the agreement as a Word document (or Markdown), checks first."""

from __future__ import annotations

import gc

import click

from ._common import formats, lang_option, library_from


@click.command()
@click.argument("spec", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=str),
    default=None,
    help="Output file, or a directory (file named after the spec id). Default: out/<spec id>.docx",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="A docxtpl Word template (default: the shipped templates/default.docx).",
)
@click.option(
    "--draft/--no-draft",
    default=True,
    show_default=True,
    help="Mark the document as a draft for discussion.",
)
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Build even when checks find errors; stamps DRAFT — NOT FOR APPROVAL.",
)
@formats("docx", "md", help="Word document or Markdown.")
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    help="Check against this profile (repeatable); replaces the spec's own list.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes when building several specs (default: CPU count).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar when building several specs.")
@lang_option("Write the agreement in this language (e.g. es); the English text governs.")
@click.option(
    "--layout",
    type=click.Choice(["single", "side-by-side"]),
    default="single",
    show_default=True,
    help="side-by-side: English and the --lang translation in two columns.",
)
@click.pass_context
def build(
    ctx: click.Context,
    spec: tuple[str, ...],
    output: str | None,
    template: str | None,
    draft: bool,
    allow_errors: bool,
    fmt: str,
    profiles: tuple[str, ...],
    jobs: int | None,
    quiet: bool,
    lang: str | None,
    layout: str,
) -> None:
    """Check SPEC, then write it as a board-ready document.

    Exit code 0 when written, 1 when checks find errors (nothing is written unless
    --allow-errors), 2 for bad input (spec, clauses, template).

    Several specs, a directory (every *.mou.yaml under it) or a glob build as a batch into
    the -o directory, in --jobs processes, with a summary table; exit 1 if any failed.

    With --lang es the document is in Spanish where the clause library has translations
    (English elsewhere, marked), says in both languages that the English text governs, and
    marks each section whose translation is not approved as an unofficial translation.
    """
    from .batch import build_batch, looks_like_batch

    if looks_like_batch(spec) and (lang or layout != "single"):
        from ..errors import UsageError

        raise UsageError("--lang and --layout build one spec at a time")
    if looks_like_batch(spec):
        build_batch(
            ctx,
            spec,
            output,
            jobs=jobs,
            quiet=quiet,
            template=template,
            draft=draft,
            allow_errors=allow_errors,
            fmt=fmt,
            profiles=list(profiles) or None,
        )
        return
    from ..render.coverage import findings_text
    from ..util.collector import collector_paused
    from ..workflows import build as core

    library = library_from(ctx)
    try:
        with collector_paused():
            try:
                result = core.build(
                    spec[0],
                    output,
                    library=library,
                    template=template,
                    draft=draft,
                    allow_errors=allow_errors,
                    fmt=fmt,
                    profiles=list(profiles) or None,
                    lang=lang or "en",
                    layout=layout,
                )
            finally:
                # The command ends with the build: what it made lives until exit. Frozen
                # before the collector resumes, it is not rescanned (a tenth of the run).
                gc.freeze()
    except core.BuildBlocked as blocked:
        for line in findings_text(blocked.check):
            click.echo(line, err=True)
        raise
    for line in findings_text(result.check):
        click.echo(line, err=True)
    for notice in result.notices:
        click.echo(f"mou: warning: {notice}", err=True)
    click.echo(result.summary)
