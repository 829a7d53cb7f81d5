"""Resource bounds for the clause-text sandbox (hostile clause text and negotiated text).

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` blocks attribute tricks such as
``{{ ''.__class__.__mro__ }}`` but does not bound work: ``{{ 'a'|center(10**10) }}``,
``'%999999999s' % x``, doubling a string with ``{% set s = s ~ s %}`` or nested loops and
macros can exhaust memory or never finish. :func:`harden` adds, to one environment:

- no ``{% include %}``, ``{% import %}``, ``{% from %}`` or ``{% extends %}`` (refused at parse
  time, before any loader could be consulted),
- a per-render budget of loop iterations and calls (:data:`MAX_STEPS`),
- size checks on every filter, method call, ``~`` concatenation and arithmetic operator:
  no argument, operand or result larger than :data:`MAX_SIZE` characters/items, no integer
  argument larger than :data:`MAX_SIZE`, no integer with more than :data:`MAX_INT_BITS` bits,
- no ``%`` string formatting, and format strings with absurd widths refused.

Every refusal is a :class:`~jinja2.sandbox.SecurityError` (the caller reports "unsafe
expression in clause text refused") or a :class:`~jinja2.TemplateSyntaxError`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import pass_context
from jinja2.visitor import NodeTransformer

MAX_SIZE = 100_000  # characters or items in any intermediate value
MAX_STEPS = 100_000  # loop iterations + calls in one render
MAX_INT_BITS = 4_096

_WIDE_FORMAT = re.compile(r"\d{6,}|%[^a-zA-Z%]*\*|\{[^}]*\{")
# functions whose integer arguments are widths or counts (bounded by MAX_SIZE)
_WIDTH_ARGS = frozenset(
    {
        "center",
        "indent",
        "wordwrap",
        "truncate",
        "slice",
        "batch",
        "replace",
        "split",
        "rsplit",
        "splitlines",
        "round",
    }
)
_REFUSED_METHODS = frozenset(
    {"expandtabs", "format_map", "translate", "maketrans", "ljust", "rjust", "zfill"}
)
_REFUSED_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
}


def _size_ok(value: object) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            raise SecurityError("number too large")
    elif (
        isinstance(value, str | bytes | list | tuple | dict | set | frozenset)
        and len(value) > MAX_SIZE
    ):
        raise SecurityError("value too large")


def _check_args(name: str, args: Iterable[object]) -> None:
    for arg in args:
        _size_ok(arg)
        if (
            name in _WIDTH_ARGS
            and isinstance(arg, int)
            and not isinstance(arg, bool)
            and abs(arg) > MAX_SIZE
        ):
            raise SecurityError("argument too large")


def _precheck(
    name: str, subject: object, args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    """Refuse operations whose result would be huge before computing them."""
    if name in _REFUSED_METHODS:
        raise SecurityError(f"'{name}' is not allowed in clause text")
    estimate = _ESTIMATES.get(name)
    if estimate is not None:
        estimate(subject, args, kwargs)


def _too_large(size: int) -> None:
    if size > MAX_SIZE:
        raise SecurityError("result too large")


def _estimate_replace(subject: object, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    if isinstance(subject, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = subject.count(old) if old else len(subject) + 1
        _too_large(len(subject) + count * len(new))


def _estimate_join(subject: object, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    if isinstance(subject, list | tuple) and args:
        sep = str(args[0])
        _too_large(sum(len(str(i)) for i in subject) + len(sep) * len(subject))


def _estimate_indent(subject: object, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    if isinstance(subject, str):
        width = args[0] if args else kwargs.get("width", 4)
        unit = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        _too_large(len(subject) + (subject.count("\n") + 1) * unit)


def _estimate_format(subject: object, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    text = subject if isinstance(subject, str) else ""
    if not isinstance(subject, str) and args and isinstance(args[0], str):
        text = args[0]  # the format() builtin: format(value, spec)
    if _WIDE_FORMAT.search(text):
        raise SecurityError("format width too large")


_ESTIMATES: dict[str, Callable[[object, tuple[object, ...], dict[str, object]], None]] = {
    "replace": _estimate_replace,
    "join": _estimate_join,
    "indent": _estimate_indent,
    "format": _estimate_format,
}


def _guard(name: str, func: Any) -> Callable[..., Any]:
    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not _is_context(a)]
        subject = values[0] if values else None
        _size_ok(subject)
        _check_args(name, values[1:])
        _check_args(name, kwargs.values())
        _precheck(name, subject, tuple(values[1:]), kwargs)
        result = func(*args, **kwargs)
        _size_ok(result)
        return result

    return guarded


def _is_context(value: object) -> bool:
    from jinja2.environment import Environment
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return isinstance(value, Context | Environment | EvalContext)


def _step(context: Any) -> None:
    """Count one loop iteration or call against the render's budget (kept in the context)."""
    steps = getattr(context, "_mou_steps", 0) + 1
    if steps > MAX_STEPS:
        raise SecurityError("too many loop iterations or calls")
    context._mou_steps = steps


@pass_context
def _loop_filter(context: Any, iterable: Any) -> Iterator[Any]:
    _size_ok(iterable)
    for item in iterable:
        _step(context)
        yield item


def _concat_filter(items: list[object]) -> str:
    parts = [str(i) for i in items]
    if sum(len(p) for p in parts) > MAX_SIZE:
        raise SecurityError("result too large")
    return "".join(parts)


class _Transformer(NodeTransformer):
    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        for kind, tag in _REFUSED_TAGS.items():
            if isinstance(node, kind):
                raise TemplateSyntaxError(
                    f"'{{% {tag} %}}' is refused: clause text cannot include other files",
                    node.lineno,
                )
        node = super().generic_visit(node, *args, **kwargs)
        if isinstance(node, nodes.For):
            node.iter = nodes.Filter(node.iter, "_mou_loop", [], [], None, None, lineno=node.lineno)
        elif isinstance(node, nodes.Concat):
            return nodes.Filter(
                nodes.List(node.nodes, lineno=node.lineno),
                "_mou_concat",
                [],
                [],
                None,
                None,
                lineno=node.lineno,
            )
        return node


def harden(env: SandboxedEnvironment) -> SandboxedEnvironment:
    """Add the bounds described in the module docstring to ``env`` (in place)."""
    for name, func in list(env.filters.items()):
        env.filters[name] = _guard(name, func)
    env.filters["_mou_loop"] = _loop_filter
    env.filters["_mou_concat"] = _concat_filter
    for name, func in list(env.tests.items()):
        env.tests[name] = _guard(name, func)

    original_parse = env._parse
    original_call = env.call
    original_binop = env.call_binop

    def parse(source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = original_parse(source, name, filename)
            result: nodes.Template = _Transformer().visit(tree)
        except RecursionError:
            raise TemplateSyntaxError("expression nested too deeply", 1) from None
        return result

    def call(__context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step(__context)
        target = getattr(__obj, "__wrapped__", __obj)
        name = getattr(target, "__name__", "")
        subject = getattr(target, "__self__", None)
        if subject is not None and not isinstance(subject, type):
            _size_ok(subject)
        _check_args(name, args)
        _check_args(name, kwargs.values())
        _precheck(name, subject, args, kwargs)
        result = original_call(__context, __obj, *args, **kwargs)
        _size_ok(result)
        return result

    def call_binop(context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "%" and isinstance(left, str):
            raise SecurityError("'%' string formatting is not allowed in clause text")
        if operator_name in {"*", "**"} and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right)
        ):
            bits = [abs(int(v)).bit_length() for v in (left, right)]
            size = bits[0] * max(abs(int(right)), 1) if operator_name == "**" else sum(bits)
            if size > MAX_INT_BITS:
                raise SecurityError("number too large")
        sized = all(hasattr(v, "__len__") for v in (left, right))
        if operator_name == "+" and sized and len(left) + len(right) > MAX_SIZE:
            raise SecurityError("result too large")
        if operator_name not in env.__class__.intercepted_binops:
            return env.binop_table[operator_name](left, right)
        return original_binop(context, operator_name, left, right)

    env._parse = parse  # type: ignore[method-assign]
    env.call = call  # type: ignore[method-assign]
    env.call_binop = call_binop  # type: ignore[method-assign,assignment]
    env.intercepted_binops = frozenset(env.intercepted_binops | {"*", "**", "+", "%"})
    return env


def render_bounded(template: Any, context: Any) -> str:
    """Render ``template`` collecting at most :data:`MAX_SIZE` characters of output."""
    parts: list[str] = []
    total = 0
    try:
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_SIZE:
                raise SecurityError("clause text renders to too much text")
            parts.append(chunk)
    except (RecursionError, MemoryError):
        raise SecurityError("clause text nests too deeply or needs too much memory") from None
    return "".join(parts)
