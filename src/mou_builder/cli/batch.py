"""``mou build`` with several specs, a directory or a glob: the batch front end.

Called from :mod:`mou_builder.cli.build` (not a command of its own). The work is in
:func:`mou_builder.workflows.batch.build_many`; this module only draws the progress bar and prints
the summary table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import CheckFailed
from ..util import readset


def looks_like_batch(specs: tuple[str, ...]) -> bool:
    """Several paths, a directory or a glob pattern: build them as a batch."""
    if len(specs) != 1:
        return True
    only = specs[0]
    readset.probed(only)
    return Path(only).is_dir() or (not Path(only).exists() and any(c in only for c in "*?["))


def build_batch(
    ctx: click.Context,
    specs: tuple[str, ...],
    output: str | None,
    *,
    jobs: int | None,
    quiet: bool,
    **options: Any,
) -> None:
    from ..workflows.batch import Outcome, build_many
    from ._common import library_from

    library = library_from(ctx)
    show_bar = not quiet and sys.stderr.isatty()
    bar: Any = None

    def progress(outcome: Outcome, total: int) -> None:
        nonlocal bar
        if not show_bar:
            return
        if bar is None:
            bar = click.progressbar(
                length=total, label="building", file=sys.stderr, show_pos=True, show_eta=True
            )
            bar.__enter__()
        bar.update(1)

    try:
        result = build_many(
            specs, output or "out", jobs, library=library, progress=progress, **options
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for line in result.summary_lines():
        click.echo(line)
    if result.interrupted:
        click.echo("mou: interrupted; only complete documents were written", err=True)
        ctx.exit(130)
    if not result.ok:
        not_built = len(result.outcomes) - len(result.built)
        raise CheckFailed(f"{not_built} of {len(result.outcomes)} agreement(s) not built")
