"""`mou accept`: accepted proposals become the next revision of the spec."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mou_builder.cli import mou
from mou_builder.workflows.accept import bump_revision
from mou_builder.workflows.accept.plan import merge3 as _merge3

FIXTURES = Path(__file__).parent / "fixtures" / "review"
LIB = ["--library", str(FIXTURES / "clauses")]


@pytest.fixture(autouse=True)
def _profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_PROFILES", str(FIXTURES / "profiles"))


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    copy = tmp_path / "spec.mou.yaml"
    shutil.copy(FIXTURES / "spec.mou.yaml", copy)
    return copy


def accept(document: str, spec: Path, *args: str):
    out = spec.parent / "next.mou.yaml"
    result = CliRunner().invoke(
        mou, [*LIB, "accept", str(FIXTURES / document), "--spec", str(spec), *args, "-o", str(out)]
    )
    return result, out


def entry(data: dict, clause: str) -> dict | str:
    for item in data["clauses"]:
        if (item.get("id") if isinstance(item, dict) else item.split("@")[0]) == clause:
            return item
    raise KeyError(clause)


def test_a_replaced_parameter_value_becomes_the_new_parameter(spec):
    before = spec.read_text()
    result, out = accept("lo-tracked.docx", spec, "--change", "0", "--change", "1")
    assert result.exit_code == 0, result.output
    assert spec.read_text() == before  # never modified in place
    text = out.read_text()
    data = yaml.safe_load(text)
    hours = entry(data, "sro-hours")
    assert hours["params"]["hours_per_day"] == "eight"
    assert "text" not in hours and "negotiated" not in hours
    assert "# agreed at the first meeting" in text  # comments survive the round trip
    assert "# Fixture agreement for the review tests." in text
    assert data["revision"] == "2"
    assert "parameters hours_per_day: 'six' → 'eight'" in result.output
    assert "ok: 0 error(s)" in result.output


def test_rejected_and_untouched_changes_are_listed(spec):
    result, _ = accept(
        "lo-tracked.docx", spec, "--change", "0", "--change", "1", "--reject", "7", "--reject", "8"
    )
    assert result.exit_code == 0, result.output
    assert "rejected: 7, 8" in result.output
    assert "[3] delete in discipline-boundary" in result.output  # neither accepted nor rejected
    assert "[4] paragraph-insert in discipline-boundary" in result.output


def test_accepted_text_becomes_negotiated_text_with_a_note(spec):
    result, out = accept("lo-tracked.docx", spec, "--change", "2", "--change", "4")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    hours = entry(data, "sro-hours")
    assert hours["version"] == 1
    assert hours["text"] == [
        "The SRO will be on campus for six hours on each day that school is in session.",
        "Before assignment the SRO will complete 40 hours of training on adolescent "
        "development and de-escalation.",
    ]
    assert hours["negotiated"].startswith("from lo-tracked.docx on 20")
    assert hours["negotiated"].endswith("changes 2")
    discipline = entry(data, "discipline-boundary")
    assert discipline["text"][-1] == "The SRO will meet the principal once a month."
    assert "negotiated-text" in result.output  # reported by mou check as a warning


def test_accepting_into_a_locked_clause_fails_the_check(spec):
    result, out = accept("lo-tracked.docx", spec, "--change", "7", "--change", "8")
    assert result.exit_code == 1
    assert not out.exists()  # not written without --allow-errors
    assert "locked statutory language" in result.output
    assert "not written" in result.output
    result, out = accept(
        "lo-tracked.docx", spec, "--change", "7", "--change", "8", "--allow-errors"
    )
    assert result.exit_code == 1
    assert out.exists()  # written, and the check says what is wrong with it


def test_accept_all_with_rejections(spec):
    result, out = accept(
        "lo-tracked.docx", spec, "--all", "--reject", "3", "--reject", "7", "--reject", "8"
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    assert entry(data, "statutory-notice") == "statutory-notice@1"
    discipline = entry(data, "discipline-boundary")
    assert discipline["text"][0].startswith("The SRO will not administer")


def test_untracked_parameter_edit_and_rejected_untracked_edit(spec):
    result, out = accept("lo-untracked.docx", spec, "--change", "u1", "--reject", "u2")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    assert entry(data, "sro-hours")["params"]["training_hours"] == 80
    assert entry(data, "records-access") == "records-access@1"


def test_table_edits_become_table_rows(spec):
    result, out = accept(
        "word-constructs.docx", spec, "--change", "140", "--change", "141", "--change", "142"
    )
    assert result.exit_code == 0, result.output
    contacts = entry(yaml.safe_load(out.read_text()), "contacts")
    assert contacts["params"]["contacts"] == [
        {"role": "Principal", "name": "Lee Park"},
        {"role": "Sergeant", "name": "Ben Cole"},
        {"role": "Counselor", "name": "Kim Vo"},
    ]
    assert "text" not in contacts


def test_a_move_becomes_negotiated_text_in_the_new_order(spec):
    result, out = accept("word-constructs.docx", spec, "--change", "102")
    assert result.exit_code == 0, result.output
    purpose = entry(yaml.safe_load(out.read_text()), "purpose")
    assert purpose["text"][0].startswith("The program is meant")
    assert purpose["text"][1].startswith("This Agreement explains")


def test_output_equal_to_the_spec_is_refused(spec):
    before = spec.read_text()
    result = CliRunner().invoke(
        mou,
        [
            *LIB,
            "accept",
            str(FIXTURES / "lo-tracked.docx"),
            "--spec",
            str(spec),
            "--all",
            "-o",
            str(spec),
        ],
    )
    assert result.exit_code == 2
    assert "is the spec itself" in result.output
    assert spec.read_text() == before


def test_unknown_change_id_is_refused_and_nothing_written(spec):
    result, out = accept("lo-tracked.docx", spec, "--change", "99")
    assert result.exit_code == 2
    assert "no change with id '99'" in result.output
    assert not out.exists()


def test_nothing_named_is_a_usage_error(spec):
    result, out = accept("lo-tracked.docx", spec)
    assert result.exit_code == 2 and "--all" in result.output and not out.exists()


def test_revision_labels():
    assert bump_revision("1") == "2"
    assert bump_revision("draft-3") == "draft-4"
    assert bump_revision("A") == "A.2"


def test_three_way_merge_keeps_one_side_and_takes_the_other():
    base = "The SRO will be on campus for six hours daily."
    sent = "The SRO will be on campus for five hours daily."  # untracked edit reverted
    mine = "The SRO will be on campus for six hours each school day."
    assert _merge3(base, sent, mine) == "The SRO will be on campus for five hours each school day."
    assert _merge3(base, "The SRO will be here.", "The SRO will be there.") is None


def test_a_changed_heading_becomes_the_entry_title(spec, tmp_path):
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(FIXTURES / "sent.docx") as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    heading = next(t for t in root.iter(f"{w}t") if t.text == "Purpose")
    insertion = etree.Element(f"{w}ins", {f"{w}id": "900", f"{w}author": "Agency"})
    run = etree.SubElement(insertion, f"{w}r")
    etree.SubElement(run, f"{w}t").text = " and Scope"
    heading.getparent().addnext(insertion)
    parts["word/document.xml"] = etree.tostring(root)
    returned = tmp_path / "heading.docx"
    with zipfile.ZipFile(returned, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out = tmp_path / "next.mou.yaml"
    result = CliRunner().invoke(
        mou, [*LIB, "accept", str(returned), "--spec", str(spec), "--change", "900", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "purpose: heading changed (changes 900)" in result.output
    purpose = entry(yaml.safe_load(out.read_text()), "purpose")
    assert purpose == {"id": "purpose", "version": 1, "title": "Purpose and Scope"}


@pytest.mark.parametrize("literal", ["Pay 5 * 2 hours {{ district }} now", "A \\ b *c* {% x %}"])
def test_negotiated_text_is_escaped_literally(literal):
    from mou_builder.assembly.textrender import parse_markup, render_string
    from mou_builder.workflows.accept.blocks import escape as _escape

    rendered = render_string(_escape(literal), {})
    assert "".join(span.text for span in parse_markup(rendered)) == literal


def test_review_refuses_a_spec_that_changed_since_the_build(spec):
    text = spec.read_text().replace('revision: "1"', 'revision: "1b"')
    spec.write_text(text)
    args = [*LIB, "review", str(FIXTURES / "sent.docx"), "--spec", str(spec)]
    result = CliRunner().invoke(mou, args)
    assert result.exit_code == 2, result.output
    assert "revision '1'" in result.output and "revision '1b'" in result.output
    result = CliRunner().invoke(mou, [*args, "--spec-mismatch-ok"])
    assert result.exit_code == 0, result.output
    assert "note: the document was built from revision '1' of the spec" in result.output


def test_accept_refuses_a_spec_of_another_agreement(spec):
    spec.write_text(spec.read_text().replace("REVIEW-2026", "OTHER-2026"))
    result, out = accept("lo-tracked.docx", spec, "--all")
    assert result.exit_code == 2, result.output
    assert "'REVIEW-2026'" in result.output and "'OTHER-2026'" in result.output
    assert not out.exists()


def _with_tracked_replacement(source: Path, target: Path, old: str, new: str) -> Path:
    """Copy ``source`` replacing the first run text ``old`` by a tracked del/ins of ``new``."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(source) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    t = next(t for t in root.iter(f"{w}t") if t.text and f" {old} " in t.text)
    head, tail = t.text.split(f" {old} ", 1)
    t.text = head + " "
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run = t.getparent()
    attrs = {f"{w}author": "Agency", f"{w}date": "2026-06-20T00:00:00Z"}
    deletion = etree.Element(f"{w}del", {f"{w}id": "801", **attrs})
    etree.SubElement(etree.SubElement(deletion, f"{w}r"), f"{w}delText").text = old
    insertion = etree.Element(f"{w}ins", {f"{w}id": "802", **attrs})
    etree.SubElement(etree.SubElement(insertion, f"{w}r"), f"{w}t").text = new
    rest = etree.Element(f"{w}r")
    rest_t = etree.SubElement(rest, f"{w}t")
    rest_t.text = " " + tail
    rest_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.addnext(deletion)
    deletion.addnext(insertion)
    insertion.addnext(rest)
    parts["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def test_tracked_change_accepted_while_an_untracked_edit_is_rejected(spec, tmp_path):
    returned = _with_tracked_replacement(
        FIXTURES / "lo-untracked.docx", tmp_path / "mixed.docx", "six", "seven"
    )
    out = tmp_path / "next.mou.yaml"
    result = CliRunner().invoke(
        mou,
        [
            *LIB,
            "accept",
            str(returned),
            "--spec",
            str(spec),
            "--change",
            "801",
            "--change",
            "802",
            "--reject",
            "u1",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    hours = entry(yaml.safe_load(out.read_text()), "sro-hours")
    # the tracked edit is carried; the untracked 40 → 80 is not
    assert hours["params"] == {"hours_per_day": "seven", "training_hours": 40}
    assert "left open" in result.output and "[u2]" in result.output


def test_untracked_edits_of_one_clause_go_together(spec, tmp_path):
    returned = _with_tracked_replacement(
        FIXTURES / "lo-untracked.docx", tmp_path / "mixed.docx", "six", "seven"
    )
    out = tmp_path / "next.mou.yaml"
    result = CliRunner().invoke(
        mou,
        [
            *LIB,
            "accept",
            str(returned),
            "--spec",
            str(spec),
            "--change",
            "801",
            "--change",
            "802",
            "--change",
            "u1",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    hours = entry(yaml.safe_load(out.read_text()), "sro-hours")
    assert hours["params"] == {"hours_per_day": "seven", "training_hours": 80}


def test_accept_all_leaves_untracked_edits_open(spec):
    result, out = accept("lo-untracked.docx", spec, "--all")
    assert result.exit_code == 0, result.output
    assert "accepted: none" in result.output
    assert "[u1] untracked" in result.output and "[u2] untracked" in result.output
    assert entry(yaml.safe_load(out.read_text()), "records-access") == "records-access@1"
    result, out = accept("lo-untracked.docx", spec, "--all", "--include-untracked")
    assert result.exit_code == 0, result.output
    assert "accepted: u1, u2" in result.output


def test_a_replacement_is_accepted_whole(spec):
    result, out = accept("lo-tracked.docx", spec, "--change", "0")
    assert result.exit_code == 0, result.output
    assert "accepted: 0, 1" in result.output
    assert entry(yaml.safe_load(out.read_text()), "sro-hours")["params"]["hours_per_day"] == (
        "eight"
    )
    result, _ = accept("lo-tracked.docx", spec, "--change", "0", "--reject", "1")
    assert result.exit_code == 2
    assert "one replacement" in result.output
