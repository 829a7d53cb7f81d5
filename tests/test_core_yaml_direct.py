"""Documents without anchors are built node by node: the same marked data, the same errors,
as the general constructor gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from mou_builder.errors import InputError
from mou_builder.sources import yamlio
from mou_builder.sources.marked import MarkedDict, MarkedList

from conftest import EXAMPLES

DATA = Path(yamlio.__file__).parents[1] / "data"
FILES = sorted([*EXAMPLES.glob("*.yaml"), *DATA.glob("*/*.yaml")])

CASES = [
    "",
    "a: 1\nb: [x, {c: 2.5, d: null, e: true, f: yes, g: 0x1f, h: .inf}]\n",
    "when: 2026-06-30\nat: 2026-06-30 10:00:00\n",
    "when: 2026-02-30\n",
    "a: 1\na: 2\n",
    "? [1, 2]\n: x\n",
    "1: one\n2.5: two\ntrue: three\n~: four\n",
    "<<: {a: 1, b: 2}\nb: 3\n",
    "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\np: !!pairs [{a: 1}]\n",
    "b: !!binary aGVsbG8=\n",
    "x: !!python/object:os.system ls\n",
    "x: !custom 1\n",
    "- - - deep\n    - [1, [2, [3]]]\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
    "quoted: 'it''s'\ndouble: \"tab\\there\"\n",
    "key: [unclosed\n",
]


def _same(a: object, b: object) -> None:
    assert a == b and type(a) is type(b)
    if isinstance(a, MarkedDict) and isinstance(b, MarkedDict):
        assert (a.mark, a.key_marks, a.value_marks) == (b.mark, b.key_marks, b.value_marks)
        for key in a:
            _same(a[key], b[key])
    if isinstance(a, MarkedList) and isinstance(b, MarkedList):
        assert (a.mark, a.item_marks) == (b.mark, b.item_marks)
        for x, y in zip(a, b, strict=True):
            _same(x, y)


@pytest.fixture
def general(monkeypatch: pytest.MonkeyPatch) -> object:
    """``loads`` as a document with anchors takes it: through the general constructor."""
    direct = yamlio._MarkedLoader.construct_direct

    def load(text: str) -> object:
        with monkeypatch.context() as patch:
            patch.setattr(
                yamlio._MarkedLoader, "construct_direct", yamlio._MarkedLoader.construct_document
            )
            return yamlio.loads(text)

    assert yamlio._MarkedLoader.construct_direct is direct
    return load


def _outcome(load: object, text: str) -> tuple[str, object]:
    try:
        return "ok", load(text)  # type: ignore[operator]
    except InputError as exc:
        return "error", str(exc).replace("<string>", "x")


@pytest.mark.parametrize("text", CASES)
def test_a_document_is_built_as_the_general_constructor_builds_it(
    text: str, general: object
) -> None:
    direct, expected = _outcome(yamlio.loads, text), _outcome(general, text)
    assert direct[0] == expected[0], (direct, expected)
    if direct[0] == "ok":
        _same(direct[1], expected[1])
    else:
        assert direct[1] == expected[1]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shipped_and_example_file_is_built_the_same(path: Path, general: object) -> None:
    text = path.read_text(encoding="utf-8")
    _same(yamlio.loads(text), general(text))  # type: ignore[operator]


def test_only_a_document_with_an_anchor_takes_the_general_constructor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def general_map(self: object, node: object) -> object:
        raise AssertionError("the general constructor was used")

    constructors = yamlio._MarkedLoader.yaml_constructors
    monkeypatch.setitem(constructors, "tag:yaml.org,2002:map", general_map)
    assert yamlio.loads("a: {b: [1, {c: 2}]}\n") == {"a": {"b": [1, {"c": 2}]}}
    with pytest.raises(AssertionError, match="general constructor"):
        yamlio.loads("a: &x {b: 1}\nc: *x\n")
