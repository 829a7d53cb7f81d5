"""Where outputs may go: never into the clause library, never over an input file.

A typo such as ``mou build spec.mou.yaml -o clauses/`` or ``-o spec.mou.yaml`` would
otherwise replace a clause file or the spec itself with a Word document. Every command that
writes calls :func:`check_output` first (paths are compared after resolving ``..`` and
symbolic links, and existing files are compared by identity, so hard links count too).

Nor over a final copy: a file with a final copy's manifest beside it (``NAME.docx`` and
``NAME.manifest.json``) is the board's record, and only ``mou final --force`` replaces one
(keeping the previous copy beside it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import Location, OutputError
from . import readset

#: beside a final copy ``NAME.docx``: ``NAME.manifest.json`` (see ``mou final``)
MANIFEST_SUFFIX = ".manifest.json"


def _resolved(path: Path | str) -> Path:
    return Path(os.path.abspath(Path(path).expanduser())).resolve(strict=False)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:  # does not exist (yet)
        return None
    return (info.st_dev, info.st_ino)


class OutputGuard:
    """The rules for one command, prepared once; :meth:`check` is cheap for many outputs."""

    def __init__(
        self,
        *,
        inputs: Iterable[Path | str] = (),
        library: Path | str | None = None,
        protected: Iterable[Path | str] = (),
        final_copies: bool = True,
    ) -> None:
        """``final_copies=False``: the caller (``mou final``) keeps final copies itself."""
        self.final_copies = final_copies
        self.roots: list[tuple[Path, str]] = []
        if library is not None:
            self.roots.append((_resolved(library), f"the clause library {library}"))
        self.roots.extend((_resolved(root), str(root)) for root in protected)
        self.inputs: dict[Path, str] = {}
        self.identities: dict[tuple[int, int], str] = {}
        for source in inputs:
            resolved = _resolved(source)
            self.inputs[resolved] = str(source)
            identity = _identity(resolved)
            if identity is not None:
                self.identities[identity] = str(source)

    def check(self, output: Path | str) -> Path:
        target = _resolved(output)
        where = Location(str(output))
        for root, label in self.roots:
            if target == root or target.is_relative_to(root):
                raise OutputError(
                    f"refusing to write inside {label}",
                    where,
                    "choose an output path outside it (e.g. -o out/)",
                )
        source = self.inputs.get(target)
        if source is None and self.identities:
            identity = _identity(target)
            source = self.identities.get(identity) if identity else None
        if source is not None:
            raise OutputError(
                f"refusing to overwrite the input file {source}",
                where,
                "choose a different output path",
            )
        if self.final_copies and _final_copy(Path(output)):
            raise OutputError(
                "refusing to overwrite a final copy (its manifest is beside it)",
                where,
                "choose a different output path; only mou final --force replaces a final copy",
            )
        return Path(output)


def _final_copy(path: Path) -> bool:
    """``path`` is there with a final copy's manifest beside it."""
    if path.name.endswith(MANIFEST_SUFFIX):
        return path.exists()
    if not path.suffix:
        return False
    manifest = path.with_name(path.stem + MANIFEST_SUFFIX)
    readset.probed(manifest)  # a build replayed must see one that appeared since
    return manifest.is_file() and path.exists()


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
    return OutputGuard(inputs=inputs, library=library, protected=protected).check(output)


def check_output_dir(
    directory: Path | str,
    *,
    inputs: Iterable[Path | str] = (),
    library: Path | str | None = None,
    protected: Iterable[Path | str] = (),
) -> Path:
    """Like :func:`check_output` for a directory that will receive several outputs.

    A directory that contains the library (``-o .`` beside ``./clauses``) is allowed: each
    output file is still checked on its own.
    """
    return OutputGuard(inputs=inputs, library=library, protected=protected).check(directory)
