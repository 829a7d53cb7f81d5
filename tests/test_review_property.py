"""Property: any single-run edit of a built document's clause text, made without Track
Changes (text inserted, text deleted, the run formatted hidden), is reported by review."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mou_builder.ooxml.read import read_returned
from mou_builder.sources.library import Library
from mou_builder.workflows.review import review

FIXTURES = Path(__file__).parent / "fixtures" / "review"
SENT = FIXTURES / "sent.docx"
SPEC = FIXTURES / "spec.mou.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _clause_positions() -> frozenset[int]:
    """Positions (in ``iter(p, tbl)`` order) of the body blocks that belong to a clause."""
    doc = read_returned(SENT)
    mine = {id(b.element) for b in doc.blocks if b.clause is not None and b.para is not None}
    root = doc.blocks[0].element.getroottree().getroot()
    return frozenset(i for i, el in enumerate(root.iter(f"{W}p", f"{W}tbl")) if id(el) in mine)


POSITIONS = _clause_positions()
with zipfile.ZipFile(SENT) as _archive:
    PARTS = {n: _archive.read(n) for n in _archive.namelist()}


def _clause_runs(root: etree._Element) -> list[etree._Element]:
    """Runs with text in the clauses, in document order (the same order in every copy)."""
    found = []
    for index, element in enumerate(root.iter(f"{W}p", f"{W}tbl")):
        if index in POSITIONS:
            found.extend(r for r in element.iter(f"{W}r") if (r.findtext(f"{W}t") or "").strip())
    return found


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(FIXTURES / "clauses")


def _edited(op: str, pick: int, at: int, word: str) -> bytes:
    root = etree.fromstring(PARTS["word/document.xml"])
    runs = _clause_runs(root)
    run = runs[pick % len(runs)]
    text = run.find(f"{W}t")
    assert text is not None
    value = text.text or ""
    cut = at % (len(value) + 1)
    if op == "insert":
        text.text = value[:cut] + " " + word + " " + value[cut:]
    elif op == "delete":
        text.text = ""
    else:
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(run, f"{W}rPr")
            run.remove(rpr)
            run.insert(0, rpr)
        etree.SubElement(rpr, f"{W}vanish")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS.items():
            if name == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            archive.writestr(name, data)
    return buffer.getvalue()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    op=st.sampled_from(["insert", "delete", "hidden"]),
    pick=st.integers(min_value=0, max_value=10_000),
    at=st.integers(min_value=0, max_value=500),
    word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
)
def test_any_single_run_edit_is_reported(
    library, tmp_path_factory, op: str, pick: int, at: int, word: str
):
    path = tmp_path_factory.mktemp("edit") / "edited.docx"
    path.write_bytes(_edited(op, pick, at, word))
    result = review(path, spec=SPEC, library=library, flags=False)
    untracked = [c for c in result.changes if c.kind == "untracked"]
    assert untracked or result.findings, (op, pick, at, word)
