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
    from jinja2 import TemplateError, UndefinedError
    from jinja2.sandbox import SecurityError

    from .jinjaguard import render_bounded

    template = _compile(source)
    try:
        out = render_bounded(template, context)
    except SecurityError as exc:
        raise RenderError(f"unsafe expression in clause text refused ({exc})") from None
    except UndefinedError as exc:
        raise RenderError(f"unknown name in clause text: {exc.message}") from None
    except TemplateError as exc:
        raise RenderError(f"clause text could not be rendered: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, OverflowError) as exc:
        raise RenderError(f"clause text could not be rendered: {exc}") from None
    if len(out) > MAX_OUTPUT:
        raise RenderError(f"clause text renders to more than {MAX_OUTPUT:,} characters")
    return out


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
