"""Where the clause library and the profiles come from, in the order the README states:
the option, then the environment variable, then the project's own folder, then the data
shipped inside the package. A directory named explicitly must exist and hold files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mou_builder.errors import InputError
from mou_builder.sources import shipped

from conftest import MINI_CLAUSES, write_library


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with no environment overrides."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MOU_CLAUSES", raising=False)
    monkeypatch.delenv("MOU_PROFILES", raising=False)
    return tmp_path


def test_with_nothing_given_the_shipped_data_is_used(elsewhere):
    library = shipped.clause_library()
    assert library.source == "shipped"
    assert (library.path / "purpose.yaml").is_file()
    assert shipped.profile_directory().source == "shipped"
    assert shipped.shipped_template().is_file()


def test_a_projects_own_clauses_folder_comes_before_the_shipped_one(elsewhere):
    write_library(elsewhere / "clauses", MINI_CLAUSES)
    assert shipped.clause_library() == shipped.Located(Path("clauses"), "project")


def test_an_empty_clauses_folder_is_not_a_library(elsewhere):
    (elsewhere / "clauses").mkdir()
    assert shipped.clause_library().source == "shipped"


def test_the_environment_comes_before_the_project_folder(elsewhere, monkeypatch):
    write_library(elsewhere / "clauses", MINI_CLAUSES)
    other = write_library(elsewhere / "other", MINI_CLAUSES)
    monkeypatch.setenv("MOU_CLAUSES", str(other))
    assert shipped.clause_library() == shipped.Located(other, "environment")


def test_the_option_comes_before_the_environment(elsewhere, monkeypatch):
    first = write_library(elsewhere / "first", MINI_CLAUSES)
    monkeypatch.setenv("MOU_CLAUSES", str(write_library(elsewhere / "env", MINI_CLAUSES)))
    assert shipped.clause_library(first) == shipped.Located(first, "option")


@pytest.mark.parametrize("where", ["option", "environment"])
@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_named_library_that_is_missing_or_empty_is_refused(elsewhere, monkeypatch, where, state):
    named = elsewhere / "lib"
    if state == "empty":
        named.mkdir()
    if where == "environment":
        monkeypatch.setenv("MOU_CLAUSES", str(named))
    with pytest.raises(InputError) as caught:
        shipped.clause_library(named if where == "option" else None)
    message = str(caught.value)
    assert str(named) in message and "lookup order" in message
    assert ("--library" if where == "option" else "$MOU_CLAUSES") in message


@pytest.mark.parametrize("env", [False, True])
def test_the_cli_refuses_a_bad_library_in_one_line_with_exit_2(elsewhere, runner, env):
    from mou_builder.cli import mou

    args = ["clauses", "list"] if env else ["--library", "nowhere", "clauses", "list"]
    result = runner.invoke(mou, args, env={"MOU_CLAUSES": "nowhere"} if env else None)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mou: error: nowhere: clause library not found")
    assert "lookup order: --library DIR, then $MOU_CLAUSES" in lines[0]


def test_a_bad_profile_directory_is_refused(elsewhere, runner, monkeypatch):
    from mou_builder.cli import mou

    monkeypatch.setenv("MOU_PROFILES", "nowhere")
    result = runner.invoke(mou, ["profiles", "list"])
    assert result.exit_code == 2
    assert "profile directory not found (named by $MOU_PROFILES)" in result.stderr
