"""Recording a verdict (:mod:`.verdict`): the command runs as usual, its output goes to the
terminal as usual and is kept too, and what it read is noted.

The entry is written only when the run ended with exit code 0, 1 or 2 (never a crash or an
interruption), did nothing but read and write its document whole
(:attr:`mou_builder.util.readset.Notes.impure`), wrote all its output (no broken pipe) and
no input changed while it ran. Entries are bounded in number (:data:`KEEP`) and in total
size (:data:`KEEP_BYTES`): a document is kept in its entry.
"""

from __future__ import annotations

import contextlib
import io
import marshal
import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

from ..util import readset
from .verdict import KEEP, MAGIC, MAX_ENTRY_BYTES, Entry, checksum

KEEP_BYTES = 64 * 1024 * 1024  # all entries together

Chunks = list[tuple[int, bytes]]


class _Tee(io.RawIOBase):
    """A standard stream's bytes: written through to it, and kept."""

    def __init__(self, target: BinaryIO, number: int, chunks: Chunks):
        super().__init__()
        self.target, self.number, self.chunks = target, number, chunks
        self.failed = False

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    def write(self, data: object) -> int:
        chunk = bytes(data)  # type: ignore[call-overload]
        try:
            self.target.write(chunk)
        except BaseException:
            self.failed = True
            raise
        self.chunks.append((self.number, chunk))
        return len(chunk)

    def flush(self) -> None:
        self.target.flush()


@contextlib.contextmanager
def _captured(chunks: Chunks) -> Iterator[list[_Tee]]:
    """``sys.stdout`` and ``sys.stderr`` teed into ``chunks`` (in the order written)."""
    originals = sys.stdout, sys.stderr
    tees = []
    for number, stream in enumerate(originals, start=1):
        stream.flush()
        tee = _Tee(stream.buffer, number, chunks)
        tees.append(tee)
        wrapper = io.TextIOWrapper(  # type: ignore[type-var]
            tee,
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=bool(stream.line_buffering),
            write_through=True,
        )
        if number == 1:
            sys.stdout = wrapper
        else:
            sys.stderr = wrapper
    try:
        yield tees
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        sys.stdout, sys.stderr = originals


def _exit_code(value: object) -> int | None:
    """The exit code a ``main()`` result or ``SystemExit.code`` stands for, if cacheable."""
    if value is None:
        return 0
    return value if type(value) is int and value in (0, 1, 2) else None


def record(argv: list[str] | None, key: str, file: str, root: str) -> object:
    """Run ``mou ARGV`` as usual and keep its verdict in ``file``."""
    from .app import run_normally

    chunks: Chunks = []
    code: int | None = None
    tees: list[_Tee] = []
    notes = readset.start(root)
    try:
        with _captured(chunks) as tees:
            try:
                result = run_normally(argv)
            except SystemExit as exc:
                code = _exit_code(exc.code)
                raise
            code = _exit_code(result)
            return result
    finally:
        readset.stop()
        if code is not None and not notes.impure and not any(t.failed for t in tees):
            with contextlib.suppress(OSError, ValueError):
                _store(file, key, code, chunks, notes)


def _entry(key: str, code: int, chunks: Chunks, notes: readset.Notes) -> Entry | None:
    files = {path: readset.file_digest(path) for path in notes.opened | set(notes.reads)}
    if any(files[path] != digest for path, digest in notes.reads.items()):
        return None  # changed while the command read it
    if readset.TOO_BIG in files.values():
        return None  # an input too big to check again cheaply
    gone = readset.MISSING
    merged: Chunks = []
    for number, data in chunks:
        if merged and merged[-1][0] == number:
            merged[-1] = (number, merged[-1][1] + data)
        else:
            merged.append((number, data))
    return (
        key,
        code,
        tuple(merged),
        tuple(sorted(files.items())),
        # a file whose bytes are checked needs no separate check that it is there
        tuple(sorted((p, readset.kind(p)) for p in notes.probes if files.get(p, gone) == gone)),
        tuple(sorted((path, readset.listing_digest(path)) for path in notes.listed)),
        _modules(),
        tuple(sorted((path, *written) for path, written in notes.outputs.items())),
    )


def _modules() -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of each mou module loaded: the code that made the verdict."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    rows = []
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.startswith(package):
            info = os.stat(path)
            rows.append((path, info.st_size, info.st_mtime_ns))
    return tuple(sorted(rows))


def _store(file: str, key: str, code: int, chunks: Chunks, notes: readset.Notes) -> None:
    entry = _entry(key, code, chunks, notes)
    if entry is None:
        return
    body = marshal.dumps(entry)
    data = MAGIC + checksum(key, body) + b"\n" + body
    if len(data) > MAX_ENTRY_BYTES:
        return
    directory = os.path.dirname(file)
    # not makedirs: a cache directory removed meanwhile (a test's) is not recreated
    for path in (os.path.dirname(directory), directory):
        if not os.path.isdir(path):
            os.mkdir(path, 0o700)
    new = not os.path.exists(file)
    tmp = f"{file}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if new:
        _prune(directory)


def _prune(directory: str) -> None:
    """Keep the most recently written entries: at most :data:`KEEP`, :data:`KEEP_BYTES`."""
    with os.scandir(directory) as found:
        entries = sorted(
            ((s.st_mtime_ns, s.st_size, e.path) for e in found if e.is_file() for s in [e.stat()]),
            reverse=True,
        )
    total = 0
    for index, (_, size, path) in enumerate(entries):
        total += size
        if index >= KEEP or total > KEEP_BYTES:
            with contextlib.suppress(OSError):
                os.unlink(path)
