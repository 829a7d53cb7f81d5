"""A disk cache of parsed YAML inputs: parsing is most of the time a command spends loading.

Clause files, profiles and specs are parsed into marked data (:mod:`.yamlio`) and then
validated by the models. The parse is cached, never the validation: a hit still goes through
the models, so the cache cannot let an invalid file through.

- One JSON file per input directory under the user cache directory (``$MOU_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/mou-builder`` or ``~/.cache/mou-builder``; ``MOU_CACHE_DIR=off`` turns it
  off), named by the directory's absolute path and :data:`_FORMAT`, the package version and
  the parser's source.
- Each entry is keyed by the SHA-256 of the file's text: an edited file is parsed again.
- JSON only (no pickle): a corrupted, truncated or foreign cache file decodes to nothing
  (every entry is checked for shape while it is decoded) and the input is parsed as before.
- Entries parsed in this process are written once, at exit (or by :func:`flush`), atomically;
  the :data:`KEEP` most recently written directories are kept.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..util.cachedir import cache_dir
from .marked import MarkedDict, MarkedList, read_text

_FORMAT = "mou-raw-1"
KEEP = 64  # directory cache files kept


class _Unencodable(Exception):
    """A parsed value JSON cannot carry faithfully (e.g. ``!!binary`` bytes): not cached."""


def _salt() -> str:
    from .. import __version__

    digest = hashlib.sha256()
    for name in ("yamlio.py", "marked.py"):  # the parser and the data it builds
        with contextlib.suppress(OSError):
            digest.update(Path(__file__).with_name(name).read_bytes())
    return f"{_FORMAT}|{__version__}|{digest.hexdigest()}"


class _DirectoryCache:
    def __init__(self, file: Path):
        self.file = file
        self.entries: dict[str, list[object]] = {}
        self.dirty = False
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if (
                isinstance(data, dict)
                and data.get("salt") == _SALT
                and isinstance(data.get("files"), dict)
            ):
                self.entries = data["files"]
        except (OSError, ValueError, RecursionError):
            pass

    def get(self, name: str, digest: str) -> tuple[object] | None:
        entry = self.entries.get(name)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != digest:
            return None
        try:
            return (_decode(entry[1]),)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None

    def put(self, name: str, digest: str, data: object) -> None:
        try:
            self.entries[name] = [digest, _encode(data)]
        except (_Unencodable, RecursionError):
            return
        self.dirty = True

    def write(self) -> None:
        if not self.dirty:
            return
        self.dirty = False
        try:
            # not parents=True: a cache directory removed meanwhile (a test's) is not recreated
            self.file.parent.parent.mkdir(exist_ok=True)
            self.file.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".raw.", suffix=".tmp", dir=self.file.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"salt": _SALT, "files": self.entries}, handle, separators=(",", ":"))
            new = not self.file.exists()
            os.replace(tmp, self.file)
            if new:
                _prune(self.file.parent)
        except (OSError, ValueError):
            pass  # a cache that cannot be written is only a slower next run


def _prune(directory: Path) -> None:
    """Keep the :data:`KEEP` most recently written directory caches (inputs in directories
    used once, such as temporary ones, would otherwise pile up)."""
    files = [(f.stat().st_mtime_ns, f) for f in directory.glob("*.json")]
    if len(files) <= KEEP:
        return
    files.sort()
    for _, old in files[: len(files) - KEEP]:
        old.unlink(missing_ok=True)


_SALT = _salt()
_SUSPENDED = False
_OPEN: dict[Path, _DirectoryCache] = {}
_BY_DIRECTORY: dict[tuple[str | None, str], _DirectoryCache | None] = {}


def _directory_cache(path: Path) -> _DirectoryCache | None:
    key = (os.environ.get("MOU_CACHE_DIR"), str(path.parent))
    if key not in _BY_DIRECTORY:
        _BY_DIRECTORY[key] = _open_directory_cache(path)
    return _BY_DIRECTORY[key]


def _open_directory_cache(path: Path) -> _DirectoryCache | None:
    root = cache_dir()
    if root is None:
        return None
    directory = path.absolute().parent
    digest = hashlib.sha256(f"{_SALT}|{directory}".encode()).hexdigest()[:32]
    file = root / "parsed" / f"{digest}.json"
    found = _OPEN.get(file)
    if found is None:
        if not _OPEN:
            atexit.register(flush)
        found = _OPEN[file] = _DirectoryCache(file)
    return found


def suspend(suspended: bool = True) -> bool:
    """Parse without the cache from now on (or again with it); returns the previous state.

    A batch suspends it while it builds: each spec is read once, and keeping every entry
    for the write at exit would make memory grow with the batch.
    """
    global _SUSPENDED
    previous, _SUSPENDED = _SUSPENDED, suspended
    return previous


def parse(path: Path, text: str) -> object:
    """``yamlio.loads(text)``, from the cache when this exact text was parsed before.

    The YAML parser is imported only on a miss: a run whose inputs are all cached never
    loads it.
    """
    cache = None if _SUSPENDED else _directory_cache(path)
    if cache is None:
        return _parse(path, text)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    hit = cache.get(path.name, digest)
    if hit is not None:
        return hit[0]
    data = _parse(path, text)
    cache.put(path.name, digest, data)
    return data


def _parse(path: Path, text: str) -> object:
    from .yamlio import loads

    return loads(text, str(path))


def load(path: Path) -> object:
    """``yamlio.load(path)`` through the cache."""
    return parse(path, read_text(path))


def flush() -> None:
    """Write the entries parsed in this process."""
    for cache in list(_OPEN.values()):
        cache.write()


# --------------------------------------------------------------------------- encoding
# MarkedDict -> ["d", line, col, [[key, kline, kcol, vline, vcol, value], ...]]
# MarkedList -> ["l", line, col, [[line, col, value], ...]]
# date -> ["t", iso]; datetime -> ["T", iso]; str, int, float, bool, None as they are


def _encode(value: object) -> object:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, MarkedDict):
        rows = []
        for key, item in value.items():
            km, vm = value.key_marks[key], value.value_marks[key]
            rows.append([key, km[0], km[1], vm[0], vm[1], _encode(item)])
        return ["d", value.mark[0], value.mark[1], rows]
    if isinstance(value, MarkedList):
        items = [[m[0], m[1], _encode(v)] for v, m in zip(value, value.item_marks, strict=True)]
        return ["l", value.mark[0], value.mark[1], items]
    if isinstance(value, dt.datetime):
        return ["T", value.isoformat()]
    if isinstance(value, dt.date):
        return ["t", value.isoformat()]
    raise _Unencodable(type(value).__name__)


def _int(value: object) -> int:
    if type(value) is not int:
        raise TypeError("expected a number")
    return value


def _decode(value: object) -> object:
    if not isinstance(value, list):
        if isinstance(value, dict):
            raise TypeError("unexpected mapping")
        return value
    kind = value[0]
    if kind == "d":
        data = MarkedDict()
        data.mark = (_int(value[1]), _int(value[2]))
        for key, kl, kc, vl, vc, item in value[3]:
            if not isinstance(key, str) or key in data:
                raise TypeError("bad key")
            data[key] = _decode(item)
            data.key_marks[key] = (_int(kl), _int(kc))
            data.value_marks[key] = (_int(vl), _int(vc))
        return data
    if kind == "l":
        seq = MarkedList()
        seq.mark = (_int(value[1]), _int(value[2]))
        for line, col, item in value[3]:
            seq.append(_decode(item))
            seq.item_marks.append((_int(line), _int(col)))
        return seq
    if kind == "T":
        return dt.datetime.fromisoformat(value[1])
    if kind == "t":
        return dt.date.fromisoformat(value[1])
    raise ValueError("unknown entry")


def _register() -> None:
    from ..model.language import read_catalogues_with

    read_catalogues_with(load)


_register()
