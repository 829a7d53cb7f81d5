"""``mou publish``: the agreement as an accessible web page per language, to post."""

from __future__ import annotations

import click

from ._common import library_from


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Directory for the pages (<spec id>.<lang>.html). Default: site/",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="A language to publish (repeatable; default: every language mou writes: en, es).",
)
@click.option(
    "--theme",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="A theme file (colours, logo); default: the Word template's colours.",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="The Word template (colours by default, and the document of --pdf).",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF of the Word document per language.")
@click.option(
    "--draft", is_flag=True, help="Mark the page (and the PDF) as a draft for discussion."
)
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Publish even when checks find errors; the page says it is a draft.",
)
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    help="Check against this profile (repeatable); replaces the spec's own list.",
)
@click.pass_context
def publish(
    ctx: click.Context,
    spec: str,
    output: str | None,
    langs: tuple[str, ...],
    theme: str | None,
    template: str | None,
    pdf: bool,
    draft: bool,
    allow_errors: bool,
    profiles: tuple[str, ...],
) -> None:
    """Write SPEC as an accessible web page per language (and PDFs) to post for the community.

    Each page is one self-contained HTML file (no script, no external request) meeting
    WCAG 2.1 AA: numbered sections with anchors (#section-7, #supervision), a table of
    contents, cross-references as links, what the governing policies require and where
    the agreement covers it, the term and next review, and a language switch.

    Exit code 0 when written, 1 when checks find errors (nothing is written unless
    --allow-errors), 2 for bad input (spec, theme, unknown language).
    """
    from ..render.coverage import findings_text
    from ..workflows import build as building
    from ..workflows.publish import publish as core

    try:
        result = core(
            spec,
            output,
            langs=list(langs) or None,
            theme=theme,
            template=template,
            pdf=pdf,
            draft=draft,
            allow_errors=allow_errors,
            library=library_from(ctx),
            profiles=list(profiles) or None,
        )
    except building.BuildBlocked as blocked:
        for line in findings_text(blocked.check):
            click.echo(line, err=True)
        raise
    for line in findings_text(result.check):
        click.echo(line, err=True)
    for line in result.summary:
        click.echo(line)
