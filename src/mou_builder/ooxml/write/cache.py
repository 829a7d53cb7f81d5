"""The disk cache of compiled templates, keyed by the template's bytes.

``$MOU_CACHE_DIR`` (default ``$XDG_CACHE_HOME/mou-builder`` or ``~/.cache/mou-builder``;
``off`` disables it) keeps the Jinja code, the changed parts and the style ids, so a CLI build
neither imports lxml, python-docx and docxtpl nor recompiles."""

from __future__ import annotations

import base64
import hashlib
import json
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from ..package import Raw, raw_members
from .compiled import CompiledTemplate, from_code, jinja_env

_CACHE_FORMAT = "mou-template-5"


#: the modules whose code shapes a compiled template (a change to any of them is a new key)
_SHAPING = ("compiled.py", "cache.py", "fresh.py", "parts.py", "tagging.py")


def cache_key(data: bytes) -> str:
    """Template bytes + everything that shapes the compiled form: the code of the modules
    that compile it (:data:`_SHAPING`), the Python and Jinja versions (marshalled code) and
    docxtpl's patcher (found, not imported)."""
    import importlib.util

    import jinja2

    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{sys.version}|{jinja2.__version__}|".encode())
    here = Path(__file__).parent
    for name in _SHAPING:
        digest.update((here / name).read_bytes())
    spec = importlib.util.find_spec("docxtpl")
    origin = Path(spec.origin).parent / "template.py" if spec and spec.origin else None
    if origin is not None and origin.exists():
        stat = origin.stat()
        digest.update(f"|{origin}|{stat.st_size}|{stat.st_mtime_ns}|".encode())
    digest.update(data)
    return digest.hexdigest()[:40]


def write_cache(path: Path, text: str) -> None:
    """Write a cache entry atomically (temporary file, fsync, rename); a cache that cannot
    be written only costs time, so failures are ignored."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def pack_code(code: Any) -> str:
    return base64.b64encode(marshal.dumps(code)).decode("ascii")


def cache_entry(
    compiled: CompiledTemplate, modified: dict[str, Any], codes: dict[str, Any], document: str
) -> dict[str, Any]:
    """What the disk cache keeps of a freshly compiled template (read by :func:`from_cache`)."""
    return {
        "names": sorted(compiled.parts),
        "modified": {n: v.decode("utf-8") for n, v in modified.items() if isinstance(v, bytes)},
        "document": pack_code(codes[document]),
        "rendered": {n: pack_code(c) for n, c in codes.items() if n != document},
        "num_id": compiled.num_id,
        "abstract_id": compiled.abstract_id,
        "numbering_part": compiled.numbering_part,
        "style": compiled.style,
        "text_width": compiled.text_width,
        "body_indent": compiled.body_indent,
        "manifest_part": compiled.manifest_part,
        "dropped": compiled.dropped,
        "unseen": compiled.unseen,
    }


def from_cache(path: Path, data: bytes, cache_file: Path) -> CompiledTemplate | None:
    try:
        entry = json.loads(cache_file.read_text(encoding="utf-8"))
        modified = {str(k): str(v).encode("utf-8") for k, v in entry["modified"].items()}
        names = set(entry["names"])
        parts: dict[str, bytes | Raw] = dict(raw_members(data, names - set(modified)))
        parts.update(modified)
        if set(parts) != names:
            return None
        env = jinja_env()
        compiled = CompiledTemplate(
            str(path),
            parts,
            from_code(env, marshal.loads(base64.b64decode(entry["document"]))),
            num_id=int(entry["num_id"]),
            abstract_id=int(entry["abstract_id"]),
            numbering_part=str(entry["numbering_part"]),
            style={str(k): str(v) for k, v in entry["style"].items()},
            text_width=int(entry["text_width"]),
            body_indent=int(entry["body_indent"]),
            manifest_part=str(entry["manifest_part"]),
            dropped=[str(d) for d in entry["dropped"]],
            unseen=[str(u) for u in entry["unseen"]],
        )
        for name, packed in entry["rendered"].items():
            compiled.rendered_parts[str(name)] = from_code(
                env, marshal.loads(base64.b64decode(packed))
            )
        return compiled
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError):
        return None
