"""Safe YAML loading that remembers where every value came from.

A private :class:`yaml.SafeLoader` subclass (the global loader is never patched) builds
:class:`MarkedDict` / :class:`MarkedList` containers that carry the line and column of each
key and item, so a pydantic validation error can be reported as ``file:line:col``.

Inputs may come from the other party, so the loader also refuses:
- tags outside the YAML core schema (``!!python/object`` and friends),
- duplicate keys (YAML silently keeps the last one; a legal text must not),
- alias "bombs": documents whose aliases expand beyond :data:`MAX_EXPANDED_NODES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError, Location
from .marked import MAX_FILE_BYTES, Mark, MarkedDict, MarkedList, locate, read_text

__all__ = ["MAX_FILE_BYTES", "MarkedDict", "MarkedList", "load", "loads", "locate", "read_text"]

MAX_EXPANDED_NODES = 200_000


def _mark(node: Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
#: scalar tags whose constructor is a plain function of the node (no generator, no state)
_PLAIN_SCALARS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "str", "timestamp")
)


class _MarkedLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader (libyaml's parser when available) that records marks, refuses duplicate
    keys and bounds alias expansion."""

    source_name = "<string>"

    def construct_yaml_map(self, node: MappingNode) -> Iterator[MarkedDict]:
        data = MarkedDict()
        data.mark = _mark(node)
        yield data
        self._fill_map(data, node, self._deep)

    def construct_yaml_seq(self, node: SequenceNode) -> Iterator[MarkedList]:
        data = MarkedList()
        data.mark = _mark(node)
        yield data
        self._fill_seq(data, node, self._deep)

    def _deep(self, node: Node) -> object:
        return self.construct_object(node, deep=True)

    def _fill_map(
        self, data: MarkedDict, node: MappingNode, build: Callable[[Node], object]
    ) -> None:
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = build(key_node)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise InputError(
                    "mapping keys must be plain scalars",
                    Location(self.source_name, *_mark(key_node)),
                )
            key = str(key) if not isinstance(key, str) else key
            if key in data:
                raise InputError(
                    f"duplicate key '{key}'",
                    Location(self.source_name, *_mark(key_node)),
                    "remove one of the two entries",
                )
            data[key] = build(value_node)
            data.key_marks[key] = _mark(key_node)
            data.value_marks[key] = _mark(value_node)

    def _fill_seq(
        self, data: MarkedList, node: SequenceNode, build: Callable[[Node], object]
    ) -> None:
        for child in node.value:
            data.append(build(child))
            data.item_marks.append(_mark(child))

    def construct_direct(self, node: Node) -> object:
        """The document built node by node, for a document without anchors (so without
        aliases and cycles): every node is built once, without the general constructor's
        bookkeeping. Nodes with other tags are built the general way; the result is the
        same as :meth:`construct_document`'s."""
        tag = node.tag
        if tag in _PLAIN_SCALARS and isinstance(node, ScalarNode):
            return self.yaml_constructors[tag](self, node)
        if tag == _MAP and isinstance(node, MappingNode):
            mapping = MarkedDict()
            mapping.mark = _mark(node)
            self._fill_map(mapping, node, self.construct_direct)
            return mapping
        if tag == _SEQ and isinstance(node, SequenceNode):
            sequence = MarkedList()
            sequence.mark = _mark(node)
            self._fill_seq(sequence, node, self.construct_direct)
            return sequence
        return self.construct_document(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date that does not exist (2026-13-01, 2026-02-30) is refused where it stands."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise InputError(
                f"'{node.value}' is not a valid date: {exc}",
                Location(self.source_name, *_mark(node)),
                "write the date as YYYY-MM-DD",
            ) from None


_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _MarkedLoader.construct_yaml_map)
_MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", _MarkedLoader.construct_yaml_timestamp)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _MarkedLoader.construct_yaml_seq)


def _may_expand(text: str) -> bool:
    """False when the document cannot reach the node limit: no anchor (so no alias) and too
    short to hold that many nodes (a character makes at most two)."""
    return "&" in text or 2 * len(text) >= MAX_EXPANDED_NODES


def _expanded_size(node: Node, memo: dict[int, int], limit: int) -> int:
    """Number of nodes the document has once every alias is expanded (stops past ``limit``)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = limit + 1  # a cycle counts as unbounded
    size = 1
    if isinstance(node, MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, limit) + _expanded_size(v, memo, limit)
            if size > limit:
                break
    elif isinstance(node, SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo, limit)
            if size > limit:
                break
    memo[key] = size
    return size


def _problem_location(exc: yaml.MarkedYAMLError, name: str) -> Location:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)


MAX_DEPTH = 200  # nested collections; libyaml's composer recurses in C (deeper may crash)
_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _check_depth(text: str, name: str) -> None:
    """Refuse documents nested deeper than :data:`MAX_DEPTH` before composing them.

    The event stream is read without recursion; it is only read when a cheap upper bound
    on the depth (flow brackets plus the widest line indent) says the limit may be reached.
    """
    bound = text.count("[") + text.count("{")
    bound += max((m.end() - m.start() for m in _PREFIX.finditer(text)), default=0)
    if bound <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    where = (mark.line + 1, mark.column + 1) if mark else (None, None)
                    raise _too_deep(Location(name, *where))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):  # libyaml's own limit, met while scanning ahead
            raise _too_deep(_problem_location(exc, name)) from None
        return  # the real load reports syntax errors with their position
    except yaml.YAMLError:
        return


def _tab_at(text: str, mark: yaml.Mark | None) -> bool:
    """Whether the error's position is a tab (or the indentation before it holds one)."""
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    return "\t" in line[: mark.column + 1] and line[: mark.column + 1].strip(" \t-") == ""


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml 0.2.5+ (PyYAML 6.0.4's wheels) stops at its own depth limit."""
    return "nesting depth" in f"{exc.problem or ''} {exc.context or ''}"


def _too_deep(where: Location) -> InputError:
    """One message for a too-deep document, whichever parser noticed first."""
    return InputError(
        f"YAML nested more than {MAX_DEPTH} levels deep", where, "flatten the structure"
    )


def _reader_error(exc: yaml.reader.ReaderError, text: str, name: str) -> InputError:
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return InputError(
        f"character #x{char:04x} is not allowed in YAML",
        Location(name, line, column),
        "remove the control character",
    )


def loads(text: str, name: str = "<string>") -> Any:
    """Parse one YAML document safely; errors are :class:`InputError` with a location."""
    _check_depth(text, name)
    try:
        loader = _MarkedLoader(text)
    except yaml.reader.ReaderError as exc:  # control characters such as NUL
        raise _reader_error(exc, text, name) from None
    loader.source_name = name
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _may_expand(text) and _expanded_size(node, {}, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES:
            raise InputError(
                f"document expands to more than {MAX_EXPANDED_NODES:,} nodes through aliases",
                Location(name, *_mark(node)),
                "remove the anchors and aliases (&name / *name)",
            )
        if "&" not in text:  # no anchor, so no alias: each node is built once, directly
            return loader.construct_direct(node)
        return loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        problem = exc.problem or "unsupported value"
        if "could not determine a constructor" in problem:
            problem = f"unsupported tag {problem.split('tag', 1)[-1].strip()}"
            hint = "only plain YAML is allowed: remove the '!' tag"
        else:
            hint = None
        raise InputError(problem, _problem_location(exc, name), hint) from None
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):
            raise _too_deep(_problem_location(exc, name)) from None
        if _tab_at(text, exc.problem_mark):
            raise InputError(
                "a tab character is used for indentation",
                _problem_location(exc, name),
                "indent with spaces; YAML does not allow tabs there",
            ) from None
        problem = exc.problem or str(exc)
        raise InputError(
            f"malformed YAML: {problem}",
            _problem_location(exc, name),
            "fix the YAML syntax at that position",
        ) from None
    except yaml.reader.ReaderError as exc:  # libyaml reports these while parsing
        raise _reader_error(exc, text, name) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        raise InputError(f"malformed YAML: {exc}", Location(name)) from None
    except RecursionError:
        raise _too_deep(Location(name)) from None
    except (ValueError, OverflowError) as exc:  # e.g. 2026-02-30, a 5,000-digit number
        raise InputError(f"invalid value: {exc}", Location(name), "fix the value") from None
    finally:
        loader.dispose()


def load(path: Path) -> Any:
    return loads(read_text(path), str(path))
