"""`mou final` writes a clean, approved, reproducible record copy that is never overwritten;
`mou verify` proves a copy is that record, or shows what differs."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mou_builder.cli import mou
from mou_builder.ooxml.inspection import clause_texts, document_text, revision_marks
from mou_builder.ooxml.properties import read_core_properties, read_manifest
from mou_builder.ooxml.safezip import open_docx

from conftest import MINI_SPEC

FINAL_ARGS = ["--board-date", "2026-06-15", "--item", "7.2", "--resolution", "2026-41"]


def invoke(library: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(mou, ["--library", str(library), *args], env=env)


@pytest.fixture
def make_final(mini_library: Path, write_spec) -> Callable[..., Path]:
    """Run `mou final` on the mini spec into ``out``; the .docx path."""

    def run(out: Path, *extra: str, spec: Path | None = None) -> Path:
        spec = spec or write_spec()
        result = invoke(mini_library, "final", str(spec), *FINAL_ARGS, "-o", str(out), *extra)
        assert result.exit_code == 0, result.output
        return out / "MINI-2026-final.docx"

    return run


def rewrite_part(path: Path, part: str, edit: Callable[[bytes], bytes], target: Path) -> None:
    """Copy a .docx with one member edited (as a user's editor might)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, edit(data) if info.filename == part else data)
    target.write_bytes(buffer.getvalue())


# --------------------------------------------------------------------------- the clean copy


def test_final_copy_is_clean_and_carries_the_approval(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    package = open_docx(docx)
    assert revision_marks(package) == []
    document = package.parts["word/document.xml"]
    for tag in (b"ins", b"del", b"moveFrom", b"moveTo", b"commentReference", b"commentRangeStart"):
        assert f"<w:{tag.decode()} ".encode() not in document
        assert f"<w:{tag.decode()}>".encode() not in document
    assert "word/comments.xml" not in package.parts
    text = document_text(package).replace("\u00a0", " ")
    assert "Approved by the Board of Education at its meeting of June 15, 2026" in text
    assert "agenda item 7.2" in text and "resolution 2026-41" in text
    assert "Draft" not in text and "DRAFT" not in text
    assert read_core_properties(package)["category"] == "Final"
    assert [c.clause_id for c in clause_texts(package)] == [
        "purpose",
        "rules-of-duty",
        "hours",
        "records",
        "training",
    ]


def test_sidecar_manifest_records_everything(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    manifest = json.loads((tmp_path / "final" / "MINI-2026-final.manifest.json").read_text())
    assert manifest["document"]["file"] == "MINI-2026-final.docx"
    assert manifest["document"]["sha256"] == (
        "sha256:" + hashlib.sha256(docx.read_bytes()).hexdigest()
    )
    assert manifest["approval"] == {
        "body": "Board of Education",
        "meeting_date": "2026-06-15",
        "agenda_item": "7.2",
        "resolution": "2026-41",
    }
    embedded = read_manifest(open_docx(docx))
    assert embedded is not None
    assert manifest["spec"]["hash"] == embedded["spec_hash"]
    assert [(c["id"], c["version"], c["hash"]) for c in manifest["clauses"]] == [
        (c["id"], c["version"], c["hash"]) for c in embedded["clauses"]
    ]
    assert all(c["hash"].startswith("sha256:") for c in manifest["clauses"])
    assert manifest["check"]["ok"] is True and manifest["check"]["errors"] == 0
    assert manifest["tool"]["name"] == "mou-builder" and manifest["tool"]["version"]
    assert manifest["profiles"] == []


def test_profiles_and_versions_are_recorded(
    mini_library, write_spec, tmp_path, monkeypatch
) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "mini.yaml").write_text(
        "id: mini\ntitle: Mini\nauthority: Policy 1\njurisdiction: Testland\nversion: 4\n"
        "requirements:\n  - {id: m.purpose, element: purpose, message: state a purpose, "
        "citation: 'Policy 1, item 1'}\n"
    )
    monkeypatch.setenv("MOU_PROFILES", str(profiles))
    spec = write_spec(MINI_SPEC.replace("profiles: []", "profiles: [mini]"))
    result = invoke(mini_library, "final", str(spec), *FINAL_ARGS, "-o", str(tmp_path / "f"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "f" / "MINI-2026-final.manifest.json").read_text())
    assert manifest["profiles"] == [{"id": "mini", "version": 4, "chain": ["mini"]}]


def test_same_inputs_give_the_same_bytes(make_final, tmp_path) -> None:
    first = make_final(tmp_path / "a")
    second = make_final(tmp_path / "b", "--force")  # a second record copy needs --force
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a" / "MINI-2026-final.manifest.json").read_bytes() == (
        tmp_path / "b" / "MINI-2026-final.manifest.json"
    ).read_bytes()


# --------------------------------------------------------------------------- never overwritten


def test_a_second_final_copy_is_refused(make_final, mini_library, write_spec, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    before = docx.read_bytes()
    result = invoke(
        mini_library, "final", str(write_spec()), *FINAL_ARGS, "-o", str(tmp_path / "final")
    )
    assert result.exit_code == 2
    assert "never overwritten" in result.output and "--force" in result.output
    assert docx.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "final").iterdir()) == [
        "MINI-2026-final.docx",
        "MINI-2026-final.manifest.json",
    ]


@pytest.mark.parametrize(
    "command",
    [
        lambda spec, docx: ["build", str(spec), "-o", str(docx)],
        lambda spec, docx: ["build", str(spec), "-o", str(docx), "--format", "md"],
        lambda spec, docx: [
            "redline",
            str(docx.with_name("x.docx")),
            str(docx.with_name("y.docx")),
            "-o",
            str(docx),
        ],
        lambda spec, docx: ["build", str(spec), "-o", str(docx.with_name(docx.stem + ".pdf"))],
        lambda spec, docx: ["build", str(spec), "-o", str(docx.with_suffix("")) + ".manifest.json"],
    ],
)
def test_no_other_command_writes_over_a_final_copy(
    make_final, mini_library, write_spec, tmp_path, command
) -> None:
    docx = make_final(tmp_path / "final")
    for copy in ("x.docx", "y.docx"):  # a redline's inputs
        (tmp_path / "final" / copy).write_bytes(docx.read_bytes())
    (tmp_path / "final" / "MINI-2026-final.pdf").write_bytes(b"%PDF-1.7 the record copy\n")
    before = {p.name: p.read_bytes() for p in (tmp_path / "final").iterdir()}
    result = invoke(mini_library, *command(write_spec(), docx))
    assert result.exit_code == 2, result.output
    assert "refusing to overwrite a final copy" in result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "final").iterdir()} == before


def test_force_keeps_the_previous_copy_beside_it(make_final, write_spec, tmp_path) -> None:
    out = tmp_path / "final"
    docx = make_final(out)
    first = docx.read_bytes()
    amended = write_spec(MINI_SPEC.replace("hours_per_day: 7", "hours_per_day: 6"))
    make_final(out, "--force", spec=amended)
    make_final(out, "--force", spec=amended)
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "MINI-2026-final.docx",
        "MINI-2026-final.manifest.json",
        "MINI-2026-final.superseded-1.docx",
        "MINI-2026-final.superseded-1.manifest.json",
        "MINI-2026-final.superseded-2.docx",
        "MINI-2026-final.superseded-2.manifest.json",
    ]
    assert (out / "MINI-2026-final.superseded-1.docx").read_bytes() == first
    assert "6 hours" in document_text(open_docx(docx))
    # the kept copy still verifies against its own (renamed) record
    result = CliRunner().invoke(mou, ["verify", str(out / "MINI-2026-final.superseded-1.docx")])
    assert result.exit_code == 0, result.output


def test_output_may_name_the_docx(mini_library, write_spec, tmp_path) -> None:
    target = tmp_path / "records" / "lakeside-2026.docx"
    result = invoke(mini_library, "final", str(write_spec()), *FINAL_ARGS, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file() and (tmp_path / "records" / "lakeside-2026.manifest.json").is_file()


# --------------------------------------------------------------------------- verify


def test_verify_accepts_the_untouched_copy(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    result = CliRunner().invoke(mou, ["verify", str(docx)])
    assert result.exit_code == 0, result.output
    assert "verified" in result.output and "item 7.2" in result.output


def test_verify_finds_a_renamed_copy_by_its_hash(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    shutil.copy(docx, tmp_path / "final" / "signed copy.docx")
    result = CliRunner().invoke(mou, ["verify", str(tmp_path / "final" / "signed copy.docx")])
    assert result.exit_code == 0, result.output


def test_verify_detects_a_one_character_change(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    edited = tmp_path / "final" / "returned.docx"
    rewrite_part(
        docx,
        "word/document.xml",
        lambda xml: xml.replace(b"works 7 hours", b"works 9 hours", 1),
        edited,
    )
    assert edited.read_bytes() != docx.read_bytes()
    result = CliRunner().invoke(
        mou,
        [
            "verify",
            str(edited),
            "--manifest",
            str(tmp_path / "final" / "MINI-2026-final.manifest.json"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "DIFFERS" in result.output
    assert "Section 3 'hours': changed" in result.output
    assert "[-7-]{+9+}" in result.output
    assert "word/document.xml" in result.output
    payload = json.loads(
        CliRunner()
        .invoke(
            mou,
            [
                "verify",
                str(edited),
                "--format",
                "json",
                "--manifest",
                str(tmp_path / "final" / "MINI-2026-final.manifest.json"),
            ],
        )
        .stdout
    )
    assert payload["verified"] is False
    assert [c["clause"] for c in payload["clauses"]] == ["hours"]
    assert payload["clauses"][0]["diff"] == [
        {"op": "delete", "text": "7"},
        {"op": "insert", "text": "9"},
    ]


def test_verify_notices_a_change_outside_the_clauses(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    edited = tmp_path / "final" / "MINI-2026-final-signed.docx"
    rewrite_part(docx, "docProps/core.xml", lambda xml: xml.replace(b"Final", b"Finak"), edited)
    result = CliRunner().invoke(mou, ["verify", str(edited)])  # found by its spec hash
    assert result.exit_code == 1, result.output
    assert "docProps/core.xml" in result.output
    assert "the clause words match the record; the change is in docProps/core.xml" in result.output


def test_verify_against_the_spec(make_final, write_spec, mini_library, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    same = invoke(mini_library, "verify", str(docx), "--spec", str(write_spec()))
    assert same.exit_code == 0, same.output
    changed = write_spec(
        MINI_SPEC.replace("the records office", "the privacy office"), name="changed.mou.yaml"
    )
    result = invoke(mini_library, "verify", str(docx), "--spec", str(changed))
    assert result.exit_code == 1, result.output
    assert "the spec has changed since the record was made" in result.output
    assert "'records': changed (against the spec)" in result.output
    assert "[-privacy-]{+records+}" in result.output


def test_verify_unreadable_input_is_exit_two(tmp_path) -> None:
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"this is not a zip")
    result = CliRunner().invoke(mou, ["verify", str(junk)])
    assert result.exit_code == 2 and "not a .docx" in result.output
    missing = CliRunner().invoke(mou, ["verify", str(tmp_path / "nope.docx")])
    assert missing.exit_code == 2


def test_verify_without_any_record_is_exit_two(tmp_path) -> None:
    import docx as python_docx

    plain = tmp_path / "plain.docx"
    python_docx.Document().save(str(plain))
    result = CliRunner().invoke(mou, ["verify", str(plain)])
    assert result.exit_code == 2 and "no record to verify against" in result.output


def test_missing_soffice_is_a_clear_error(mini_library, write_spec, tmp_path) -> None:
    result = invoke(
        mini_library,
        "final",
        str(write_spec()),
        *FINAL_ARGS,
        "--pdf",
        "-o",
        str(tmp_path / "final"),
        env={"MOU_SOFFICE": "no-such-soffice"},
    )
    assert result.exit_code == 2
    assert "LibreOffice (soffice) is not installed" in result.output
    assert not (tmp_path / "final").exists()


def test_verify_without_the_sidecar_uses_the_embedded_manifest(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")
    elsewhere = tmp_path / "mail"
    elsewhere.mkdir()
    untouched = elsewhere / "agreement.docx"
    shutil.copy(docx, untouched)
    result = CliRunner().invoke(mou, ["verify", str(untouched)])
    assert result.exit_code == 1  # no proof of the bytes without the record
    assert "no sidecar manifest found" in result.output
    assert "every clause matches the version and text hash recorded" in result.output
    edited = elsewhere / "edited.docx"
    rewrite_part(
        docx,
        "word/document.xml",
        lambda xml: xml.replace(b"youth-focused", b"youth-centred", 1),
        edited,
    )
    result = CliRunner().invoke(mou, ["verify", str(edited)])
    assert result.exit_code == 1
    assert "'training': changed" in result.output and "no longer matches the hash" in result.output
    assert "'hours'" not in result.output


def test_verify_reports_tracked_changes_in_a_returned_copy(make_final, tmp_path) -> None:
    docx = make_final(tmp_path / "final")

    def track(xml: bytes) -> bytes:
        at = xml.index(b"</w:p>", xml.index(b"youth-focused"))
        ins = (
            b'<w:ins w:id="901" w:author="Agency" w:date="2026-06-20T00:00:00Z">'
            b'<w:r><w:t xml:space="preserve"> and more</w:t></w:r></w:ins>'
        )
        return xml[:at] + ins + xml[at:]

    edited = tmp_path / "final" / "MINI-2026-final.returned.docx"
    rewrite_part(docx, "word/document.xml", track, edited)
    result = CliRunner().invoke(mou, ["verify", str(edited)])
    assert result.exit_code == 1, result.output
    assert "not a clean copy: tracked insertion in word/document.xml" in result.output
    assert "'training': changed" in result.output and "{+ and more+}" in result.output


def test_verify_a_pdf_without_a_record_is_exit_two(tmp_path) -> None:
    fake = tmp_path / "copy.pdf"
    fake.write_bytes(b"%PDF-1.6\n%%EOF\n")
    result = CliRunner().invoke(mou, ["verify", str(fake)])
    assert result.exit_code == 2 and "no record of this PDF" in result.output
    fake.write_bytes(b"hello")
    assert CliRunner().invoke(mou, ["verify", str(fake)]).exit_code == 2


# --------------------------------------------------------------------------- one record copy
# per revision, and concurrent clerks


def test_a_second_record_copy_of_the_same_revision_elsewhere_is_refused(
    make_final, mini_library, write_spec, tmp_path
) -> None:
    first = make_final(tmp_path / "final")
    result = invoke(
        mini_library, "final", str(write_spec()), *FINAL_ARGS, "-o", str(tmp_path / "final-lh")
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "MINI-2026 revision 1 already has a record copy" in line and str(first) in line
    assert not (tmp_path / "final-lh").exists()


def test_force_makes_a_second_record_copy_and_the_register_keeps_both(
    make_final, write_spec, tmp_path
) -> None:
    make_final(tmp_path / "final")
    make_final(tmp_path / "final-lh", "--force")
    register = json.loads((tmp_path / "mou-records.json").read_text())
    assert register["format"] == "mou-records/1"
    assert [(r["agreement"], r["revision"], r["docx"]) for r in register["records"]] == [
        ("MINI-2026", "1", "final-lh/MINI-2026-final.docx"),
        ("MINI-2026", "1", "final/MINI-2026-final.docx"),
    ]


def test_a_new_revision_gets_its_own_record_copy(make_final, write_spec, tmp_path) -> None:
    make_final(tmp_path / "final")
    revised = write_spec(MINI_SPEC.replace("\ntitle:", '\nrevision: "2"\ntitle:', 1), "r2.mou.yaml")
    make_final(tmp_path / "final-r2", spec=revised)
    register = json.loads((tmp_path / "mou-records.json").read_text())
    assert [r["revision"] for r in register["records"]] == ["1", "2"]


def test_concurrent_forced_finals_each_leave_a_copy_that_verifies(
    mini_library, write_spec, tmp_path
) -> None:
    """Six clerks' `mou final --force` into one directory at once: every copy, the current
    one and each superseded one, has its own manifest, and each verifies."""
    import os
    import subprocess
    import sys

    spec = write_spec()
    out = tmp_path / "final"
    env = {**os.environ, "MOU_CLAUSES": str(mini_library), "MOU_TODAY": "2026-08-01"}
    command = [sys.executable, "-m", "mou_builder", "final", str(spec), *FINAL_ARGS]
    runs = [
        subprocess.Popen(
            [*command, "-o", str(out), "--force"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0] * 6, errors
    copies = sorted(out.glob("*.docx"))
    assert len(copies) == 6
    for copy in copies:
        manifest = copy.with_name(copy.name[: -len(".docx")] + ".manifest.json")
        assert manifest.is_file(), copy.name
        result = CliRunner().invoke(mou, ["verify", str(copy), "--manifest", str(manifest)])
        assert result.exit_code == 0, (copy.name, result.output)
