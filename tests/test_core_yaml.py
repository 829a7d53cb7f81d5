"""Safe YAML loading: locations on every error, hostile constructs refused."""

from __future__ import annotations

import pytest

from mou_builder.errors import InputError
from mou_builder.sources import yamlio


def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        yamlio.loads(text, "x.yaml")
    return info.value


def test_values_remember_their_line_and_column() -> None:
    data = yamlio.loads("a: 1\nb:\n  - x\n  - {c: 2}\n", "x.yaml")
    assert data.key_marks["b"] == (2, 1)
    assert yamlio.locate(data, ("b", 1, "c")) == (4, 9)


def test_malformed_yaml_names_the_position() -> None:
    error = error_of("a: [1, 2\n")
    assert str(error).startswith("x.yaml:2:1: malformed YAML")


def test_python_tags_are_refused() -> None:
    error = error_of("a: !!python/object/apply:os.system ['echo hi']\n")
    assert "unsupported tag" in error.message
    assert error.location is not None and error.location.line == 1


def test_duplicate_keys_are_refused() -> None:
    error = error_of("a: 1\nb: 2\na: 3\n")
    assert error.message == "duplicate key 'a'"
    assert str(error.location) == "x.yaml:3:1"


def test_alias_bomb_is_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    error = error_of("\n".join(lines))
    assert "expands to more than" in error.message


def test_small_aliases_are_fine() -> None:
    data = yamlio.loads("base: &b {x: 1}\nother: *b\n", "x.yaml")
    assert data["other"] == {"x": 1}


def test_non_utf8_file_is_refused(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: \xff\xfe\n")
    with pytest.raises(InputError, match="not UTF-8"):
        yamlio.load(path)
