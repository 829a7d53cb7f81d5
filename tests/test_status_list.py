"""`mou status`: every agreement under a directory, most urgent first, states and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mou_builder.cli import mou
from mou_builder.sources.specfile import load_spec
from mou_builder.workflows.final import FORMAT

from conftest import MINI_SPEC

# MOU_TODAY is pinned to 2026-08-01 by conftest.


def spec_text(ident: str, expires: str, *, blank: bool = False) -> str:
    text = MINI_SPEC.replace("id: MINI-2026", f"id: {ident}").replace(
        "expires: 2027-06-30", f"expires: {expires}"
    )
    if blank:
        text = text.replace("  contact: the records office\n", "")
    return text


def make_tree(root: Path) -> None:
    (root / "north").mkdir(parents=True)
    (root / "south").mkdir()
    (root / ".hidden").mkdir()
    (root / "north" / "far.mou.yaml").write_text(spec_text("FAR", "2028-06-30"))
    (root / "north" / "soon.mou.yaml").write_text(spec_text("SOON", "2026-09-30"))
    (root / "south" / "gone.mou.yaml").write_text(spec_text("GONE", "2026-07-31"))
    (root / "south" / "draft.mou.yaml").write_text(spec_text("DRAFTY", "2027-01-31", blank=True))
    (root / "south" / "broken.mou.yaml").write_text("id: BROKEN\ntitle: [unclosed\n")
    (root / ".hidden" / "skip.mou.yaml").write_text(spec_text("HIDDEN", "2026-08-02"))


def run_status(library: Path, root: Path, *args: str):
    return CliRunner().invoke(mou, ["--library", str(library), "status", str(root), *args])


def test_sorted_by_urgency_with_invalid_last(mini_library, tmp_path) -> None:
    root = tmp_path / "agreements"
    make_tree(root)
    result = run_status(mini_library, root, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == ["GONE", "SOON", "DRAFTY", "FAR", None]
    assert [r["days_to_expiry"] for r in rows[:4]] == [-1, 60, 183, 699]
    assert rows[-1]["state"] == "invalid" and rows[-1]["path"] == "south/broken.mou.yaml"


def test_states_and_fields(mini_library, tmp_path) -> None:
    root = tmp_path / "agreements"
    make_tree(root)
    rows = {
        r["id"]: r for r in json.loads(run_status(mini_library, root, "--format", "json").output)
    }
    assert rows["FAR"]["state"] == "checked"
    assert rows["DRAFTY"]["state"] == "draft" and rows["DRAFTY"]["errors"] == 1
    far = rows["FAR"]
    assert far["parties"] == {
        "district": "Lakeside School District",
        "agency": "Lakeside Police Department",
    }
    assert far["effective"] == "2026-07-01" and far["expires"] == "2028-06-30"
    assert far["profiles"] == [] and far["final"] is None
    assert "HIDDEN" not in rows


def test_a_bad_spec_is_one_line_not_a_crash(mini_library, tmp_path) -> None:
    root = tmp_path / "agreements"
    make_tree(root)
    result = run_status(mini_library, root)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("invalid: "))
    assert "broken.mou.yaml:3:1: malformed YAML" in line
    assert "Traceback" not in result.output


def test_text_table_shows_expired_first(mini_library, tmp_path) -> None:
    root = tmp_path / "agreements"
    make_tree(root)
    lines = run_status(mini_library, root).output.splitlines()
    assert lines[0].split()[:4] == ["STATE", "DAYS", "EXPIRES", "ID"]
    assert "GONE" in lines[1] and "expired 1d ago" in lines[1]
    assert "SOON" in lines[2]


def test_final_when_a_manifest_records_the_spec_hash(mini_library, tmp_path) -> None:
    root = tmp_path / "agreements"
    make_tree(root)
    spec_hash = load_spec(root / "north" / "far.mou.yaml").hash
    final_dir = root / "final"
    final_dir.mkdir()
    (final_dir / "FAR-final.manifest.json").write_text(
        json.dumps(
            {
                "format": FORMAT,
                "kind": "final",
                "agreement": "FAR",
                "spec": {"file": "far.mou.yaml", "hash": spec_hash},
                "document": {"file": "FAR-final.docx", "sha256": "sha256:" + "0" * 64},
            }
        )
    )
    rows = {
        r["id"]: r for r in json.loads(run_status(mini_library, root, "--format", "json").output)
    }
    assert rows["FAR"]["state"] == "final"
    assert rows["FAR"]["final"].endswith("FAR-final.docx")
    # a spec edited after approval is no longer the final one
    far = root / "north" / "far.mou.yaml"
    far.write_text(far.read_text().replace("revision", "revision") + "# amended\n")
    rows = {
        r["id"]: r for r in json.loads(run_status(mini_library, root, "--format", "json").output)
    }
    assert rows["FAR"]["state"] == "checked"


def test_empty_directory(mini_library, tmp_path) -> None:
    result = run_status(mini_library, tmp_path)
    assert result.exit_code == 0 and "no agreements" in result.output
    assert json.loads(run_status(mini_library, tmp_path, "--format", "json").output) == []


def test_missing_directory_is_exit_two(mini_library, tmp_path) -> None:
    result = run_status(mini_library, tmp_path / "nope")
    assert result.exit_code == 2


# --------------------------------------------------------------------------- one agreement,
# its revisions, its predecessor, its deadlines


def test_revision_files_of_one_agreement_are_one_row(mini_library, tmp_path) -> None:
    root = tmp_path / "agreements"
    root.mkdir()
    first = spec_text("LAKE-2026", "2027-06-30")
    (root / "lake.mou.yaml").write_text(first)
    (root / "lake-r2.mou.yaml").write_text(first.replace("\ntitle:", '\nrevision: "2"\ntitle:', 1))
    (root / "lake-r3.mou.yaml").write_text(first.replace("\ntitle:", '\nrevision: "3"\ntitle:', 1))
    rows = json.loads(run_status(mini_library, root, "--format", "json").output)
    assert [r["id"] for r in rows] == ["LAKE-2026"]
    assert rows[0]["revision"] == "3" and rows[0]["path"] == "lake-r3.mou.yaml"
    assert [r["revision"] for r in rows[0]["revisions"]] == ["1", "2", "3"]
    text = run_status(mini_library, root).output
    assert "LAKE-2026: 3 revisions: 1 (lake.mou.yaml), 2 (lake-r2.mou.yaml), 3" in text


def test_last_years_agreement_is_superseded_and_a_gap_is_named(mini_library, tmp_path) -> None:
    root = tmp_path / "agreements"
    root.mkdir()
    last = (
        spec_text("LAKE-2025", "2026-06-15")
        .replace("effective: 2026-07-01", "effective: 2025-07-01")
        .replace("date: 2026-06-01", "date: 2025-06-01")
    )
    (root / "lake-2025.mou.yaml").write_text(last)
    (root / "lake-2026.mou.yaml").write_text(spec_text("LAKE-2026", "2027-06-30"))
    rows = {
        r["id"]: r for r in json.loads(run_status(mini_library, root, "--format", "json").output)
    }
    assert rows["LAKE-2025"]["superseded_by"] == "LAKE-2026"
    assert rows["LAKE-2025"]["gap_days"] == 15  # 16 June to 30 June 2026 uncovered
    assert rows["LAKE-2026"]["superseded_by"] is None
    lines = run_status(mini_library, root).output.splitlines()
    assert "LAKE-2026" in lines[1] and "superseded by LAKE-2026" in lines[2]  # current first
    assert "LAKE-2025: superseded by LAKE-2026; 15 day(s) without an agreement" in "\n".join(lines)
    assert "expired" not in lines[2]


def test_deadlines_come_from_the_profile_and_the_notice_clauses(runner, tmp_path) -> None:
    """Washington reviews and adopts yearly (RCW 28A.320.1242(1)(a)); the termination
    clause's notice period gives the last day to give notice before the term ends."""
    from conftest import EXAMPLES

    root = tmp_path / "agreements"
    root.mkdir()
    (root / "wa.mou.yaml").write_text((EXAMPLES / "cedar-valley-wa.mou.yaml").read_text())
    result = runner.invoke(mou, ["status", str(root), "--format", "json"])
    (row,) = json.loads(result.output)
    kinds = {d["kind"]: d for d in row["deadlines"]}
    assert kinds["review"]["basis"] == "RCW 28A.320.1242(1)(a)"
    assert "every year" in kinds["review"]["what"]
    expires = row["expires"]
    assert kinds["expiry"]["date"] == expires
    notice = kinds["notice"]
    assert notice["what"].startswith("notice of termination")
    assert notice["date"] < expires and notice["basis"].startswith("Section ")


def test_the_calendar_file_holds_each_deadline_as_an_all_day_event(runner, tmp_path) -> None:
    from conftest import EXAMPLES

    root = tmp_path / "agreements"
    root.mkdir()
    (root / "wa.mou.yaml").write_text((EXAMPLES / "cedar-valley-wa.mou.yaml").read_text())
    ics = tmp_path / "deadlines.ics"
    result = runner.invoke(mou, ["status", str(root), "--ics", str(ics)])
    assert result.exit_code == 0 and f"wrote {ics}" in result.output
    data = ics.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.decode().split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = data.decode().replace("\r\n ", "").split("\r\n")
    events = unfolded.count("BEGIN:VEVENT")
    json_rows = json.loads(runner.invoke(mou, ["status", str(root), "--format", "json"]).output)
    assert events == len(json_rows[0]["deadlines"]) >= 3
    assert any(
        x.startswith("SUMMARY:CEDAR-VALLEY-SRO-2026: review of the agreement") for x in unfolded
    )
    assert any(x.startswith("DTSTART;VALUE=DATE:") for x in unfolded)
    runner.invoke(mou, ["status", str(root), "--ics", str(ics)])
    assert ics.read_bytes() == data  # same agreements, same bytes
