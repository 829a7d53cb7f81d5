"""Exclusive locks on directories, so concurrent runs that write there take turns.

``mou final`` moves the previous copy aside and writes the new copy and its manifest as
one step under the lock of the output directory, and updates the record register under
the lock of the register's directory: six clerks' runs at once leave six complete copies,
each with the manifest that verifies it. The lock is the directory itself (``flock`` on
its descriptor), so no lock file is left behind; it is released when the process ends,
however it ends.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def locked_directories(*directories: Path) -> Iterator[None]:
    """Hold an exclusive lock on each directory (created if missing), in a fixed order."""
    unique = sorted({Path(d).resolve() for d in directories}, key=str)
    descriptors: list[int] = []
    try:
        for directory in unique:
            try:
                directory.mkdir(parents=True, exist_ok=True)
                fd = os.open(directory, os.O_RDONLY)
            except OSError as exc:
                raise OutputError(
                    f"{directory}: cannot use the directory: {exc.strerror}"
                ) from None
            descriptors.append(fd)
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in reversed(descriptors):
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
