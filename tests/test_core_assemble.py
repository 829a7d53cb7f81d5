"""Assembling a spec against the library: numbering, parameters, references, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble
from mou_builder.errors import InputError, InputErrors
from mou_builder.model.agreement import Table
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec

from conftest import MINI_SPEC


def build(spec: Path, library: Path):
    return assemble(load_spec(spec), Library.load(library))


def test_sections_are_numbered_in_spec_order(write_spec, mini_library) -> None:
    agreement = build(write_spec(), mini_library)
    assert [(s.number, s.clause_id) for s in agreement.sections] == [
        (1, "purpose"),
        (2, "rules-of-duty"),
        (3, "hours"),
        (4, "records"),
        (5, "training"),
    ]


def test_parameters_and_builtins_are_filled(write_spec, mini_library) -> None:
    agreement = build(write_spec(), mini_library)
    purpose = agreement.sections[0].paragraphs[0].text
    assert purpose.startswith("Lakeside School District and Lakeside Police Department agree")
    hours = agreement.section_for("hours")
    assert hours is not None
    assert hours.paragraphs[0].text == "The officer works 7 hours a school day."
    table = hours.blocks[1]
    assert isinstance(table, Table)
    assert table.columns == ["School", "Hours"] and table.rows == [["Lakeside High", "30"]]
    records = agreement.section_for("records")
    assert records is not None and "Requests go to the records office." in records.text


def test_cross_references_become_section_numbers(write_spec, mini_library) -> None:
    agreement = build(write_spec(), mini_library)
    assert agreement.sections[0].paragraphs[1].text == "Duties are limited as Section 2 provides."


def test_items_and_emphasis_are_kept(write_spec, mini_library) -> None:
    agreement = build(write_spec(), mini_library)
    duties = agreement.section_for("rules-of-duty")
    assert duties is not None
    assert [p.kind for p in duties.paragraphs] == ["text", "item", "item"]
    training = agreement.section_for("training")
    assert training is not None
    assert any(run.italic and run.text == "youth-focused" for run in training.paragraphs[0].runs)


def test_a_missing_parameter_is_a_recorded_blank(write_spec, mini_library) -> None:
    agreement = build(
        write_spec(MINI_SPEC.replace("  contact: the records office\n", "")), mini_library
    )
    records = agreement.section_for("records")
    assert records is not None
    assert records.blanks == ["contact"]
    assert "[contact]" in records.text


def test_unpinned_clause_resolves_to_latest_approved(write_spec, mini_library) -> None:
    agreement = build(write_spec(MINI_SPEC.replace("- training@1", "- training")), mini_library)
    training = agreement.section_for("training")
    assert training is not None and training.version == 1 and not training.pinned


def test_dangling_reference_is_a_finding(write_spec, mini_library) -> None:
    agreement = build(write_spec(MINI_SPEC.replace("  - rules-of-duty@1\n", "")), mini_library)
    assert [f.rule for f in agreement.findings] == ["dangling-reference"]
    assert "[Section: rules-of-duty]" in agreement.sections[0].text


def errors_for(spec_text: str, write_spec, mini_library) -> list[str]:
    with pytest.raises(InputError) as info:
        build(write_spec(spec_text), mini_library)
    errors = info.value.errors if isinstance(info.value, InputErrors) else [info.value]
    return [str(e) for e in errors]


def test_all_spec_errors_are_reported_at_once_with_locations(write_spec, mini_library) -> None:
    bad = (
        MINI_SPEC.replace("purpose@1", "purpse@1")
        .replace("hours_per_day: 7", "hours_per_day: 70")
        .replace("training@1", "training@9")
    )
    errors = errors_for(bad, write_spec, mini_library)
    assert len(errors) == 3
    assert any(":18:5: unknown clause 'purpse'; did you mean 'purpose'?" in e for e in errors)
    assert any(
        ":23:7: parameter 'hours_per_day' of clause 'hours': 70 is above the maximum 12" in e
        for e in errors
    )
    assert any(
        ":27:5: clause 'training' has no version 9; available versions: 1" in e for e in errors
    )


def test_wrong_parameter_type_is_an_error(write_spec, mini_library) -> None:
    errors = errors_for(
        MINI_SPEC.replace("hours_per_day: 7", "hours_per_day: seven"), write_spec, mini_library
    )
    assert "expected a whole number, got str 'seven'" in errors[0]


def test_unknown_parameter_is_an_error(write_spec, mini_library) -> None:
    errors = errors_for(
        MINI_SPEC.replace("hours_per_day: 7", "hours_a_day: 7"), write_spec, mini_library
    )
    assert "clause 'hours' v2 has no parameter 'hours_a_day'; its parameters:" in errors[0]


def test_unknown_spec_key_is_an_error(write_spec: Callable[..., Path], mini_library) -> None:
    errors = errors_for(MINI_SPEC.replace("profiles: []", "profils: []"), write_spec, mini_library)
    assert len(errors) == 1
    assert errors[0].endswith(":4:1: unknown key 'profils'; remove it or check its spelling")


def test_top_level_must_be_a_mapping(write_spec, mini_library) -> None:
    errors = errors_for("- just\n- a list\n", write_spec, mini_library)
    assert "expected a mapping at the top level, got a list" in errors[0]


def test_clause_listed_twice_is_an_error(write_spec, mini_library) -> None:
    errors = errors_for(MINI_SPEC + "  - purpose@1\n", write_spec, mini_library)
    assert "clause 'purpose' is listed twice" in errors[0]


def test_paragraphs_of_the_same_text_share_no_list_of_runs() -> None:
    from mou_builder.assembly.assembler import _paragraph

    first, second = (
        _paragraph("The **officer** shall", "text"),
        _paragraph("The **officer** shall", "item"),
    )
    assert first.runs == second.runs and [r.bold for r in first.runs] == [False, True, False]
    first.runs.append(first.runs[0])
    assert len(second.runs) == 3 and second.kind == "item"
    assert _paragraph("", "text").runs == []
