"""A build runs with the cyclic collector paused and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from mou_builder.util.collector import collector_paused
from mou_builder.workflows import build as build_module

from conftest import EXAMPLES


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_as_before_after(enabled: bool) -> None:
    previous = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("a failed build")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if previous else gc.disable)()


def test_a_build_pauses_the_collector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real_render = build_module.render

    def render(*args: object, **kwargs: object) -> bytes:
        seen.append(gc.isenabled())
        return real_render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "render", render)
    assert gc.isenabled()
    build_module.build(EXAMPLES / "oakview-ca.mou.yaml", tmp_path / "out", fmt="md")
    assert seen == [False] and gc.isenabled()


def test_loading_the_library_pauses_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    from mou_builder.sources import library as library_module

    seen: list[bool] = []
    real_load_model = library_module.load_model

    def load_model(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_load_model(*args, **kwargs)

    monkeypatch.setattr(library_module, "load_model", load_model)
    assert gc.isenabled()
    library = library_module.Library.load()
    assert library.clauses and len(seen) == len(library.clauses)
    assert not any(seen) and gc.isenabled()
