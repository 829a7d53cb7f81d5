"""`mou final --pdf`: LibreOffice makes a PDF/A copy whose text is the approved agreement."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mou_builder.cli import mou

from conftest import MINI_CLAUSES, MINI_SPEC, requires_soffice, stamp_clause_data

pytestmark = [pytest.mark.soffice, requires_soffice]


@pytest.fixture(scope="module")
def final_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pdf")
    library = root / "clauses"
    library.mkdir()
    for clause_id, data in MINI_CLAUSES.items():
        stamped = stamp_clause_data(yaml.safe_load(yaml.safe_dump(data)))
        (library / f"{clause_id}.yaml").write_text(yaml.safe_dump(stamped, sort_keys=False))
    spec = root / "spec.mou.yaml"
    spec.write_text(MINI_SPEC)
    result = CliRunner().invoke(
        mou,
        [
            "--library",
            str(library),
            "final",
            str(spec),
            "--board-date",
            "2026-06-15",
            "--item",
            "7.2",
            "--resolution",
            "R41",
            "--pdf",
            "-o",
            str(root / "final"),
        ],
    )
    assert result.exit_code == 0, result.output
    return root / "final"


def test_pdf_text_is_the_approved_agreement(final_dir: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) is not installed")
    pdf = final_dir / "MINI-2026-final.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "The officer works 7 hours a school day." in flat
    assert "agenda item 7.2" in flat and "resolution R41" in flat
    assert "Lakeside Police Department" in flat


def test_pdf_is_pdfa_and_recorded_in_the_manifest(final_dir: Path) -> None:
    pdf = final_dir / "MINI-2026-final.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"pdfaid:part" in data  # PDF/A identification in the XMP metadata
    manifest = json.loads((final_dir / "MINI-2026-final.manifest.json").read_text())
    assert manifest["pdf"] == {
        "file": "MINI-2026-final.pdf",
        "sha256": "sha256:" + hashlib.sha256(data).hexdigest(),
    }


def test_a_copy_resaved_by_libreoffice_differs_but_reads_the_same(final_dir: Path, tmp_path):
    """The clerk gets back a copy someone opened and saved: not the record, same words."""
    out = tmp_path / "resaved"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(final_dir / "MINI-2026-final.docx"),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    resaved = out / "MINI-2026-final.docx"
    result = CliRunner().invoke(
        mou,
        [
            "verify",
            str(resaved),
            "--format",
            "json",
            "--manifest",
            str(final_dir / "MINI-2026-final.manifest.json"),
        ],
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["verified"] is False and "word/document.xml" in report["changed_parts"]
    assert report["clauses"] == []  # every clause found by its marker, words unchanged


def test_verify_accepts_the_pdf_record_and_rejects_a_changed_one(final_dir: Path, tmp_path):
    pdf = final_dir / "MINI-2026-final.pdf"
    result = CliRunner().invoke(mou, ["verify", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "verified" in result.output
    changed = final_dir / "MINI-2026-final.signed.pdf"
    changed.write_bytes(pdf.read_bytes() + b"\n% appended\n")
    try:
        result = CliRunner().invoke(
            mou,
            [
                "verify",
                str(changed),
                "--manifest",
                str(final_dir / "MINI-2026-final.manifest.json"),
            ],
        )
        assert result.exit_code == 1 and "DIFFERS" in result.output
    finally:
        changed.unlink()
