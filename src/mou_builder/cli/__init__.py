"""The ``mou`` command line: a thin layer over the core functions.

:func:`main` first asks the verdict cache (:mod:`.verdict`) whether this exact read-only
invocation ran before with nothing it read changed since, and replays it if so; otherwise
the command group of :mod:`.app` runs. This module imports neither click nor the models,
so a replayed ``mou check`` or ``mou --help`` loads almost nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself costs more than a replayed run
if TYPE_CHECKING:
    from .app import COMMANDS, SUMMARIES, LazyGroup, mou, report_error

__all__ = ["COMMANDS", "SUMMARIES", "LazyGroup", "main", "mou", "report_error"]


def main(argv: list[str] | None = None) -> object:
    """``mou ARGV`` (default: ``sys.argv[1:]``)."""
    from .verdict import run

    return run(argv)


def __getattr__(name: str) -> object:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
