"""What a run consults on disk, so its verdict can be replayed while none of it changed.

While a run is recorded for the verdict cache (:mod:`mou_builder.cli.verdict`), this module
notes every input it depends on:

- files read: by :func:`read` (called where the input layer reads a file, with the bytes
  it read) and, as a safety net, every file opened for reading (Python's ``open`` audit
  event) outside the import system;
- paths probed for existence or kind: :func:`probed`, called where a lookup asks whether a
  directory or file is there (``stat`` raises no audit event);
- directories listed: the ``os.listdir`` and ``os.scandir`` audit events.

Anything else a run does to the world (writing a file outside the cache directory,
removing, renaming, starting a process, opening a socket) marks it :attr:`Notes.impure`:
its verdict is not kept, with one exception: an output written whole and atomically by
:func:`mou_builder.util.atomic.write_bytes_atomic` (the document ``mou build`` makes) is
noted with its bytes (:func:`writing`, :attr:`Notes.outputs`), so a replay writes it again.
Outside a recording every call here is one ``is None`` test.

Standard library only, and cheap to import: the verdict cache's hit path checks the same
:func:`file_digest`, :func:`kind` and :func:`listing_digest` before anything else loads.
"""

from __future__ import annotations

import os
import sys

try:  # the built-in module: importing hashlib would load OpenSSL for nothing
    from _sha256 import sha256
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import sha256

MAX_FILE_BYTES = 8 * 1024 * 1024  # a bigger input is not worth a verdict
MISSING = "-"
TOO_BIG = "+"

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_IMPURE = (
    "os.remove",
    "os.rename",
    "os.rmdir",
    "os.mkdir",
    "os.chdir",
    "os.chmod",
    "os.chown",
    "os.truncate",
    "os.link",
    "os.symlink",
    "os.utime",
    "os.putenv",
    "os.unsetenv",
    "os.system",
    "os.exec",
    "os.fork",
    "os.posix_spawn",
    "os.spawn",
    "os.startfile",
    "os.kill",
    "shutil.",
    "subprocess.",
    "socket.",
    "webbrowser.",
)


def digest(data: bytes) -> str:
    return sha256(data).hexdigest()


def file_digest(path: str) -> str:
    """The SHA-256 of a file's bytes, :data:`MISSING` if it cannot be read, :data:`TOO_BIG`
    when it is bigger than :data:`MAX_FILE_BYTES`."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError):  # ValueError: a path no file can have (a NUL in it)
        return MISSING
    return TOO_BIG if len(data) > MAX_FILE_BYTES else digest(data)


def kind(path: str) -> str:
    """``d`` directory, ``f`` regular file, ``o`` anything else, :data:`MISSING` nothing."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return MISSING
    return "d" if mode & 0o170000 == 0o040000 else "f" if mode & 0o170000 == 0o100000 else "o"


def listing_digest(path: str) -> str:
    """The SHA-256 of a directory's sorted entry names, :data:`MISSING` if it cannot be listed."""
    try:
        names = sorted(os.listdir(path))
    except (OSError, ValueError):
        return MISSING
    return digest("\0".join(names).encode("utf-8", "surrogateescape"))


class Notes:
    """The inputs of one recorded run."""

    def __init__(self, ignored: str | None):
        self.ignored = None if ignored is None else os.path.abspath(ignored) + os.sep
        self.reads: dict[str, str] = {}  # path -> digest of the bytes the run read
        self.opened: set[str] = set()
        self.probes: set[str] = set()
        self.listed: set[str] = set()
        self.outputs: dict[str, tuple[str, bytes]] = {}  # path -> (its directory, resolved; bytes)
        self.writing = 0  # inside an atomic write of a noted output
        self.impure = False

    def wanted(self, path: object) -> str | None:
        if isinstance(path, int) or path is None:
            return None
        try:
            name = os.path.abspath(os.fsdecode(path))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.impure = True  # an input this module cannot name
            return None
        if self.ignored is not None and (name + os.sep).startswith(self.ignored):
            return None
        return name


_notes: Notes | None = None
_hooked = False


def read(path: object, data: bytes) -> None:
    """The input layer read ``data`` from ``path``."""
    if _notes is not None and (name := _notes.wanted(path)) is not None:
        _notes.reads[name] = digest(data)


def probed(path: object) -> None:
    """A lookup asked whether ``path`` exists, or what it is."""
    if _notes is not None and (name := _notes.wanted(path)) is not None:
        _notes.probes.add(name)


def writing(path: object, data: bytes) -> None:
    """The run is about to write ``data`` to ``path`` whole, atomically, in an existing
    directory; until :func:`written`, what that write does is not impure."""
    notes = _notes
    if notes is None:
        return
    name = notes.wanted(path)
    if name is None or name in notes.outputs:
        notes.impure = True
        return
    directory = os.path.dirname(name)
    if kind(directory) != "d" or not replaceable(name):
        notes.impure = True  # it would make the directory, or write over something else
    notes.outputs[name] = (os.path.realpath(directory), bytes(data))
    notes.writing += 1


def written() -> None:
    """The write :func:`writing` announced is over (done or failed)."""
    if _notes is not None and _notes.writing:
        _notes.writing -= 1


def replaceable(path: str) -> bool:
    """Nothing at ``path``, or a regular file of one link (not a symbolic link, not a
    hard link that another name, an input perhaps, shares)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return info.st_mode & 0o170000 == 0o100000 and info.st_nlink == 1


def start(ignored: str | None) -> Notes:
    """Note from now on what the run reads (``ignored``: the cache directory)."""
    global _notes, _hooked
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True
    _notes = Notes(ignored)
    return _notes


def stop() -> None:
    global _notes
    _notes = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    notes = _notes
    if notes is None or notes.writing:
        return
    if event == "open":
        _opened(notes, args)
    elif event in ("os.listdir", "os.scandir"):
        if not _from_import_system() and (name := notes.wanted(args[0] or ".")) is not None:
            notes.listed.add(name)
    elif (
        event.startswith(_IMPURE)
        and not _from_import_system()  # not writing bytecode
        and not (event.startswith("os.") and _inside_cache(notes, args))
    ):
        notes.impure = True


def _inside_cache(notes: Notes, args: tuple[object, ...]) -> bool:
    """Whether the paths a file operation names are all in the cache directory (or are it)."""
    paths = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
    return bool(paths) and all(notes.wanted(a) is None for a in paths)


def _opened(notes: Notes, args: tuple[object, ...]) -> None:
    path, mode, flags = (*args, None, None, None)[:3]
    name = notes.wanted(path)
    if name is None or _from_import_system(depth=3):  # a module's code, or its cached bytecode
        return
    if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & _WRITE_FLAGS
    ):
        notes.impure = True
    else:
        notes.opened.add(name)


def _from_import_system(depth: int = 2) -> bool:
    """Whether the audited call comes from importing a module (its code, its directory).

    ``depth``: how many frames up the code that made the call is (1 is the audit hook)."""
    frame = sys._getframe(depth)
    return frame.f_code.co_filename.startswith("<frozen importlib")
