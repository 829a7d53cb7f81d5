"""Where outputs may go: never into the clause library, never over an input file.

A typo such as ``mou build spec.mou.yaml -o clauses/`` or ``-o spec.mou.yaml`` would
otherwise replace a clause file or the spec itself with a Word document. Every command that
writes calls :func:`check_output` first (paths are compared after resolving ``..`` and
symbolic links, and existing files are compared by identity, so hard links count too).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import Location, OutputError


def _resolved(path: Path | str) -> Path:
    return Path(os.path.abspath(Path(path).expanduser())).resolve(strict=False)


def _same_file(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def check_output(
    output: Path | str,
    *,
    inputs: Iterable[Path | str] = (),
    library: Path | str | None = None,
    protected: Iterable[Path | str] = (),
) -> Path:
    """Return ``output`` unchanged if it is a safe place to write; OutputError (exit 2) if not.

    ``inputs`` are the files the command reads (spec, returned document, template);
    ``library`` is the clause library root; ``protected`` are further directories that must
    not receive outputs (for example the profiles directory).
    """
    target = _resolved(output)
    where = Location(str(output))
    for root in [library, *protected]:
        if root is None:
            continue
        root_path = _resolved(root)
        if target == root_path or target.is_relative_to(root_path):
            raise OutputError(
                f"refusing to write inside the clause library {root}"
                if root is library
                else f"refusing to write inside {root}",
                where,
                "choose an output path outside it (e.g. -o out/)",
            )
    for source in inputs:
        if _same_file(target, _resolved(source)):
            raise OutputError(
                f"refusing to overwrite the input file {source}",
                where,
                "choose a different output path",
            )
    return Path(output)


def check_output_dir(
    directory: Path | str,
    *,
    inputs: Iterable[Path | str] = (),
    library: Path | str | None = None,
    protected: Iterable[Path | str] = (),
) -> Path:
    """Like :func:`check_output` for a directory that will receive several outputs.

    Refuses a directory inside the library (or a protected directory), and a directory
    that would contain the library (``-o .`` with ``./clauses``) is allowed only because
    output names never collide with ``clauses/``: each output file is still checked.
    """
    check_output(directory, inputs=(), library=library, protected=protected)
    target = _resolved(directory)
    for source in inputs:
        if _same_file(target, _resolved(source)):
            raise OutputError(
                f"refusing to use the input {source} as the output directory",
                Location(str(directory)),
            )
    return Path(directory)
