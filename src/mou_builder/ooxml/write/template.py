"""Loading a template: once per (path, mtime, size) in memory, else from the disk cache
(:mod:`.cache`), else compiled afresh (:mod:`.fresh`)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from ...errors import InputError, Location
from ...util.cachedir import cache_dir
from .cache import cache_key, from_cache, write_cache
from .compiled import CompiledTemplate, template_error
from .fresh import compile_fresh

#: the shipped template (package data; the same file sources.shipped.shipped_template() names)
DEFAULT_TEMPLATE = Path(str(resources.files("mou_builder") / "data" / "templates" / "default.docx"))


_CACHE: dict[tuple[str, int, int], CompiledTemplate] = {}


def load_template(path: Path | None = None) -> CompiledTemplate:
    """Read and compile a template (cached per path, mtime and size); InputError if unusable."""
    path = Path(path) if path is not None else DEFAULT_TEMPLATE
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(
            "template not found", Location(str(path)), "check the --template path"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read template: {exc.strerror}", Location(str(path))) from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _compile(path)
        _CACHE.clear()  # one template at a time is the common case; keep memory flat
        _CACHE[key] = cached
    return cached


def _compile(path: Path) -> CompiledTemplate:
    """Compile a template, or load it compiled from the disk cache (keyed by its bytes).

    A fresh compile needs lxml, docxtpl and python-docx, whose imports cost more than
    building a whole document; a cached one needs none of them.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise template_error(path, f"cannot read: {exc.strerror}") from None
    directory = cache_dir()
    cache_file = directory / f"template-{cache_key(data)}.json" if directory else None
    if cache_file is not None:
        compiled = from_cache(path, data, cache_file)
        if compiled is not None:
            return compiled
    compiled, entry = compile_fresh(path, data)
    if cache_file is not None:
        write_cache(cache_file, json.dumps(entry, sort_keys=True))
    return compiled
