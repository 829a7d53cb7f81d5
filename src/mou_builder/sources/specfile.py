"""Reading agreement specs (``*.mou.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Location
from ..model.hashing import sha256_text
from ..model.schema import Spec
from . import rawcache
from .marked import MarkedDict, MarkedList, read_text
from .validate import validate


@dataclass
class LoadedSpec:
    spec: Spec
    path: Path
    raw: Any
    text: str

    @property
    def hash(self) -> str:
        return sha256_text(self.text)

    def entry_location(self, index: int) -> Location:
        clauses = self.raw.get("clauses") if isinstance(self.raw, MarkedDict) else None
        if isinstance(clauses, MarkedList) and index < len(clauses):
            return Location(str(self.path), *clauses.item_marks[index])
        return Location(str(self.path), 1, 1)

    def param_location(self, index: int, name: str) -> Location:
        clauses = self.raw.get("clauses") if isinstance(self.raw, MarkedDict) else None
        if isinstance(clauses, MarkedList) and index < len(clauses):
            entry = clauses[index]
            if isinstance(entry, MarkedDict) and isinstance(entry.get("params"), MarkedDict):
                params = entry["params"]
                if name in params:
                    return Location(str(self.path), *params.key_marks[name])
        return self.global_param_location(name) or self.entry_location(index)

    def global_param_location(self, name: str) -> Location | None:
        params = self.raw.get("params") if isinstance(self.raw, MarkedDict) else None
        if isinstance(params, MarkedDict) and name in params:
            return Location(str(self.path), *params.key_marks[name])
        return None

    def key_location(self, *keys: str) -> Location:
        node: Any = self.raw
        mark = getattr(node, "mark", (1, 1))
        for key in keys:
            if isinstance(node, MarkedDict) and key in node:
                mark = node.value_marks.get(key, mark)
                node = node[key]
            else:
                break
        return Location(str(self.path), *mark)


def load_spec(path: Path) -> LoadedSpec:
    text = read_text(path)
    raw = rawcache.parse(path, text)
    spec = validate(Spec, raw, str(path))
    return LoadedSpec(spec, path, raw, text)
