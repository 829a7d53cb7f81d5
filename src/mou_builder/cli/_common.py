"""Helpers shared by the command modules."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..util.collector import collector_paused

if TYPE_CHECKING:  # loaded by the commands that read the library (not a .docx redline)
    from ..sources.library import Library

F = TypeVar("F", bound=Callable[..., object])


def library_from(ctx: click.Context) -> Library:
    from ..sources.library import Library
    from ..sources.shipped import clause_library

    root = (ctx.obj or {}).get("library")
    cache = ctx.find_root().meta
    key = f"mou.library:{root}"
    if key not in cache:
        with collector_paused():  # frozen before the collector resumes: never scanned
            cache[key] = Library.load(clause_library(root).path)
            gc.freeze()  # the loaded library lives as long as the command: never rescan it
    library: Library = cache[key]
    return library


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


#: ``--color/--no-color`` with the British spelling accepted as an alias, for every command
colour_option = click.option(
    "--color/--no-color",
    "--colour/--no-colour",
    "colour",
    default=None,
    help="Colour the output (default: when writing to a terminal).",
)


def use_colour() -> bool:
    return sys.stdout.isatty()


def formats(*choices: str, help: str = "Output format.") -> Any:
    """The ``--format`` option (first choice is the default), stored as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


format_option = formats("text", "json")


def _check_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..errors import UsageError
    from ..model.language import UnknownLanguage, check_language

    if value is None:
        return None
    try:
        return check_language(value)
    except UnknownLanguage as exc:
        raise UsageError(f"--lang: {exc}") from None


def lang_option(help: str) -> Callable[[F], F]:
    """``--lang CODE``: one of the languages mou writes (model/language.py)."""
    return click.option("--lang", metavar="CODE", default=None, callback=_check_lang, help=help)
