"""Atomic writes: a temporary file in the target's directory, fsync, then rename.

A reader never sees a half-written output; an interrupted or failed write leaves the
previous file as it was.

A batch worker writes inside :func:`written_in_background`: each whole-bytes write
(:func:`write_bytes_atomic`) is then made by one background thread (the same temporary
file, fsync and rename) while the worker builds the next document, since waiting for the
disk is most of a write. Leaving the block waits for every write and gives the ones that
failed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import OutputError
from . import readset

if TYPE_CHECKING:
    from concurrent.futures import Future


@contextlib.contextmanager
def atomic_output(path: Path, mode: str = "wb") -> Iterator[IO[bytes]]:
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(
            f"{path}: cannot write: {exc.strerror}; the previous file, if any, is unchanged"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """``data`` written to ``path`` whole (an output the verdict cache may replay); inside
    :func:`written_in_background`, by its thread (the file is there once the block ends)."""
    if _BACKGROUND:
        _BACKGROUND[-1].submit(Path(path), data)
        return
    readset.writing(path, data)
    try:
        _write_bytes(path, data)
    finally:
        readset.written()


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path, "wb") as handle:
        handle.write(data)


class _Background:
    """One thread making whole-bytes writes in the order they were given."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mou-write")
        self.pending: list[tuple[Path, Future[None]]] = []

    def submit(self, path: Path, data: bytes) -> None:
        self.pending.append((path, self.pool.submit(_write_bytes, path, data)))

    def finish(self) -> dict[str, OutputError]:
        failed: dict[str, OutputError] = {}
        for path, future in self.pending:
            error = future.exception()
            if isinstance(error, OutputError):
                failed[str(path)] = error
            elif error is not None:
                failed[str(path)] = OutputError(f"{path}: cannot write: {error}")
        self.pool.shutdown()
        return failed


_BACKGROUND: list[_Background] = []


@contextlib.contextmanager
def written_in_background() -> Iterator[dict[str, OutputError]]:
    """Whole-bytes writes inside the block are made by a background thread; on leaving,
    every one is finished, and the mapping yielded holds (by path) the writes that failed.
    Not for outputs whose existence the block itself relies on."""
    background = _Background()
    _BACKGROUND.append(background)
    failed: dict[str, OutputError] = {}
    try:
        yield failed
    finally:
        _BACKGROUND.remove(background)
        failed.update(background.finish())


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
