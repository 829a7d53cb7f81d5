"""Writes made in the background (batch workers): whole, in order, failures given back."""

from __future__ import annotations

from pathlib import Path

from mou_builder.util.atomic import write_bytes_atomic, written_in_background


def test_every_write_is_finished_when_the_block_ends(tmp_path: Path) -> None:
    targets = [tmp_path / "out" / f"{n}.docx" for n in range(20)]
    with written_in_background() as failed:
        for n, target in enumerate(targets):
            write_bytes_atomic(target, b"x" * (n + 1) * 10_000)
    assert failed == {}
    assert [len(t.read_bytes()) for t in targets] == [(n + 1) * 10_000 for n in range(20)]
    assert not list((tmp_path / "out").glob(".*.tmp"))  # no temporary file left


def test_a_failed_write_is_given_back_by_path_and_the_others_are_made(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a directory")
    bad, good = tmp_path / "taken" / "a.docx", tmp_path / "b.docx"
    with written_in_background() as failed:
        write_bytes_atomic(bad, b"one")
        write_bytes_atomic(good, b"two")
    assert list(failed) == [str(bad)] and "cannot write" in failed[str(bad)].message
    assert good.read_bytes() == b"two" and not bad.exists()


def test_outside_the_block_a_write_is_made_at_once(tmp_path: Path) -> None:
    with written_in_background():
        pass
    write_bytes_atomic(tmp_path / "now.docx", b"now")
    assert (tmp_path / "now.docx").read_bytes() == b"now"
