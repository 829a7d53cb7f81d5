"""Clause text rendering: blanks, references, emphasis and the sandbox."""

from __future__ import annotations

import pytest

from mou_builder.assembly.textrender import Blank, RenderError, Span, parse_markup, render_string


def test_simple_placeholders_are_filled() -> None:
    assert render_string("{{ a }} and {{b}}", {"a": "x", "b": 3}) == "x and 3"


def test_undefined_names_are_errors() -> None:
    with pytest.raises(RenderError, match="undefined"):
        render_string("{{ missing }}", {})
    with pytest.raises(RenderError, match="unknown name"):
        render_string("{{ missing | upper }}", {})


def test_jinja_expressions_work_in_the_sandbox() -> None:
    assert render_string("{% if n > 1 %}officers{% else %}officer{% endif %}", {"n": 2}) == (
        "officers"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ x.__init__.__globals__ }}",
        "{{ 'a' * 1000000 }}",
        "{{ 10 ** 1000 }}",
    ],
)
def test_unsafe_expressions_are_refused(source: str) -> None:
    with pytest.raises(RenderError):
        render_string(source, {"x": object()})


def test_globals_such_as_cycler_are_not_available() -> None:
    with pytest.raises(RenderError):
        render_string("{{ cycler.__init__.__globals__ }}", {})


def test_includes_are_refused() -> None:
    with pytest.raises(RenderError):
        render_string("{% include '/etc/passwd' %}", {})


def test_values_cannot_inject_markup() -> None:
    text = render_string("name: {{ v }}", {"v": "*bold*"})
    assert parse_markup(text) == [Span("name: *bold*")]


def test_markup_gives_bold_and_italic_spans() -> None:
    assert parse_markup('the **"SRO"** is *not* a teacher') == [
        Span("the "),
        Span('"SRO"', bold=True),
        Span(" is "),
        Span("not", italic=True),
        Span(" a teacher"),
    ]


def test_unmatched_marker_stays_literal() -> None:
    assert parse_markup("5 * 3") == [Span("5 * 3")]


def test_blanks_render_visibly_and_are_recorded() -> None:
    used: set[str] = set()
    context = {"contact_name": Blank("contact_name", used)}
    assert render_string("to {{ contact_name }}", context) == "to [contact name]"
    assert used == {"contact_name"}
