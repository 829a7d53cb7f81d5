"""Where mou keeps its caches (parsed inputs, compiled templates, verdicts).

``$MOU_CACHE_DIR``, else ``$XDG_CACHE_HOME/mou-builder`` or ``~/.cache/mou-builder``;
``MOU_CACHE_DIR=off`` (or ``0``, ``none``, or no home directory) turns every cache off.
Standard library only, and no :mod:`pathlib` on the way: the verdict cache asks before
anything else is imported.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: the verdict cache's hit path never imports typing
if TYPE_CHECKING:
    from pathlib import Path


def cache_root() -> str | None:
    """The cache directory as a string, or None when caching is off."""
    configured = os.environ.get("MOU_CACHE_DIR")
    if configured:
        return None if configured.lower() in ("off", "0", "none") else configured
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":  # no home directory
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "mou-builder")


def cache_dir() -> Path | None:
    """:func:`cache_root` as a path."""
    from pathlib import Path

    root = cache_root()
    return None if root is None else Path(root)
