"""What a user meets first: help that shows an example, whole command descriptions, and
mistakes (a misspelt command or profile, a bad date, a tab) answered with the fix."""

from __future__ import annotations

import pytest

from mou_builder.cli import COMMANDS, mou
from mou_builder.cli.examples import EXAMPLES

from conftest import EXAMPLES as EXAMPLE_DIR


def test_every_command_has_an_example():
    assert set(EXAMPLES) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_commands_help_ends_with_its_example(runner, name):
    result = runner.invoke(mou, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert EXAMPLES[name] in result.output.replace("\n", " ")


def test_the_command_list_gives_each_description_whole(runner):
    result = runner.invoke(mou, ["--help"])
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands
    flat = " ".join(result.output.split())
    assert "List the agreements under DIRECTORY, most urgent first (expired, then soonest" in flat


@pytest.mark.parametrize(("typed", "meant"), [("chek", "check"), ("reveiw", "review")])
def test_a_misspelt_command_names_the_closest(runner, typed, meant):
    result = runner.invoke(mou, [typed])
    assert result.exit_code == 2
    assert f"no such command '{typed}'; did you mean '{meant}'?" in result.output


def test_a_state_name_given_as_a_profile_names_that_states_profile(runner):
    spec = str(EXAMPLE_DIR / "oakview-ca.mou.yaml")
    result = runner.invoke(mou, ["check", spec, "--profile", "washington"])
    assert result.exit_code == 2
    assert "did you mean 'wa-rcw-28a-320-124' (Washington)?" in result.stderr


@pytest.mark.parametrize("spelling", ["--color", "--colour"])
def test_both_spellings_of_color_are_accepted_by_every_command_that_colours(
    runner, mini_library, write_spec, spelling
):
    spec = write_spec()
    for args in (["diff", str(spec), str(spec)], ["upgrade", str(spec)]):
        result = runner.invoke(mou, ["--library", str(mini_library), *args, spelling])
        assert result.exit_code == 0, result.output
        result = runner.invoke(mou, ["--library", str(mini_library), *args, "--no-" + spelling[2:]])
        assert result.exit_code == 0, result.output


def test_an_impossible_date_is_refused_at_its_line_and_column(runner, mini_library, write_spec):
    from conftest import MINI_SPEC

    spec = write_spec(MINI_SPEC.replace("date: 2026-06-01", "date: 2026-13-01"))
    result = runner.invoke(mou, ["--library", str(mini_library), "check", str(spec)])
    assert result.exit_code == 2
    assert f"{spec}:3:7: '2026-13-01' is not a valid date" in result.stderr
    assert "YYYY-MM-DD" in result.stderr


def test_a_tab_in_the_indentation_is_named(runner, mini_library, write_spec):
    from conftest import MINI_SPEC

    spec = write_spec(MINI_SPEC.replace("  district:\n", "\tdistrict:\n"))
    result = runner.invoke(mou, ["--library", str(mini_library), "check", str(spec)])
    assert result.exit_code == 2
    assert "a tab character is used for indentation" in result.stderr
    assert f"{spec}:6:1:" in result.stderr  # the line of "\tdistrict:"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_command_list_summary_is_the_commands_own(name):
    import click

    from mou_builder.cli import SUMMARIES

    command = mou.get_command(click.Context(mou), name)
    assert command is not None and not command.hidden
    assert SUMMARIES[name] == command.get_short_help_str(limit=200)
