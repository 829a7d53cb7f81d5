"""The next spec revision as YAML: the source's comments and layout kept (sources.roundtrip),
the revision label bumped, the planned edits applied to the clause entries."""

from __future__ import annotations

import re
from typing import Any, cast

from ...sources.roundtrip import RoundTrip
from .model import Edit, ItemsBlock, ParamValue, TableRef


def bump_revision(label: str) -> str:
    """ "1" → "2", "draft-3" → "draft-4", "A" → "A.2"."""
    match = re.search(r"(\d+)(?!.*\d)", label)
    if match:
        return label[: match.start()] + str(int(match.group(1)) + 1) + label[match.end() :]
    return f"{label}.2"


def write_yaml(source: str, edits: list[Edit]) -> tuple[str, str, str]:
    """(new YAML text, old revision label, new revision label)."""
    document = RoundTrip(source)
    data: Any = document.data  # ruamel's round-trip maps and sequences
    old_rev, new_rev = _bump(data)
    clauses = data["clauses"]
    by_id: dict[str, int] = {}
    for index, entry in enumerate(clauses):
        cid = entry.get("id") if isinstance(entry, dict) else str(entry).split("@")[0].strip()
        by_id[str(cid)] = index
    removals: list[int] = []
    for edit in edits:
        index = by_id[edit.clause]
        if edit.remove:
            removals.append(index)
        else:
            _apply(clauses, index, edit)
    for index in sorted(removals, reverse=True):
        del clauses[index]
    return document.dump(), old_rev, new_rev


def _bump(data: Any) -> tuple[str, str]:
    old_rev = str(data.get("revision", "1"))
    new_rev = bump_revision(old_rev)
    if "revision" in data:
        data["revision"] = (
            type(data["revision"])(new_rev) if isinstance(data["revision"], str) else new_rev
        )
    else:
        keys = list(data.keys())
        data.insert(keys.index("title") + 1 if "title" in keys else 0, "revision", new_rev)
    return old_rev, new_rev


def _apply(clauses: Any, index: int, edit: Edit) -> None:
    from ruamel.yaml.comments import CommentedMap

    entry = clauses[index]
    if not isinstance(entry, dict):
        new_entry = CommentedMap()
        new_entry["id"] = edit.clause
        new_entry["version"] = edit.version
        clauses[index] = new_entry
        entry = new_entry
    elif "version" not in entry:
        entry.insert(1, "version", edit.version)  # type: ignore[attr-defined]
    if edit.title is not None:
        entry["title"] = edit.title
    if edit.params:
        params = entry.get("params")
        if params is None:
            params = CommentedMap()
            entry["params"] = params
        for name, value in edit.params.items():
            params[name] = _yaml_value(value)
    if edit.text is not None:
        entry["text"] = _text_seq(edit)
        entry["negotiated"] = edit.negotiated


def _text_seq(edit: Edit) -> object:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    seq = CommentedSeq()
    for block in edit.text or []:
        if isinstance(block, dict) and "items" in block:
            item = CommentedMap()
            item["items"] = CommentedSeq(cast(ItemsBlock, block)["items"])
            seq.append(item)
        elif isinstance(block, dict):
            item = CommentedMap()
            item["table"] = cast(TableRef, block)["table"]
            seq.append(item)
        else:
            seq.append(block)
    return seq


def _yaml_value(value: ParamValue | dict[str, int | str] | int | str) -> object:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, list):
        seq = CommentedSeq()
        for item in value:
            seq.append(_yaml_value(item))
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, cell in value.items():
            mapping[key] = _yaml_value(cell)
        mapping.fa.set_flow_style()
        return mapping
    return value
