"""``mou outdated``, ``mou upgrade``, ``mou new``: keeping agreement specs current."""

from __future__ import annotations

from pathlib import Path

import click

from ..compare.worddiff import diff_words, render_ansi
from ..errors import CheckFailed
from ..sources.specfile import load_spec
from ._common import colour_option, echo_json, format_option, library_from, use_colour


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@format_option
@click.pass_context
def outdated(ctx: click.Context, spec: Path, fmt: str) -> None:
    """List pinned clause versions behind the latest approved version (exit 1 if any)."""
    from ..workflows.upgrade import outdated as find_outdated

    items = find_outdated(load_spec(spec), library_from(ctx))
    if fmt == "json":
        echo_json(
            [
                {
                    "clause": o.clause,
                    "pinned": o.pinned,
                    "latest": o.latest,
                    "status": o.status,
                    "location": str(o.location),
                }
                for o in items
            ]
        )
    elif not items:
        click.echo(f"{spec}: every pinned clause is at its latest approved version")
    for o in items if fmt == "text" else []:
        click.echo(
            f"{o.location}: {o.clause}@{o.pinned} ({o.status}) -> latest approved "
            f"{o.clause}@{o.latest}"
        )
    if items:
        raise CheckFailed(f"{len(items)} clause(s) outdated")


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--clause", "clauses", multiple=True, help="Upgrade only this clause (repeatable).")
@colour_option
@click.pass_context
def upgrade(ctx: click.Context, spec: Path, clauses: tuple[str, ...], colour: bool | None) -> None:
    """Move pins to the latest approved versions and show what changed in each clause."""
    from ..workflows.upgrade import upgrade as do_upgrade
    from .clauses import version_lines

    library = library_from(ctx)
    done = do_upgrade(load_spec(spec), library, list(clauses) or None)
    if not done:
        click.echo(f"{spec}: nothing to upgrade")
        return
    colour = use_colour() if colour is None else colour
    for item in done:
        loaded = library.require(item.clause)
        old, new = loaded.clause.get(item.pinned), loaded.clause.get(item.latest)
        assert old is not None and new is not None
        click.echo(f"{item.clause}: v{item.pinned} -> v{item.latest}")
        before = "\n".join(version_lines(loaded, old))
        after = "\n".join(version_lines(loaded, new))
        click.echo("  " + render_ansi(diff_words(before, after), colour).replace("\n", "\n  "))
    click.echo(f"{spec}: upgraded {len(done)} clause(s); run `mou check {spec}`")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--profile",
    default="ca-bp-3515-31",
    show_default=True,
    help="Profile whose required elements the new agreement must cover.",
)
@click.option("--id", "agreement_id", help="Agreement id (default SRO-<year>).")
@click.option(
    "--title", default="School Resource Officer Memorandum of Understanding", show_default=True
)
@click.pass_context
def new(
    ctx: click.Context, directory: Path, profile: str, agreement_id: str | None, title: str
) -> None:
    """Scaffold a new agreement spec in DIRECTORY with the clauses PROFILE requires."""
    from ..checks.engine import today
    from ..sources.profiles import ProfileSet
    from ..workflows.new import scaffold

    path = scaffold(
        directory,
        profile,
        library_from(ctx),
        ProfileSet.load(),
        agreement_id=agreement_id,
        title=title,
        today=today(),
    )
    click.echo(f"wrote {path}; fill in the blanks, then run: mou check {path}")
