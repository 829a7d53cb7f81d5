"""Where the clause library, the profiles and the templates come from.

Each is looked up in one documented order, the first that applies winning:

- clauses:  ``--library DIR``, then ``$MOU_CLAUSES``, then ``./clauses`` (a project's own
  library, used when it holds clause files), then the library shipped inside the package;
- profiles: ``--dir DIR`` (``mou profiles``), then ``$MOU_PROFILES``, then ``./profiles``,
  then the shipped profiles;
- templates: ``--template FILE``, else the shipped ``default.docx``.

The shipped data lives in ``mou_builder/data/`` and is read with :mod:`importlib.resources`,
so an installed wheel carries it and no path outside the package is ever guessed. A directory
named explicitly (option or environment variable) that does not exist or holds no ``*.yaml``
file is an error naming the path and the lookup order, never a silent fall-back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import InputError, Location
from ..util import readset
from .lookup import CLAUSES_ORDER, PROFILES_ORDER

Source = Literal["option", "environment", "project", "shipped"]


def data_dir(name: str) -> Path:
    """A folder of the shipped data (``clauses``, ``profiles``, ``templates``)."""
    from importlib import resources  # here: only a command that reads shipped data pays for it

    return Path(str(resources.files("mou_builder") / "data" / name))


def shipped_template(name: str = "default.docx") -> Path:
    return data_dir("templates") / name


@dataclass(frozen=True)
class Located:
    """A data directory and the step of the lookup order that chose it."""

    path: Path
    source: Source


def _has_yaml(path: Path) -> bool:
    readset.probed(path)
    return path.is_dir() and any(path.glob("*.yaml"))


def _locate(
    explicit: str | os.PathLike[str] | None,
    *,
    env: str,
    local: str,
    what: str,
    items: str,
    order: str,
    option: str,
) -> Located:
    chosen: tuple[str, Source, str] | None = None
    if explicit is not None and str(explicit) != "":
        chosen = (str(explicit), "option", option)
    elif os.environ.get(env):
        chosen = (os.environ[env], "environment", f"${env}")
    if chosen is not None:
        raw, source, named_by = chosen
        path = Path(raw)
        readset.probed(path)
        if not path.is_dir():
            raise InputError(
                f"{what} not found (named by {named_by})",
                Location(raw),
                f"give an existing directory; lookup order: {order}",
            )
        if not _has_yaml(path):
            raise InputError(
                f"{what} holds no *.yaml file (named by {named_by})",
                Location(raw),
                f"point it at a directory of {items} (*.yaml); lookup order: {order}",
            )
        return Located(path, source)
    if _has_yaml(Path(local)):
        return Located(Path(local), "project")
    return Located(data_dir(local), "shipped")


def clause_library(explicit: str | os.PathLike[str] | None = None) -> Located:
    """The clause library to use, by :data:`CLAUSES_ORDER`."""
    return _locate(
        explicit,
        env="MOU_CLAUSES",
        local="clauses",
        what="clause library",
        items="clause files",
        order=CLAUSES_ORDER,
        option="--library",
    )


def profile_directory(explicit: str | os.PathLike[str] | None = None) -> Located:
    """The profile directory to use, by :data:`PROFILES_ORDER`."""
    return _locate(
        explicit,
        env="MOU_PROFILES",
        local="profiles",
        what="profile directory",
        items="profile files",
        order=PROFILES_ORDER,
        option="--dir",
    )
