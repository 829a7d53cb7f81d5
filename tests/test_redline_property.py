"""The invariant that defines a correct redline, on generated documents and random edits.

Accepting every tracked change gives NEW's text exactly; rejecting every tracked change
gives OLD's text exactly (paragraph by paragraph, table cells included). Revision ids are
unique. Checked with clause markers (clause-aligned) and without (paragraph-aligned).
"""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mou_builder.ooxml.ns import w
from mou_builder.ooxml.redlining import redline_packages
from mou_builder.ooxml.safezip import open_docx_bytes
from redline_support import (
    Clause,
    Free,
    Part,
    accepted,
    document_xml,
    expected_texts,
    make_docx,
    rejected,
)

WORDS = [
    "the",
    "officer",
    "district",
    "agency",
    "shall",
    "six",
    "eight",
    "hours",
    "school",
    "records",
    "student",
    "consent",
    "*bold*",
    "notice",
    "days",
    "a",
    "of",
    ",",
    ".",
]

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=0, max_size=12).map(lambda ws: " ".join(ws))
table = st.lists(st.lists(sentence, min_size=2, max_size=2), min_size=1, max_size=3)
block = st.one_of(sentence, sentence, sentence, table)


@st.composite
def documents(draw: st.DrawFn) -> list[Part]:
    count = draw(st.integers(1, 6))
    parts: list[Part] = [Free(draw(st.lists(sentence, min_size=1, max_size=2)))]
    for index in range(count):
        parts.append(
            Clause(
                f"c{index}",
                draw(st.integers(1, 3)),
                f"Title {index}",
                draw(st.lists(block, min_size=0, max_size=4)),
            )
        )
    parts.append(Free(draw(st.lists(sentence, min_size=0, max_size=2))))
    return parts


def _edit_text(draw: st.DrawFn, text: str) -> str:
    words = text.split(" ") if text else []
    kind = draw(
        st.sampled_from(
            ["replace", "insert", "delete", "rewrite", "keep", "format", "format+replace"]
        )
    )
    if kind == "rewrite" or not words:
        return draw(sentence)
    at = draw(st.integers(0, len(words) - 1))
    if kind == "replace":
        words[at] = draw(word)
    elif kind == "insert":
        words.insert(at, draw(word))
    elif kind == "delete":
        del words[at]
    elif kind.startswith("format"):  # bold toggled (and maybe another word replaced)
        words[at] = words[at].strip("*") if words[at].startswith("*") else f"*{words[at]}*"
        if kind == "format+replace":
            words[draw(st.integers(0, len(words) - 1))] = draw(word)
    return " ".join(words)


def _edit_blocks(draw: st.DrawFn, blocks: list) -> list:
    out = []
    for b in blocks:
        action = draw(st.sampled_from(["keep", "keep", "edit", "drop", "add"]))
        if action == "drop":
            continue
        if action == "add":
            out.append(draw(block))
        if action == "edit":
            if isinstance(b, str):
                b = _edit_text(draw, b)
            else:
                b = [[_edit_text(draw, c) if draw(st.booleans()) else c for c in row] for row in b]
                if draw(st.booleans()):
                    b.insert(draw(st.integers(0, len(b))), draw(table)[0])
                elif len(b) > 1 and draw(st.booleans()):
                    del b[draw(st.integers(0, len(b) - 1))]
        out.append(b)
    if draw(st.booleans()):
        out.insert(draw(st.integers(0, len(out))), draw(block))
    return out


@st.composite
def edited(draw: st.DrawFn, parts: list[Part]) -> list[Part]:
    new: list[Part] = []
    for part in copy.deepcopy(parts):
        if isinstance(part, Free):
            new.append(Free(_edit_blocks(draw, part.blocks)))
            continue
        action = draw(st.sampled_from(["keep", "edit", "edit", "remove", "upgrade"]))
        if action == "remove":
            continue
        if action in ("edit", "upgrade"):
            part.blocks = _edit_blocks(draw, part.blocks)
        if action == "upgrade":
            part.version += 1
        if draw(st.integers(0, 5)) == 0:
            part.title = _edit_text(draw, part.title)
        new.append(part)
    clauses = [p for p in new if isinstance(p, Clause)]
    if len(clauses) > 1 and draw(st.booleans()):  # move one clause
        moved = clauses[draw(st.integers(0, len(clauses) - 1))]
        new.remove(moved)
        new.insert(draw(st.integers(1, len(new) - 1)), moved)
    if draw(st.booleans()):
        new.insert(
            draw(st.integers(1, len(new) - 1)),
            Clause("added", 1, "Added", draw(st.lists(block, max_size=3))),
        )
    return new


def _unmarked(parts: list[Part]) -> list[Part]:
    return [p if isinstance(p, Free) else Free([p.title, *p.blocks]) for p in parts]


def _check(old: list[Part], new: list[Part]) -> None:
    old_bytes, new_bytes = make_docx(old), make_docx(new)
    result = redline_packages(
        open_docx_bytes(old_bytes),
        open_docx_bytes(new_bytes),
        author="Counsel",
        date="2026-03-01T00:00:00Z",
    )
    assert accepted(result.data) == expected_texts(new)
    assert rejected(result.data) == expected_texts(old)
    root = document_xml(result.data)
    marks = list(
        root.iter(w("ins"), w("del"), w("moveFrom"), w("moveTo"), w("rPrChange"), w("pPrChange"))
    )
    ids = [el.get(w("id")) for el in marks]
    assert len(ids) == len(set(ids)) == result.revisions
    assert all(el.get(w("author")) == "Counsel" for el in marks)
    if old == new:
        assert result.revisions == 0
    elif expected_texts(old) != expected_texts(new):
        assert result.revisions > 0
    # same text, other formatting (a word made bold): a formatting change, or none


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accept_gives_new_and_reject_gives_old_with_clause_markers(data: st.DataObject) -> None:
    old = data.draw(documents())
    new = data.draw(edited(old))
    _check(old, new)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accept_gives_new_and_reject_gives_old_without_markers(data: st.DataObject) -> None:
    old = data.draw(documents())
    new = data.draw(edited(old))
    _check(_unmarked(old), _unmarked(new))


@settings(max_examples=10, deadline=None)
@given(documents())
def test_identical_documents_give_no_revisions(parts: list[Part]) -> None:
    _check(parts, copy.deepcopy(parts))
