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
