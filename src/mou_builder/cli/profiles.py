"""``mou profiles``: the requirement profiles an agreement can be checked against."""

from __future__ import annotations

import datetime as dt

import click

from ..errors import InputError, UsageError
from ..render.profiles import detail_text, list_text, profile_detail, profile_summary, state_order
from ..sources.profiles import ProfileSet
from ..sources.shipped import PROFILES_ORDER, profile_directory
from ._common import echo_json, format_option

profiles_dir_option = click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=str),
    help=f"Profile directory. Lookup order: {PROFILES_ORDER}.",
)


def _load(root: str | None) -> ProfileSet:
    return ProfileSet.load(profile_directory(root).path)


@click.group()
def profiles() -> None:
    """List and show requirement profiles (what each governing policy demands)."""


@profiles.command("list")
@click.option(
    "--state",
    "state",
    metavar="XX",
    help='Only the profiles of one state (two-letter code, any case; "US" = federal/national).',
)
@format_option
@profiles_dir_option
def list_profiles(state: str | None, fmt: str, root: str | None) -> None:
    """List the available profiles, grouped by state, with effective and verification dates."""
    found = _load(root)
    rows = [profile_summary(found.resolve(pid)) for pid in found.ids()]
    if state is not None:
        wanted = state.strip().upper()
        known = sorted({r["state"] for r in rows if r["state"]}, key=state_order)
        rows = [r for r in rows if r["state"] == wanted]
        if not rows:
            raise UsageError(
                f"no profile for state '{wanted}'", hint=f"known: {', '.join(known) or 'none'}"
            )
    if fmt == "json":
        echo_json(rows)
        return
    for line in list_text(rows):
        click.echo(line)


def _parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--on {value!r} is not a date", hint="write YYYY-MM-DD") from None


@profiles.command("show")
@click.argument("profile_id", metavar="ID")
@click.option(
    "--on",
    "on",
    metavar="DATE",
    help="Only requirements that apply to an agreement effective on DATE (YYYY-MM-DD).",
)
@format_option
@profiles_dir_option
def show(profile_id: str, on: str | None, fmt: str, root: str | None) -> None:
    """Show a profile's requirements: element, severity, citation, effective dates."""
    found = _load(root)
    detail = profile_detail(found, profile_id, _parse_day(on))
    if fmt == "json":
        echo_json(detail)
        return
    for line in detail_text(detail):
        click.echo(line)
