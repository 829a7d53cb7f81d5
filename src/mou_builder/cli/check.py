"""``mou check``: findings and the coverage matrix for one agreement."""

from __future__ import annotations

from pathlib import Path

import click

from ..assembly.assembler import assemble
from ..checks.engine import run_check
from ..errors import CheckFailed
from ..render.coverage import matrix_text, report_lines
from ..sources.library import Library
from ..sources.specfile import load_spec
from ._common import echo_json, format_option, lang_option, library_from


@click.command()
@click.argument("spec", metavar="SPEC|AGREEMENT", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    help="Check against this profile (repeatable); replaces the spec's own list.",
)
@format_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--matrix", "matrix_only", is_flag=True, help="Print only the coverage matrix.")
@lang_option("Also check the clause translations into this language (e.g. es).")
@click.pass_context
def check(
    ctx: click.Context,
    spec: str,
    profiles: tuple[str, ...],
    fmt: str,
    strict: bool,
    matrix_only: bool,
    lang: str | None,
) -> None:
    """Check SPEC against its requirement profiles and the built-in lint rules.

    SPEC may also be an agreement mou did not write (.docx, .pdf, .txt or .md): it is split
    into sections, each section's elements are found with the words that show them, and the
    --profile requirements are checked on its text.

    Exit code 0 when no errors are found, 1 when checks find errors (or warnings with
    --strict), 2 for bad input.

    With --lang, the agreement is assembled in that language and its clause translations
    are checked too: missing and draft ones are warnings, stale ones (naming the English
    words that changed) and ones whose blocks differ from the English are errors.
    """
    from ..sources.foreign import is_foreign

    library = library_from(ctx)
    if is_foreign(spec):
        _check_foreign(Path(spec), library, list(profiles), fmt, strict, matrix_only)
        return
    agreement = assemble(load_spec(Path(spec)), library)
    result = run_check(agreement, library, list(profiles) or None, lang=lang or "en")
    ok = result.ok(strict)
    if fmt == "json":
        payload = result.to_json()
        payload["ok"] = ok
        echo_json(payload)
    else:
        matrix = matrix_text(result)
        for line in matrix if matrix_only else report_lines(result, [matrix]):
            click.echo(line)
    if not ok:
        raise CheckFailed("checks found errors" if result.errors else "warnings under --strict")


def _check_foreign(
    path: Path, library: Library, profiles: list[str], fmt: str, strict: bool, matrix_only: bool
) -> None:
    """An agreement mou did not write: its sections and their elements, then the matrix."""
    from ..render.foreign import foreign_matrix_text, sections_text
    from ..workflows.foreign import check_foreign

    checked = check_foreign(path, library, profiles)
    result = checked.result
    ok = result.ok(strict)
    if fmt == "json":
        echo_json(checked.to_json(strict))
    else:
        matrix = foreign_matrix_text(checked)
        tables = [sections_text(checked), matrix]
        for line in matrix if matrix_only else report_lines(result, tables):
            click.echo(line)
    if not ok:
        raise CheckFailed("checks found errors" if result.errors else "warnings under --strict")
