"""Clause text with simple conditions renders without Jinja, exactly as Jinja renders it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from mou_builder.assembly import textrender
from mou_builder.assembly.textrender import Blank, RenderError, SafeText, placeholders
from mou_builder.assembly.textrender import render_string as render

SHIPPED = Path(textrender.__file__).parents[1] / "data" / "clauses"

SOURCES = [
    "Officers {% if armed %}carry{% else %}do not carry{% endif %} firearms.",
    "{% if years == 1 %}each year{% elif years == 2 %}every other year{% else %}"
    "every {{ years }} years{% endif %}",
    "{%if kind=='sworn'%}sworn{%endif%} officers {% if kind != \"sworn\" %}(civilian){% endif %}",
    "{% if a %}{% if b %}both{% else %}a only{% endif %}{% elif b %}b only{% endif %}.",
    "See {{ ref('hours') }}{% if armed %} and {{ ref(\"use-of-force\") }}{% endif %}.",
    "{% if missing %}x{% endif %}",
    "{% if armed %}{{ missing }}{% else %}fine{% endif %}",
    "{% if years == -1 %}never{% endif %}{% if years == 0 %}now{% endif %}",
    "{% if armed %}**bold** \\* {{ agency }}{% endif %}",
    "",
]

CONTEXTS = [
    {"armed": True, "years": 1, "kind": "sworn", "a": 1, "b": 0, "agency": "*PD*"},
    {"armed": False, "years": 2, "kind": "civilian", "a": 0, "b": "x", "agency": "PD"},
    {"armed": "", "years": 3, "kind": "", "a": [], "b": [1], "agency": ""},
    {"armed": Blank("armed", set()), "years": 0, "kind": None, "a": None, "b": None},
    {"armed": 0, "years": -1, "kind": 5, "a": True, "b": True, "agency": 7},
]


def _ref(target: str) -> SafeText:
    return SafeText(f"Section <{target}>")


def _outcome(render_one: object, source: str, context: dict[str, object]) -> str:
    try:
        return "ok: " + render_one(source, {**context, "ref": _ref})  # type: ignore[operator]
    except RenderError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize(
    ("source", "context"), list(itertools.product(SOURCES, CONTEXTS)), ids=lambda v: repr(v)[:40]
)
def test_rendering_matches_jinja(source: str, context: dict[str, object]) -> None:
    assert textrender._conditional(source) is not None, "not taken off Jinja"
    assert _outcome(render, source, context) == _outcome(textrender._render_jinja, source, context)


@pytest.mark.parametrize("source", SOURCES)
def test_names_found_match_jinja(source: str) -> None:
    from jinja2 import meta

    expected = set(meta.find_undeclared_variables(textrender._environment().parse(source)))
    assert placeholders(source) == expected


def test_every_shipped_condition_is_rendered_without_jinja() -> None:
    import re

    texts = [p.read_text(encoding="utf-8") for p in sorted(SHIPPED.glob("*.yaml"))]
    tagged = [line for t in texts for line in t.splitlines() if "{%" in line]
    assert tagged, "the shipped library has conditional text"
    for line in tagged:
        for tag in re.findall(r"\{%.*?%\}", line):
            assert textrender._TAG.fullmatch(tag), tag


@pytest.mark.parametrize(
    "source",
    [
        "{% if armed %}no end",
        "{% endif %}",
        "{% else %}x",
        "{% if armed %}a{% else %}b{% else %}c{% endif %}",
        "{% if armed %}a{% else %}b{% elif armed %}c{% endif %}",
        "{% if not armed %}x{% endif %}",
        "{% if true %}x{% endif %}",
        "{% if armed and years %}x{% endif %}",
        "{%- if armed -%} x {% endif %}",
        "{% if armed %}x{% endif %}\n",
        "{% if armed %}\r\nx{% endif %}",
        "{% if armed %}{{ years + 1 }}{% endif %}",
        "{% if armed %}}}{% endif %}",
        "{# note #}{% if armed %}x{% endif %}",
        "{% for x in y %}{% endfor %}",
        "{% if years == 1_000 %}x{% endif %}",
        "{% if years == 'a\\'b' %}x{% endif %}",
        "{% if a %}" * 9 + "deep" + "{% endif %}" * 9,
    ],
)
def test_anything_else_is_left_to_jinja(source: str) -> None:
    assert textrender._conditional(source) is None
    context = {"armed": True, "years": 1, "a": 1, "y": [], "ref": _ref}
    assert _outcome(render, source, context) == _outcome(textrender._render_jinja, source, context)
