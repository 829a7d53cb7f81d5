"""A :class:`~.view.PageView` as one self-contained, accessible HTML page.

Jinja2 in a sandbox with autoescaping; the templates and the stylesheet are package data
(``mou_builder/data/templates/publish/``). The stylesheet is rendered with the page's
colours and inlined, so the page needs no other file, no script and no network.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from ...model.language import GOVERNING, TAGS, format_date, phrase
from ...model.typography import keep_dates_together
from .view import BlockView, PageView, ParagraphView, RequiredElement, TableView

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

Laid = tuple[str, ParagraphView | TableView | list[ParagraphView]]
TEMPLATE_DIR = ("data", "templates", "publish")


def _source(name: str) -> str:
    from importlib import resources

    folder = resources.files("mou_builder").joinpath(*TEMPLATE_DIR)
    return folder.joinpath(name).read_text(encoding="utf-8")


@cache
def _environment() -> SandboxedEnvironment:
    from jinja2 import FunctionLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FunctionLoader(_source),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def grouped(blocks: tuple[BlockView, ...]) -> Iterator[Laid]:
    """Blocks as the page lays them out: ``("p", paragraph)``, ``("items", [paragraphs])``
    for a run of lettered sub-items (one list), ``("table", table)``."""
    items: list[ParagraphView] = []
    for block in blocks:
        if isinstance(block, ParagraphView) and block.item:
            items.append(block)
            continue
        if items:
            yield "items", items
            items = []
        yield ("table" if isinstance(block, TableView) else "p"), block
    if items:
        yield "items", items


def _authorities(page: PageView, lang: str) -> str:
    names = list(page.profiles)
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {phrase('publish.and', lang)} " + names[-1]


def required_summary(required: tuple[RequiredElement, ...], page: PageView, lang: str) -> str:
    """One sentence, as HTML: how many of the required subjects the agreement covers (the
    policies' names, which are English, marked as such on a page in another language)."""
    from markupsafe import Markup, escape

    if not required:
        return str(escape(phrase("publish.required.no_policy", lang)))
    met = sum(1 for r in required if r.met)
    key = "publish.required.all_met" if met == len(required) else "publish.required.some_missing"
    sentence = escape(phrase(key, lang, met=met, count=len(required), authorities="\x00"))
    names = escape(_authorities(page, lang))
    if lang != GOVERNING:
        names = Markup(f'<span lang="{TAGS[GOVERNING]}">{names}</span>')
    return str(Markup(sentence.replace("\x00", names)))


def render_page(page: PageView, lang: str) -> str:
    """The HTML page for ``page`` with its fixed texts in ``lang``."""
    from markupsafe import Markup

    env = _environment()

    def t(key: str, **values: object) -> str:
        return phrase(key, lang, **values)

    def other(code: str) -> str | None:
        """The ``lang`` attribute for a passage in ``code`` (None in the page's language)."""
        return TAGS[code] if code != lang else None

    context = {
        "page": page,
        "lang": lang,
        "tag": TAGS[lang],
        "t": t,
        "t_in": lambda code, key: phrase(key, code),
        "other": other,
        "tags": TAGS,
        "date": lambda day: keep_dates_together(format_date(day, lang)),
        "grouped": grouped,
        "summary": Markup(required_summary(page.required, page, lang)),
    }
    css = env.get_template("page.css.j2").render(colors=page.colors)
    return str(env.get_template("page.html.j2").render(css=Markup(css), **context))
