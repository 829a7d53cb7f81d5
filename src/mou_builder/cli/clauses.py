"""``mou clauses``: browse the clause library (list, show, history, diff, stamp)."""

from __future__ import annotations

from typing import Any

import click

from ..assembly.assembler import preview
from ..compare.worddiff import diff_words, render_ansi
from ..errors import InputError, UsageError
from ..model.agreement import Paragraph, Table
from ..model.hashing import version_hash
from ..model.schema import ClauseVersion
from ..sources.library import Library, LoadedClause, hash_drift
from ._common import colour_option, echo_json, format_option, library_from, use_colour


@click.group()
def clauses() -> None:
    """Browse the versioned clause library."""


@clauses.command("list")
@click.option("--element", help="Only clauses that satisfy this element.")
@format_option
@click.pass_context
def list_(ctx: click.Context, element: str | None, fmt: str) -> None:
    """List clauses with their elements and latest version."""
    library = library_from(ctx)
    rows: list[dict[str, Any]] = []
    for loaded in sorted(library.clauses.values(), key=lambda c: c.id):
        clause = loaded.clause
        if element and element not in clause.elements:
            continue
        latest = clause.latest_approved or clause.latest
        rows.append(
            {
                "id": clause.id,
                "title": clause.title,
                "elements": list(clause.elements),
                "latest": latest.version,
                "status": latest.status,
                "versions": sorted(v.version for v in clause.versions),
            }
        )
    if element and not rows:
        from ..model.elements import ELEMENTS

        if element not in ELEMENTS:
            raise UsageError(f"unknown element '{element}'", hint="see `mou profiles` for ids")
    if fmt == "json":
        echo_json(rows)
        return
    width = max((len(r["id"]) for r in rows), default=2)
    for row in rows:
        versions = ",".join(str(v) for v in row["versions"])
        click.echo(
            f"{row['id']:<{width}}  v{row['latest']} {row['status']:<9} "
            f"[{versions}]  {row['title']}  ({', '.join(row['elements'])})"
        )


def _lookup(library: Library, ref: str) -> tuple[LoadedClause, ClauseVersion]:
    try:
        return library.resolve(ref)
    except InputError as exc:
        raise InputError(exc.message, hint=exc.hint) from None


def version_lines(loaded: LoadedClause, version: ClauseVersion) -> list[str]:
    """A clause version as plain text lines (items lettered, tables tab-separated)."""
    lines: list[str] = []
    letter = 0
    for block in preview(loaded, version):
        if isinstance(block, Paragraph) and block.kind == "item":
            lines.append(f"  ({chr(ord('a') + letter % 26)}) {block.text}")
            letter += 1
            continue
        letter = 0
        if isinstance(block, Table):
            lines.extend("  | " + " | ".join(r) + " |" for r in [block.columns, *block.rows])
        else:
            lines.append(block.text)
    return lines


@clauses.command()
@click.argument("ref")
@click.pass_context
def show(ctx: click.Context, ref: str) -> None:
    """Show a clause version: ID (latest approved) or ID@N."""
    loaded, version = _lookup(library_from(ctx), ref)
    clause = loaded.clause
    click.echo(f"{clause.id}@{version.version}  {clause.title}")
    click.echo(
        f"status: {version.status}   effective: {version.effective or '-'}"
        f"{'   locked' if version.locked else ''}"
    )
    click.echo(f"elements: {', '.join(clause.elements)}")
    if version.citations:
        click.echo(f"citations: {'; '.join(version.citations)}")
    if version.approval:
        click.echo(f"approval: {version.approval}")
    click.echo(f"hash: {version.hash or '(not recorded)'}")
    drift = hash_drift(loaded, version)
    if drift:
        click.echo(f"WARNING: {drift}")
    if version.params:
        click.echo("parameters:")
        for name, param in version.params.items():
            extra = []
            if param.default is not None:
                extra.append(f"default {param.default!r}")
            if param.min is not None:
                extra.append(f"min {param.min}")
            if param.max is not None:
                extra.append(f"max {param.max}")
            if param.choices:
                extra.append("one of " + "/".join(param.choices))
            detail = f" ({', '.join(extra)})" if extra else ""
            click.echo(f"  {name}: {param.type}{detail} - {param.help}")
    click.echo()
    for line in version_lines(loaded, version):
        click.echo(line)


@clauses.command()
@click.argument("clause_id")
@click.pass_context
def history(ctx: click.Context, clause_id: str) -> None:
    """Every version of a clause, newest first, with status, date and approval note."""
    loaded = library_from(ctx).require(clause_id)
    for version in sorted(loaded.clause.versions, key=lambda v: -v.version):
        recorded = version.hash == version_hash(version) if version.hash else None
        state = {True: "hash ok", False: "HASH MISMATCH", None: "no hash"}[recorded]
        click.echo(
            f"v{version.version}  {version.status:<10} {version.effective or '-'!s:<10}  "
            f"{state}  {version.approval or ''}".rstrip()
        )
        if version.notes:
            click.echo(f"      {version.notes}")


@clauses.command("diff")
@click.argument("old")
@click.argument("new")
@colour_option
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, colour: bool | None) -> None:
    """Word-level difference between two clause versions: ID@N ID@M."""
    library = library_from(ctx)
    a_clause, a = _lookup(library, old)
    b_clause, b = _lookup(library, new)
    colour = use_colour() if colour is None else colour
    click.echo(f"--- {a_clause.id}@{a.version} ({a.status})")
    click.echo(f"+++ {b_clause.id}@{b.version} ({b.status})")
    before = "\n".join(version_lines(a_clause, a))
    after = "\n".join(version_lines(b_clause, b))
    if before == after:
        click.echo("(no difference in text)")
    else:
        click.echo(render_ansi(diff_words(before, after), colour))
    for name in sorted(set(a.params) | set(b.params)):
        pa, pb = a.params.get(name), b.params.get(name)
        if pa != pb:
            if pa is None:
                click.echo(f"parameter added: {name}")
            elif pb is None:
                click.echo(f"parameter removed: {name}")
            else:
                click.echo(f"parameter changed: {name}")


@clauses.command("new-version")
@click.argument("clause_id")
@click.option(
    "--from",
    "source",
    type=click.IntRange(min=1),
    default=None,
    help="The version to copy (default: the latest).",
)
@click.pass_context
def new_version(ctx: click.Context, clause_id: str, source: int | None) -> None:
    """Add the next version of CLAUSE_ID as a draft copy of an existing one.

    Text, parameters, citations and translations are copied; the hash, effective date and
    approval are not. Edit the new version's English: its translations then show as stale
    in `mou translations status` and `mou check --lang`.
    """
    from ..workflows.newversion import new_version as add

    library = library_from(ctx)
    loaded = library.require(clause_id)
    number = add(loaded, source)
    click.echo(f"{clause_id}@{number}: added as a draft copy; edit {loaded.path}")


@clauses.command()
@click.argument("clause_ids", nargs=-1)
@click.option("--check", "check_only", is_flag=True, help="Report, write nothing; exit 1 if any.")
@click.pass_context
def stamp(ctx: click.Context, clause_ids: tuple[str, ...], check_only: bool) -> None:
    """Record content hashes for new versions (all clauses, or the ones named)."""
    from ..errors import CheckFailed
    from ..workflows.stamp import stamp_clause

    library = library_from(ctx)
    targets = [library.require(c) for c in clause_ids] or list(library.clauses.values())
    total = 0
    for loaded in targets:
        for change in stamp_clause(loaded, dry_run=check_only):
            total += 1
            verb = "would record" if check_only else "recorded"
            click.echo(f"{change.clause}@{change.version}: {verb} {change.new}")
    if check_only and total:
        raise CheckFailed(f"{total} version(s) need hashes")
    if not total:
        click.echo("all versions carry their hashes")
