"""The verdict cache: a read-only invocation asked again, with nothing it read changed, prints
the same bytes and exits with the same code without loading click or the models; any change
to what it read (or to how it would run) makes it run again."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mou_builder.cli.verdict import MAGIC, checksum

from conftest import EXAMPLES, MINI_SPEC, PROFILES

HEAVY = ("click", "pydantic", "yaml", "jinja2")
PROBE = f"""
import sys
from mou_builder.cli import main
report, args = sys.argv[1], sys.argv[2:]
try:
    code = main(args)
except SystemExit as exc:
    code = exc.code
finally:
    loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
    with open(report, "w") as handle:
        handle.write(" ".join(loaded))
sys.exit(code)
"""


@dataclass(frozen=True)
class Run:
    out: bytes
    err: bytes
    code: int
    loaded: str  # the heavy packages the run imported

    @property
    def replayed(self) -> bool:
        return self.loaded == ""

    def same_as(self, other: Run) -> bool:
        return (self.out, self.err, self.code) == (other.out, other.err, other.code)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def mou(tmp_path: Path, cache: Path) -> Callable[..., Run]:
    def run(*args: str, cwd: Path = tmp_path, cached: bool = True, **env: str) -> Run:
        report = tmp_path / "loaded.txt"
        environ = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "MOU_TODAY": "2026-08-01",
            "MOU_CACHE_DIR": str(cache) if cached else "off",
            **env,
        }
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(report), *args],
            cwd=cwd,
            env=environ,
            capture_output=True,
            check=False,
            timeout=120,
        )
        return Run(done.stdout, done.stderr, done.returncode, report.read_text())

    return run


@pytest.fixture
def project(tmp_path: Path, mini_library: Path, write_spec: Callable[..., Path]) -> Path:
    """A project directory with its own ./clauses and a spec."""
    write_spec()
    return tmp_path


def _first_second_and_cold(mou: Callable[..., Run], *args: str, **env: str) -> list[Run]:
    return [mou(*args, **env), mou(*args, **env), mou(*args, cached=False, **env)]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "spec.mou.yaml"], 0),
        (["check", "spec.mou.yaml", "--format", "json"], 0),
        (["--library", "clauses", "check", "--matrix", "spec.mou.yaml"], 0),
        (["check", "spec.mou.yaml", "--profile", "ca-bp-3515-31"], 1),
        (["check", "spec.mou.yaml", "--profile", "ca-bp-3515-31", "--format=json"], 1),
        (["check", "missing.mou.yaml"], 2),
    ],
)
def test_a_second_check_replays_the_first_byte_for_byte(
    project: Path, mou: Callable[..., Run], args: list[str], code: int
) -> None:
    first, second, cold = _first_second_and_cold(mou, *args)
    assert cold.code == code
    assert not first.replayed and first.same_as(cold)
    assert second.replayed and second.same_as(cold)


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["check", "--help"], ["clauses", "--help"], ["chek", "--help"]]
)
def test_help_replayed_is_clicks_own_rendering(mou: Callable[..., Run], args: list[str]) -> None:
    first, second, cold = _first_second_and_cold(mou, *args)
    assert (cold.code, bool(cold.out)) in ((0, True), (2, False))  # chek: no such command
    assert second.replayed and second.same_as(cold) and first.same_as(cold)


def test_an_example_check_replays_the_same_findings(mou: Callable[..., Run]) -> None:
    spec = str(EXAMPLES / "oakview-ca.mou.yaml")
    first, second, cold = _first_second_and_cold(mou, "check", spec, "--strict")
    assert cold.code == 1 and b"warning" in cold.out
    assert second.replayed and second.same_as(cold) and first.same_as(cold)


def _edit_spec(project: Path) -> dict[str, str]:
    (project / "spec.mou.yaml").write_text(MINI_SPEC.replace("hours_per_day: 7", "x: 1"))
    return {}


def _edit_clause(project: Path) -> dict[str, str]:
    clause = project / "clauses" / "training.yaml"
    clause.write_text(clause.read_text().replace("youth-focused", "youth-centred"))
    return {}


def _add_clause_file(project: Path) -> dict[str, str]:
    (project / "clauses" / "stray.yaml").write_text("id: stray\n")
    return {}


def _remove_project_library(project: Path) -> dict[str, str]:
    shutil.rmtree(project / "clauses")
    return {}


def _name_a_library(project: Path) -> dict[str, str]:
    other = project / "other"
    shutil.copytree(project / "clauses", other)
    return {"MOU_CLAUSES": str(other)}


def _another_day(project: Path) -> dict[str, str]:
    return {"MOU_TODAY": "2027-08-01"}  # the agreement has expired


def _terminal_width(project: Path) -> dict[str, str]:
    return {"COLUMNS": "60"}


@pytest.mark.parametrize(
    "change",
    [
        _edit_spec,
        _edit_clause,
        _add_clause_file,
        _remove_project_library,
        _name_a_library,
        _another_day,
        _terminal_width,
    ],
)
def test_a_change_to_what_check_read_runs_it_again(
    project: Path, mou: Callable[..., Run], change: Callable[[Path], dict[str, str]]
) -> None:
    mou("check", "spec.mou.yaml")
    assert mou("check", "spec.mou.yaml").replayed
    env = change(project)
    after, again, cold = _first_second_and_cold(mou, "check", "spec.mou.yaml", **env)
    assert not after.replayed and after.same_as(cold)
    assert again.replayed and again.same_as(cold)


def test_a_project_library_appearing_is_seen(
    tmp_path: Path, mou: Callable[..., Run], write_spec: Callable[..., Path], mini_library: Path
) -> None:
    """With no ./clauses the shipped library is used; one created afterwards takes over."""
    write_spec()
    mini_library.rename(tmp_path / "kept")
    before = mou("check", "spec.mou.yaml")
    assert mou("check", "spec.mou.yaml").replayed
    (tmp_path / "kept").rename(tmp_path / "clauses")
    after, cold = mou("check", "spec.mou.yaml"), mou("check", "spec.mou.yaml", cached=False)
    assert not after.replayed and after.same_as(cold) and not after.same_as(before)


def test_an_edited_profile_runs_again(project: Path, mou: Callable[..., Run]) -> None:
    profiles = project / "profiles"
    profiles.mkdir()
    shutil.copy(PROFILES / "ca-bp-3515-31.yaml", profiles)
    args = ("check", "spec.mou.yaml", "--profile", "ca-bp-3515-31")
    mou(*args)
    assert mou(*args).replayed
    profile = profiles / "ca-bp-3515-31.yaml"
    profile.write_text(profile.read_text() + "\n# reviewed\n")
    assert not mou(*args).replayed
    assert mou(*args).replayed


def test_another_working_directory_runs_again(project: Path, mou: Callable[..., Run]) -> None:
    mou("--help")
    assert mou("--help").replayed
    elsewhere = project / "sub"
    elsewhere.mkdir()
    assert not mou("--help", cwd=elsewhere).replayed


def _entry_file(cache: Path) -> Path:
    (entry,) = (cache / "verdicts").iterdir()
    return entry


def _rewrite(file: Path, change: Callable[[tuple], tuple]) -> None:
    """Change an entry's content and sign it again, as a well-formed but stale entry."""
    data = file.read_bytes()
    body = data[len(MAGIC) + 65 :]
    entry = change(marshal.loads(body))
    body = marshal.dumps(entry)
    file.write_bytes(MAGIC + checksum(entry[0], body) + b"\n" + body)


def test_changed_mou_code_runs_again(project: Path, mou: Callable[..., Run], cache: Path) -> None:
    """Each mou module that made the verdict is stamped (size and modification time)."""
    first = mou("--help")
    file = _entry_file(cache)
    _rewrite(file, lambda e: (*e[:6], tuple((p, s + 1, m) for p, s, m in e[6])))
    after = mou("--help")
    assert not after.replayed and after.same_as(first)
    assert mou("--help").replayed


def test_a_replay_with_a_changed_output_is_possible_only_through_a_valid_entry(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    """The test above is not vacuous: a re-signed entry with intact stamps is replayed as is."""
    mou("--help")
    _rewrite(_entry_file(cache), lambda e: (e[0], e[1], ((1, b"forged\n"),), *e[3:]))
    assert mou("--help").out == b"forged\n"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"mou-verdict-0\n" + data[len(MAGIC) :],  # another format
        lambda data: b"",  # empty
        lambda data: os.urandom(len(data)),  # noise
    ],
)
def test_a_damaged_entry_is_ignored_and_written_again(
    project: Path, mou: Callable[..., Run], cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    cold = mou("check", "spec.mou.yaml", cached=False)
    mou("check", "spec.mou.yaml")
    file = _entry_file(cache)
    file.write_bytes(damage(file.read_bytes()))
    after = mou("check", "spec.mou.yaml")
    assert not after.replayed and after.same_as(cold)
    again = mou("check", "spec.mou.yaml")
    assert again.replayed and again.same_as(cold)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_an_entry_that_is_not_a_regular_file_is_ignored_and_replaced(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    """A named pipe where the entry was would block a reader forever."""
    cold = mou("--help", cached=False)
    mou("--help")
    file = _entry_file(cache)
    file.unlink()
    os.mkfifo(file)
    after = mou("--help")
    assert not after.replayed and after.same_as(cold)
    assert mou("--help").replayed


def test_the_cache_switch_turns_verdicts_off(mou: Callable[..., Run], cache: Path) -> None:
    mou("--help", cached=False)
    assert not mou("--help", cached=False).replayed
    assert not (cache / "verdicts").exists()


def test_the_verdict_switch_turns_only_verdicts_off(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    for _ in range(2):
        assert not mou("check", "spec.mou.yaml", MOU_VERDICTS="off").replayed
    assert not (cache / "verdicts").exists()
    assert (cache / "parsed").is_dir()  # the parsed inputs are still cached


def test_commands_that_write_are_never_replayed(
    project: Path, mou: Callable[..., Run], cache: Path
) -> None:
    for _ in range(2):
        run = mou("build", "spec.mou.yaml", "-o", str(project / "out") + "/")
        assert not run.replayed
    assert not (cache / "verdicts").exists()
