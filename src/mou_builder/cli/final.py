"""``mou final``, ``mou verify``, ``mou packet``, ``mou status``: the board clerk's commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import CheckFailed
from ._common import echo_json, format_option, formats, lang_option, library_from, use_colour


class DateType(click.ParamType):
    name = "DATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date; write YYYY-MM-DD", param, ctx)


DATE = DateType()


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--board-date", required=True, type=DATE, help="Date of the board meeting.")
@click.option("--item", "agenda_item", required=True, help="Agenda item number, e.g. 7.2.")
@click.option("--resolution", help="Board resolution number, if any.")
@click.option("--pdf", is_flag=True, help="Also write a PDF/A copy (needs LibreOffice).")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    default=Path("final"),
    show_default=True,
    help="Output directory (or a .docx path).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing final copy; the previous one is kept beside it.",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A .docx template (letterhead, styles).",
)
@format_option
@click.pass_context
def final(
    ctx: click.Context,
    spec: Path,
    board_date: dt.date,
    agenda_item: str,
    resolution: str | None,
    pdf: bool,
    output: Path,
    force: bool,
    template: Path | None,
    fmt: str,
) -> None:
    """Write the clean copy of SPEC the board approves, with its manifest.

    Refused (exit 1, every reason listed) unless the check finds no errors, every clause
    version is approved, no parameter is blank and the term dates are coherent. A final
    copy is never overwritten without --force (exit 2).
    """
    from ..render.final import final_json, final_text
    from ..workflows.final import make_final

    outcome = make_final(
        spec,
        output,
        board_date=board_date,
        agenda_item=agenda_item,
        resolution=resolution,
        library=library_from(ctx),
        pdf=pdf,
        force=force,
        template=template,
    )
    if fmt == "json":
        echo_json(final_json(outcome))
        return
    for line in final_text(outcome):
        click.echo(line)


@click.command()
@click.argument("document", type=click.Path(path_type=Path))
@click.option(
    "--spec",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also compare with this spec's assembled clauses.",
)
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The record (.manifest.json); default: the one beside DOCUMENT.",
)
@format_option
@click.pass_context
def verify(
    ctx: click.Context, document: Path, spec: Path | None, manifest: Path | None, fmt: str
) -> None:
    """Check that DOCUMENT is byte for byte the approved record copy.

    Exit 0 when verified, 1 when it differs (the clauses that differ are shown), 2 when
    the input cannot be read.
    """
    from ..render.verify import report_lines
    from ..workflows.verify import verify as run_verify

    library = library_from(ctx) if spec is not None else None
    report = run_verify(document, manifest=manifest, spec=spec, library=library)
    if fmt == "json":
        echo_json(report.to_json())
    else:
        for line in report_lines(report, colour=use_colour()):
            click.echo(line)
    if not report.verified:
        raise CheckFailed(f"{document}: not the approved record copy")


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--prior",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The prior agreement: its spec (.mou.yaml) or its .docx.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("packet"),
    show_default=True,
    help="Output directory.",
)
@click.option("--board-date", type=DATE, help="Date of the meeting the packet goes to.")
@click.option("--item", "agenda_item", help="Agenda item number.")
@click.option(
    "--pdf/--no-pdf",
    "pdf",
    default=None,
    help="PDF of every document (default: when LibreOffice is installed).",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The district's .docx template (letterhead, styles) for every document of the packet.",
)
@formats(
    "text",
    "json",
    "md",
    help="What is printed (text or json); md also writes the memo and the matrix as Markdown.",
)
@lang_option("Write the agreement, the matrix and the memo in this language (e.g. es).")
@click.pass_context
def packet(
    ctx: click.Context,
    spec: Path,
    prior: Path,
    output: Path,
    board_date: dt.date | None,
    agenda_item: str | None,
    pdf: bool | None,
    template: Path | None,
    fmt: str,
    lang: str | None,
) -> None:
    """Write the board packet for SPEC: agreement for approval, compliance matrix,
    redline against PRIOR and a plain-language change memo.

    Each is a Word document in the agreement's template (and a PDF with --pdf); the
    redline opens with a legend. --format md also writes the memo and matrix as Markdown.
    With --lang es the agreement, the matrix and the memo are in Spanish (the English text
    governs; the redline compares the English texts).
    """
    from ..render.final import packet_json, packet_text
    from ..workflows.packet import make_packet

    outcome = make_packet(
        spec,
        prior,
        output,
        library=library_from(ctx),
        board_date=board_date,
        agenda_item=agenda_item,
        pdf=pdf,
        template=template,
        markdown=fmt == "md",
        lang=lang or "en",
    )
    if fmt == "json":
        echo_json(packet_json(outcome))
        return
    for line in packet_text(outcome):
        click.echo(line)


@click.command()
@click.argument("directory", type=click.Path(path_type=Path), default=Path("."))
@format_option
@click.option(
    "--ics",
    "ics",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the deadlines (review, notices, expiry) as an iCalendar file.",
)
@click.pass_context
def status(ctx: click.Context, directory: Path, fmt: str, ics: Path | None) -> None:
    """List the agreements under DIRECTORY, most urgent first (expired, then soonest to expire),
    with supersession, gaps between terms, review and notice deadlines."""
    from ..checks.engine import today
    from ..render.ics import calendar
    from ..render.status import status_table
    from ..util.atomic import write_text_atomic
    from ..workflows.status import collect

    day = today()
    statuses = collect(directory, library_from(ctx), day)
    if ics is not None:
        write_text_atomic(ics, calendar(statuses, day))
    if fmt == "json":
        echo_json([s.to_json() for s in statuses])
        return
    for line in status_table(statuses, day):
        click.echo(line)
    if ics is not None:
        click.echo(f"wrote {ics}")
