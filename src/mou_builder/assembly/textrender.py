"""Render clause text: ``{{ blanks }}``, cross-references and inline emphasis.

Clause text may come from the other party, so it is rendered in a sandboxed Jinja
environment with :class:`~jinja2.StrictUndefined`, no default globals, no loader (so no
``include``/``import``/``extends``) and bounded string/number arithmetic. Plain text and
simple ``{{ name }}`` / ``{{ ref('clause-id') }}`` placeholders skip Jinja altogether: they
are most of the library and substituting them directly is much faster.

Inline markup, applied after substitution: ``**bold**`` (defined terms), ``*italic*``;
a backslash escapes ``*`` and ``\\``. Substituted values are escaped, so a value can never
inject formatting.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model.params import display

#: the language values are displayed in while a paragraph renders (dates, lists, yes/no)
_LANG: ContextVar[str] = ContextVar("mou_render_lang", default="en")

MAX_OUTPUT = 100_000  # characters one paragraph may render to


class RenderError(Exception):
    """A problem in clause text; the caller adds the file location."""


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


class Blank:
    """An unfilled parameter: renders as a visible blank and records that it was used."""

    def __init__(self, name: str, used: set[str]):
        self.name = name
        self._used = used

    def __str__(self) -> str:
        self._used.add(self.name)
        return f"[{self.name.replace('_', ' ')}]"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")


def _finalize(value: object) -> str:
    if isinstance(value, Blank | SafeText):
        return str(value)
    return _escape(display(value, _LANG.get()))


class SafeText(str):
    """Text already escaped for markup (function results such as cross-references)."""


@lru_cache(maxsize=1)
def _environment() -> Any:
    """The sandbox, built on first use: most clause text never needs Jinja."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    class _Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+"})

        def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
            result_size = 0
            if operator_name == "**" and isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponent too large")
            if operator_name == "*":
                for seq, count in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and isinstance(count, int):
                        result_size = len(seq) * count
            if result_size > MAX_OUTPUT:
                raise SecurityError("result too large")
            ops: dict[str, Callable[[Any, Any], Any]] = {
                "*": operator.mul,
                "**": operator.pow,
                "+": operator.add,
            }
            return ops[operator_name](left, right)

    env = _Sandbox(undefined=StrictUndefined, autoescape=False, finalize=_finalize)
    env.globals.clear()
    from .jinjaguard import harden  # bounds on work and size for hostile text

    return harden(env)


_SIMPLE = re.compile(
    r"\{\{-?\s*(?:(?P<name>[a-z_][a-z0-9_]*)|ref\(\s*(?P<q>['\"])(?P<ref>[a-z0-9_-]+)(?P=q)\s*\))\s*-?\}\}"
)


@lru_cache(maxsize=4096)
def _compile(source: str) -> Any:
    from jinja2 import TemplateSyntaxError

    try:
        return _environment().from_string(source)
    except TemplateSyntaxError as exc:
        raise RenderError(f"template syntax error: {exc.message}") from None


def _needs_jinja(source: str) -> bool:
    if "{%" in source or "{#" in source:
        return True
    rest = _SIMPLE.sub("", source)
    return "{{" in rest or "}}" in rest


# ----------------------------------------------------------------- conditions without Jinja
# Clause text mostly branches on one parameter: ``{% if armed %}``, ``{% if years == 1 %}``,
# ``{% elif ... %}``, ``{% else %}``, ``{% endif %}``. Such text is rendered here, with
# Jinja's meaning (Python truth and ``==``/``!=``, only the branch taken is evaluated, an
# unknown name is an error); anything else, including every malformed tag, goes to Jinja.

_TAG = re.compile(
    r"\{%\s*(?:(?P<kw>if|elif)\s+(?P<name>[a-z_][a-z0-9_]*)"
    r"(?:\s*(?P<op>==|!=)\s*(?P<lit>0|-?[1-9][0-9]{0,17}|'[^'\\\n]*'|\"[^\"\\\n]*\"))?"
    r"|(?P<end>else|endif))\s*%\}"
)
MAX_NESTING = 8  # deeper blocks go to Jinja and its bounds
_RESERVED = frozenset({"and", "or", "not", "in", "is", "if", "true", "false", "none"})

Condition = tuple[str, str | None, object]  # name, operator, literal
Branch = tuple[Condition | None, list["Node"]]  # None: the else branch
Node = str | list[Branch]  # text (with simple placeholders), or an if block


@lru_cache(maxsize=4096)
def _conditional(source: str) -> list[Node] | None:
    """``source`` as text and if blocks, or None when it needs Jinja."""
    if "{#" in source or "\r" in source or source.endswith("\n"):
        return None  # comments; Jinja normalises line ends and drops a final newline
    tags = list(_TAG.finditer(source))
    if len(tags) != source.count("{%"):
        return None
    root: list[Node] = []
    stack: list[tuple[list[Node], list[Branch]]] = []  # (enclosing nodes, open block)
    nodes, pos = root, 0
    for tag in [*tags, None]:
        text = source[pos : tag.start() if tag else len(source)]
        if not _only_simple_placeholders(text):
            return None
        if text:
            nodes.append(text)
        if tag is None:
            break
        pos = tag.end()
        keyword = tag.group("kw") or tag.group("end")
        if keyword == "if":
            if len(stack) >= MAX_NESTING:
                return None
            block: list[Branch] = []
            nodes.append(block)
            stack.append((nodes, block))
        elif not stack:
            return None  # elif, else or endif outside a block
        elif keyword == "endif":
            nodes = stack.pop()[0]
            continue
        elif stack[-1][1][-1][0] is None:
            return None  # elif or else after the else
        condition = None if keyword == "else" else _condition(tag)
        if condition is None and keyword != "else":
            return None
        nodes = []
        stack[-1][1].append((condition, nodes))
    return None if stack else root


def _only_simple_placeholders(text: str) -> bool:
    rest = _SIMPLE.sub("", text)
    return "{{" not in rest and "}}" not in rest


def _condition(tag: re.Match[str]) -> Condition | None:
    name, literal = tag.group("name"), tag.group("lit")
    if name in _RESERVED:
        return None
    value: object = None
    if literal is not None:
        value = literal[1:-1] if literal[0] in "'\"" else int(literal)
    return (name, tag.group("op"), value)


def _holds(condition: Condition, context: Mapping[str, object]) -> bool:
    name, op, literal = condition
    if name not in context:
        raise RenderError(f"unknown name in clause text: '{name}' is undefined")
    value = context[name]
    if op == "==":
        return bool(value == literal)
    if op == "!=":
        return bool(value != literal)
    return bool(value)


def _render_nodes(nodes: list[Node], context: Mapping[str, object]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_SIMPLE.sub(lambda m: _substitute(m, context), node))
            continue
        for condition, body in node:
            if condition is None or _holds(condition, context):
                out.append(_render_nodes(body, context))
                break
    return "".join(out)


def _names(nodes: list[Node], found: set[str]) -> set[str]:
    for node in nodes:
        if isinstance(node, str):
            for m in _SIMPLE.finditer(node):
                found.add(m.group("name") or "ref")  # Jinja counts the ref() function
            continue
        for condition, body in node:
            if condition is not None:
                found.add(condition[0])
            _names(body, found)
    return found


def render_string(source: str, context: Mapping[str, object], lang: str = "en") -> str:
    """Substitute placeholders in one paragraph (values shown in ``lang``); markup is not
    yet interpreted."""
    if "{" not in source:
        return source
    token = _LANG.set(lang)
    try:
        return _render(source, context)
    finally:
        _LANG.reset(token)


def _render(source: str, context: Mapping[str, object]) -> str:
    if not _needs_jinja(source):
        return _SIMPLE.sub(lambda m: _substitute(m, context), source)
    nodes = _conditional(source)
    out = _render_jinja(source, context) if nodes is None else _render_nodes(nodes, context)
    if len(out) > MAX_OUTPUT:
        raise RenderError(f"clause text renders to more than {MAX_OUTPUT:,} characters")
    return out


def _render_jinja(source: str, context: Mapping[str, object]) -> str:
    from jinja2 import TemplateError, UndefinedError
    from jinja2.sandbox import SecurityError

    from .jinjaguard import render_bounded

    template = _compile(source)
    try:
        return render_bounded(template, context)
    except SecurityError as exc:
        raise RenderError(f"unsafe expression in clause text refused ({exc})") from None
    except UndefinedError as exc:
        raise RenderError(f"unknown name in clause text: {exc.message}") from None
    except TemplateError as exc:
        raise RenderError(f"clause text could not be rendered: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, OverflowError) as exc:
        raise RenderError(f"clause text could not be rendered: {exc}") from None


def _substitute(match: re.Match[str], context: Mapping[str, object]) -> str:
    name = match.group("name")
    if name is not None:
        if name not in context:
            raise RenderError(f"unknown name in clause text: '{name}' is undefined")
        return _finalize(context[name])
    ref = context.get("ref")
    if not callable(ref):
        raise RenderError("cross-references are not available here")
    return str(ref(match.group("ref")))


def placeholders(source: str) -> set[str]:
    """Names a paragraph refers to (for validating clause files)."""
    if "{" not in source:
        return set()
    if not _needs_jinja(source):
        return {m.group("name") for m in _SIMPLE.finditer(source) if m.group("name")}
    nodes = _conditional(source)
    if nodes is not None:
        return _names(nodes, set())
    from jinja2 import TemplateSyntaxError, meta

    try:
        return set(meta.find_undeclared_variables(_environment().parse(source)))
    except TemplateSyntaxError as exc:
        raise RenderError(f"template syntax error: {exc.message}") from None


_MARKUP = re.compile(r"\\(.)|(\*\*)|(\*)", re.DOTALL)


def parse_markup(text: str) -> list[Span]:
    """Split rendered text into spans with bold/italic; unmatched markers stay literal."""
    if "*" not in text and "\\" not in text:
        return [Span(text)] if text else []
    return _spans(_unpaired_as_text(_markup_tokens(text)))


def _markup_tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs, kind one of ``text``, ``b`` (``**``) and ``i`` (``*``)."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    for m in _MARKUP.finditer(text):
        if m.start() > pos:
            tokens.append(("text", text[pos : m.start()]))
        if m.group(1) is not None:
            tokens.append(("text", m.group(1)))
        else:
            tokens.append(("b", "**") if m.group(2) else ("i", "*"))
        pos = m.end()
    if pos < len(text):
        tokens.append(("text", text[pos:]))
    return tokens


def _unpaired_as_text(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A marker without a partner is literal text."""
    for kind in ("b", "i"):
        idx = [i for i, (k, _) in enumerate(tokens) if k == kind]
        if len(idx) % 2:
            tokens[idx[-1]] = ("text", tokens[idx[-1]][1])
    return tokens


def _spans(tokens: list[tuple[str, str]]) -> list[Span]:
    spans: list[Span] = []
    bold = italic = False
    for kind, value in tokens:
        if kind == "b":
            bold = not bold
        elif kind == "i":
            italic = not italic
        elif spans and spans[-1].bold == bold and spans[-1].italic == italic:
            spans[-1] = Span(spans[-1].text + value, bold, italic)
        else:
            spans.append(Span(value, bold, italic))
    return [s for s in spans if s.text]


def plain(text: str) -> str:
    """Rendered text without markup characters."""
    return "".join(s.text for s in parse_markup(text))
