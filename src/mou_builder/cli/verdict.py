"""The verdict cache: a read-only run asked again, with nothing it read changed, is replayed.

``mou --help``, ``mou COMMAND --help`` and ``mou check SPEC`` (with
``--format``, ``--strict``, ``--matrix``, ``--profile``, ``--lang`` and a leading
``--library DIR``; not an agreement mou did not write) only read and print; ``mou build
SPEC`` (one spec file, with ``-o``, ``--template``, ``--format``, ``--profile``, ``--lang``,
``--layout``, ``--draft``/``--no-draft``, ``--allow-errors``) also writes one document,
whole and atomically. The first time one runs it is recorded (:mod:`.recording`): its exact
stdout and stderr bytes, its exit code, the document it wrote and every input it consulted
(:mod:`mou_builder.util.readset`). The next time the same invocation finds its entry, checks
every input again, writes the same document bytes (atomically, as the build does) and the
same output back, without importing click, the models, YAML or Jinja.

- The entry is named by the invocation's key: the arguments, the working directory, the
  environment variables that shape the output (``MOU_*``, ``LANG``, ``LC_*``, ``COLUMNS``,
  ...), the interpreter's options (``-X importtime`` prints to stderr), whether stdout and
  stderr are terminals and the terminal's size, their encodings, today's date, the Python,
  mou's version and the installed packages.
- A hit holds only while every input file has the same SHA-256, every probed path the same
  kind, every listed directory the same names and every mou module that ran the same size
  and modification time; and, for a document, while its directory resolves to the same place
  and its path holds nothing or a regular file of one link (what the build would replace).
- Entries live in ``<cache directory>/verdicts`` (``MOU_CACHE_DIR=off`` turns them off with
  the other caches, ``MOU_VERDICTS=off`` only them), one file each, written atomically and
  bounded in size; the most recently written :data:`KEEP` are kept. A missing, unreadable,
  truncated, corrupted or foreign one (another user's, another format, a checksum that
  does not match, not a regular file) is ignored: the command runs as usual and writes the
  entry again.
"""

from __future__ import annotations

import marshal
import os
import sys
import time

from ..sources.foreign import is_foreign
from ..util import readset
from ..util.cachedir import cache_root

MAGIC = b"mou-verdict-2\n"
MAX_ENTRY_BYTES = 4 * 1024 * 1024
KEEP = 256  # entries kept

HELP = ("--help", "-h")
_CHECK_VALUED = ("--format", "--profile", "--lang")
_CHECK_FLAGS = ("--strict", "--matrix")
_BUILD_VALUED = ("-o", "--output", "--template", "--format", "--profile", "--lang", "--layout")
_BUILD_FLAGS = ("--draft", "--no-draft", "--allow-errors")
_ENV_PREFIXES = ("MOU_", "LC_", "CLICK_")
_ENV_NAMES = {"LANG", "LANGUAGE", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "TZ"}
_ENV_NAMES |= {"PYTHONIOENCODING", "PYTHONUTF8", "PYTHONWARNINGS", "PYTHONLEGACYWINDOWSSTDIO"}

#: key, exit code, output chunks (1 stdout, 2 stderr), files (path, SHA-256), probes
#: (path, kind), listings (path, SHA-256 of the names), modules (path, size, mtime_ns),
#: documents written (path, its directory resolved, bytes)
Entry = tuple[
    str,
    int,
    tuple[tuple[int, bytes], ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[str, int, int], ...],
    tuple[tuple[str, str, bytes], ...],
]


def run(argv: list[str] | None) -> object:
    """``mou ARGV``: replayed when its verdict holds, else run (and recorded if replayable)."""
    args = sys.argv[1:] if argv is None else list(argv)
    root = None if _switched_off() else cache_root()
    if root is None or not replayable(args) or not _plain_streams():
        from .app import run_normally

        return run_normally(argv)
    key = invocation_key(args)
    file = entry_path(root, key)
    entry = load(file, key)
    if entry is not None and still_holds(entry) and _write_documents(entry[7]):
        return _replay(entry)
    from .recording import record

    return record(argv, key, file, root)


def _switched_off() -> bool:
    """``MOU_VERDICTS=off``: run every time (the other caches stay on), e.g. to time the work."""
    return os.environ.get("MOU_VERDICTS", "").lower() in ("off", "0", "none")


def replayable(args: list[str]) -> bool:
    """Whether ``mou ARGS`` is one of the read-only invocations this cache may replay."""
    rest = args
    if rest[:1] == ["--library"] and len(rest) > 1:
        rest = rest[2:]
    elif rest[:1] and rest[0].startswith("--library="):
        rest = rest[1:]
    if len(rest) == 1:
        # not --version: finding mou's distribution lists every directory on sys.path, the
        # working directory among them, so its verdict would rarely hold
        return rest[0] in HELP
    if len(rest) == 2 and rest[1] in HELP:
        return not rest[0].startswith("-")
    if rest[:1] == ["check"]:
        return _plain(rest[1:], _CHECK_FLAGS, _CHECK_VALUED)
    # one spec file, never a batch (a directory, a glob)
    return rest[:1] == ["build"] and _plain(rest[1:], _BUILD_FLAGS, _BUILD_VALUED, glob=False)


def _plain(
    args: list[str], flags: tuple[str, ...], valued: tuple[str, ...], glob: bool = True
) -> bool:
    """One spec and only the options this cache knows (``flags``, ``valued``)."""
    spec: list[str] = []
    items = iter(args)
    for arg in items:
        name = arg.split("=", 1)[0]
        if arg in flags:
            continue
        if name in valued:
            if "=" not in arg and next(items, None) is None:
                return False
        elif arg.startswith("-"):
            return False  # "-", "--", --help or an option this cache does not know
        else:
            spec.append(arg)
    if not glob and any(c in "".join(spec) for c in "*?["):
        return False
    return len(spec) == 1 and not is_foreign(spec[0])


def _plain_streams() -> bool:
    """Real standard streams (a redirected ``io.StringIO`` has no bytes to replay into)."""
    return all(hasattr(stream, "buffer") for stream in (sys.stdout, sys.stderr))


def invocation_key(args: list[str]) -> str:
    """Everything besides the input files that can change what the invocation prints."""
    from .. import __version__

    env = sorted(
        f"{name}={value}"
        for name, value in os.environ.items()
        if name.startswith(_ENV_PREFIXES) or name in _ENV_NAMES
    )
    try:
        size = tuple(os.get_terminal_size(sys.__stdout__.fileno()))  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        size = ()
    streams = [
        f"{s.isatty()}:{getattr(s, 'encoding', '')}:{getattr(s, 'errors', '')}"
        for s in (sys.stdout, sys.stderr)
    ]
    packages = [readset.listing_digest(p) for p in sys.path if p.endswith("site-packages")]
    parts = [
        MAGIC.decode(),
        sys.version,
        sys.prefix,
        repr((sys.flags, sorted(sys._xoptions.items()), sys.warnoptions)),  # -X importtime, -W
        __version__,
        *packages,
        os.getcwd(),
        time.strftime("%Y-%m-%d"),
        repr(size),
        *streams,
        *env,
        "--",
        *args,
    ]
    return "\0".join(parts)


def entry_path(root: str, key: str) -> str:
    name = readset.digest(key.encode("utf-8", "surrogateescape"))[:40]
    return os.path.join(root, "verdicts", name + ".v")


def checksum(key: str, body: bytes) -> bytes:
    return readset.digest(key.encode("utf-8", "surrogateescape") + b"\0" + body).encode()


def load(file: str, key: str) -> Entry | None:
    """The entry in ``file`` for ``key``, or None when it is missing or cannot be trusted."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        with open(os.open(file, flags), "rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_mode & 0o170000 != 0o100000:
                return None  # not a regular file (a pipe would never end)
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None  # another user's
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    head = len(MAGIC) + 65
    if len(data) > MAX_ENTRY_BYTES or data[: len(MAGIC)] != MAGIC:
        return None
    body = data[head:]
    if data[len(MAGIC) : head] != checksum(key, body) + b"\n":
        return None
    try:
        entry = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return entry if _well_formed(entry, key) else None


def _well_formed(entry: object, key: str) -> bool:
    if not (isinstance(entry, tuple) and len(entry) == 8 and entry[0] == key):
        return False
    _, code, chunks, files, probes, listings, modules, documents = entry
    shapes = [
        (documents, (str, str, bytes)),
        (chunks, (int, bytes)),
        (files, (str, str)),
        (probes, (str, str)),
        (listings, (str, str)),
        (modules, (str, int, int)),
    ]
    return code in (0, 1, 2) and all(
        isinstance(rows, tuple)
        and all(
            isinstance(row, tuple)
            and len(row) == len(types)
            and all(type(v) is t for v, t in zip(row, types, strict=True))
            for row in rows
        )
        for rows, types in shapes
    )


def still_holds(entry: Entry) -> bool:
    """Whether every input the recorded run consulted is as it was."""
    _, _, _, files, probes, listings, modules, documents = entry
    return (
        all(_same_module(path, size, mtime) for path, size, mtime in modules)
        and all(
            readset.replaceable(path) and os.path.realpath(os.path.dirname(path)) == directory
            for path, directory, _ in documents
        )
        and all(readset.kind(path) == kind for path, kind in probes)
        and all(readset.listing_digest(path) == digest for path, digest in listings)
        and all(readset.file_digest(path) == digest for path, digest in files)
    )


def _same_module(path: str, size: int, mtime_ns: int) -> bool:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return info.st_size == size and info.st_mtime_ns == mtime_ns


def _write_documents(documents: tuple[tuple[str, str, bytes], ...]) -> bool:
    """Each document written again as the build writes it (:func:`mou_builder.util.atomic.
    atomic_output`: a new file in its directory, synced, then renamed over the old; not
    that module itself, whose imports cost more than this whole hit path). False (the
    command then runs as usual, and says what is wrong) when one cannot be written."""
    for path, _, data in documents:
        directory, name = os.path.split(path)
        tmp = os.path.join(directory, f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            with open(os.open(tmp, flags, 0o600), "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except OSError:
            import contextlib  # only here: the hit path stays light

            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return False
    return True


def _replay(entry: Entry) -> int:
    code, chunks = entry[1], entry[2]
    streams = {1: sys.stdout, 2: sys.stderr}
    try:
        for number, data in chunks:
            stream = streams[number]
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
    except BrokenPipeError:  # as the ordinary run: a closed pipe is not an error
        return 0
    return code
