"""One typographic policy in every output: the text of each shipped example, built as Word
and as Markdown, has curly quotes and apostrophes, US spelling, dates that do not break,
no doubled words, one "agree as follows", no label repeated above the title, and an
approval block signed by the board's president and its clerk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble
from mou_builder.model.typography import typeset, violations
from mou_builder.ooxml.inspection import document_text
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.ooxml.write import build_docx
from mou_builder.render.markdown import render_markdown
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec

from conftest import CLAUSES, EXAMPLES

SPECS = sorted(EXAMPLES.glob("*.mou.yaml"))
# Markdown's own markup (escapes, table rules) is not text the board reads
_MARKUP = re.compile(r"\\(.)")


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(CLAUSES)


def _check(text: str, title: str) -> None:
    assert violations(text) == []
    assert len(re.findall(r"agree as follows", text, re.I)) == 1
    if "memorandum of understanding" in title.lower():  # said once, not as a label too
        assert "Memorandum of Understanding\n" + title not in text
    assert "President of the " in text and "Clerk of the " in text


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name.split(".")[0])
def test_every_example_follows_the_policy(spec: Path, library: Library) -> None:
    agreement = assemble(load_spec(spec), library)
    title = typeset(agreement.spec.title)
    word = document_text(open_docx_bytes(build_docx(agreement), spec.name))
    _check(word, title)
    markdown = _MARKUP.sub(r"\1", render_markdown(agreement))
    _check(markdown, title)


def test_the_policy_itself() -> None:
    assert typeset('James "Jim" Whitaker') == "James \u201cJim\u201d Whitaker"
    assert typeset("the Agency's officer") == "the Agency\u2019s officer"
    assert typeset('(the **"District"**)') == "(the **\u201cDistrict\u201d**)"
    assert typeset("authorised behaviour") == "authorized behavior"
    assert typeset("on June 10, 2027") == "on June\u00a010,\u00a02027"
    assert typeset("the the end") == "the end"
    assert typeset(typeset('"a" it\'s')) == typeset('"a" it\'s')
