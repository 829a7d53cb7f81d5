"""Canonical content hashes for clause versions and specs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pydantic import BaseModel


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(mode="json", exclude_none=True))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def canonical_json(value: Any) -> str:
    """Stable JSON text: sorted keys, no spacing, dates as ISO strings, Unicode kept."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_hash(version: Any) -> str:
    """Hash of what an approval covers: text, parameters, citations and the lock."""
    return sha256_text(
        canonical_json(
            {
                "text": version.text,
                "params": version.params,
                "citations": version.citations,
                "locked": version.locked,
            }
        )
    )
