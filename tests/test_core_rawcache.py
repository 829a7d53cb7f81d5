"""The parsed-YAML cache: a hit is the same marked data; a bad cache file is ignored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mou_builder.sources import rawcache, yamlio

TEXT = "id: x\nwhen: 2025-01-02\nlist:\n  - a\n  - {b: 1, c: [1.5, null, true]}\n"


def _fresh(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    monkeypatch.setenv("MOU_CACHE_DIR", str(cache))
    monkeypatch.setattr(rawcache, "_OPEN", {})
    monkeypatch.setattr(rawcache, "_BY_DIRECTORY", {})


def _same(a: object, b: object) -> None:
    assert a == b and type(a) is type(b)
    if isinstance(a, yamlio.MarkedDict) and isinstance(b, yamlio.MarkedDict):
        assert (a.mark, a.key_marks, a.value_marks) == (b.mark, b.key_marks, b.value_marks)
        for key in a:
            _same(a[key], b[key])
    if isinstance(a, yamlio.MarkedList) and isinstance(b, yamlio.MarkedList):
        assert (a.mark, a.item_marks) == (b.mark, b.item_marks)
        for x, y in zip(a, b, strict=True):
            _same(x, y)


def test_a_hit_is_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "in" / "x.yaml"
    source.parent.mkdir()
    source.write_text(TEXT)
    _fresh(monkeypatch, tmp_path / "cache")
    first = rawcache.load(source)
    rawcache.flush()
    assert list((tmp_path / "cache" / "parsed").glob("*.json"))
    _fresh(monkeypatch, tmp_path / "cache")
    second = rawcache.load(source)
    _same(first, yamlio.load(source))
    _same(second, yamlio.load(source))
    assert isinstance(second, dict) and second["when"] == dt.date(2025, 1, 2)


def test_an_edit_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "x.yaml"
    source.write_text(TEXT)
    _fresh(monkeypatch, tmp_path / "cache")
    rawcache.load(source)
    rawcache.flush()
    source.write_text(TEXT.replace("id: x", "id: y"))
    _fresh(monkeypatch, tmp_path / "cache")
    assert rawcache.load(source)["id"] == "y"  # type: ignore[index]


@pytest.mark.parametrize(
    "junk",
    [b"\x80\x00 not json", b"[]", b'{"salt": 1}', b"", b"{" * 100_000],
)
def test_a_bad_cache_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, junk: bytes
) -> None:
    source = tmp_path / "x.yaml"
    source.write_text(TEXT)
    _fresh(monkeypatch, tmp_path / "cache")
    rawcache.load(source)
    rawcache.flush()
    (cached,) = (tmp_path / "cache" / "parsed").glob("*.json")
    cached.write_bytes(junk)
    _fresh(monkeypatch, tmp_path / "cache")
    _same(rawcache.load(source), yamlio.load(source))


def test_a_foreign_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "x.yaml"
    source.write_text(TEXT)
    _fresh(monkeypatch, tmp_path / "cache")
    rawcache.load(source)
    cache = next(iter(rawcache._OPEN.values()))
    digest = cache.entries["x.yaml"][0]
    for entry in (["d", "a", 1, []], ["z"], {"a": 1}, ["d", 1, 1, [[1, 1, 1, 1, 1, 1]]]):
        cache.entries["x.yaml"] = [digest, entry]
        assert cache.get("x.yaml", digest) is None


def test_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "x.yaml"
    source.write_text(TEXT)
    _fresh(monkeypatch, tmp_path / "cache")
    monkeypatch.setenv("MOU_CACHE_DIR", "off")
    _same(rawcache.load(source), yamlio.load(source))
    rawcache.flush()
    assert not (tmp_path / "cache").exists()


def test_old_directory_caches_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rawcache, "KEEP", 3)
    for n in range(5):
        source = tmp_path / f"in{n}" / "x.yaml"
        source.parent.mkdir()
        source.write_text(TEXT)
        _fresh(monkeypatch, tmp_path / "cache")
        rawcache.load(source)
        rawcache.flush()
    assert len(list((tmp_path / "cache" / "parsed").glob("*.json"))) == 3
