"""``mou import``: a spec from an agreement the district already has."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ._common import library_from


@click.command(name="import")
@click.argument("agreement", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="The spec to write (SPEC.mou.yaml); its clauses go to SPEC.clauses/ beside it.",
)
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    help="Record this profile in the spec (repeatable); --suggest fills what it requires.",
)
@click.option(
    "--suggest", is_flag=True, help="List library clauses for each missing element (commented)."
)
@click.option(
    "--map",
    "show_map",
    is_flag=True,
    help="Print the library clause each section is closest to, with a word diff.",
)
@click.option("--force", is_flag=True, help="Replace an existing spec and clause folder.")
@click.pass_context
def import_(
    ctx: click.Context,
    agreement: str,
    output: str | None,
    profiles: tuple[str, ...],
    suggest: bool,
    show_map: bool,
    force: bool,
) -> None:
    """Read AGREEMENT (.docx, .pdf, .txt, .md) and write a spec that rebuilds it.

    Parties, signatories, dates and term are read where the text states them; each section
    becomes a negotiated-text entry tagged with its elements. Exit code 2 for a file that
    cannot be read or is not an SRO agreement (nothing is written).
    """
    from ..checks.engine import today
    from ..sources.profiles import ProfileSet
    from ..workflows.importing import map_sections, plan_import, write_import

    if output is None and not show_map:
        raise UsageError("give -o SPEC.mou.yaml (or --map to only compare with the library)")
    library = library_from(ctx)
    profile_set = ProfileSet.load()
    path = Path(agreement)
    if show_map:
        for row in map_sections(path, library, profile_set):
            section = row.section.section
            heading = section.heading or "(untitled)"
            elements = ", ".join(row.section.elements) or "no element"
            closest = f"{row.clause} ({row.similarity:.2f})" if row.clause else "no clause"
            click.echo(f"section {section.index} {heading} [{elements}] ~ {closest}")
            if row.diff:
                click.echo(f"  {row.diff}")
            click.echo()
    if output is None:
        return
    for pid in profiles:
        profile_set.resolve(pid)
    plan = plan_import(path, Path(output), library, profile_set, list(profiles), suggest, today())
    write_import(plan, [path], library, force)
    click.echo(
        f"wrote {output} ({len(plan.entries)} sections) and {plan.clauses_dir}/; "
        f"build with: mou --library {plan.clauses_dir} build {output}"
    )
