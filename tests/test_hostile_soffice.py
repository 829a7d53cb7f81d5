"""The hostile edits LibreOffice renders: what a reader sees on the page has changed, and
`mou review` reports it in its clause."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.docx_edits import CASES, CLAUSE, NEW, edit_docx
from mou_builder.cli import mou

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed"),
]
SPEC = Path(__file__).resolve().parents[1] / "examples" / "oakview-ca.mou.yaml"


def rendered(document: Path, profile: Path) -> str:
    """The document's text as LibreOffice lays it out (PDF, then pdftotext), one line."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(document.parent),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = document.with_suffix(".pdf")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8", "replace").split())


@pytest.mark.parametrize(
    ("case", "seen", "unseen"),
    [
        ("vanish", "shall assign an officer", "shall not assign an officer"),
        ("alternate-content", NEW, None),
        ("start-override", "8. Selection and Qualifications", "7. Selection and Qualif"),
        ("heading-unnumbered", "Selection and Qualifications", "7. Selection and Qualif"),
    ],
)
def test_libreoffice_shows_the_change_and_review_reports_it(
    tmp_path: Path, case: str, seen: str, unseen: str | None
):
    built = tmp_path / "built.docx"
    result = CliRunner().invoke(mou, ["build", str(SPEC), "-o", str(built)])
    assert result.exit_code == 0, result.output
    document = edit_docx(built, tmp_path / f"{case}.docx", CASES[case])
    text = rendered(document, tmp_path / "profile")
    assert seen in text
    if unseen is not None:
        assert unseen not in text
    review = CliRunner().invoke(
        mou, ["review", str(document), "--spec", str(SPEC), "--format", "json"]
    )
    data = json.loads(review.output)
    assert any(f["clause"] == CLAUSE for f in data["findings"])


@pytest.mark.parametrize(
    ("case", "seen", "unseen"),
    [
        ("paragraph-alternate", "The Agency may assign any officer", "shall not assign an officer"),
        ("footnote-hidden", "See the policy.", "Chief decides otherwise"),
        ("off-page-frame", NEW, None),
    ],
)
def test_libreoffice_shows_the_story_edit_and_review_names_its_part(
    tmp_path: Path, case: str, seen: str, unseen: str | None
):
    """LibreOffice moves a frame placed off the page back onto it (Word does not): mou
    reads its text, and reports the frame."""
    from hostile.story_edits import STORY_CASES

    edit, (kind, clause, part) = STORY_CASES[case]
    built = tmp_path / "built.docx"
    result = CliRunner().invoke(mou, ["build", str(SPEC), "-o", str(built)])
    assert result.exit_code == 0, result.output
    document = edit_docx(built, tmp_path / f"{case}.docx", edit)
    text = rendered(document, tmp_path / "profile")
    assert seen in text
    if unseen is not None:
        assert unseen not in text
    review = CliRunner().invoke(
        mou, ["review", str(document), "--spec", str(SPEC), "--format", "json"]
    )
    found = [(f["kind"], f["clause"], f["part"]) for f in json.loads(review.output)["findings"]]
    assert (kind, clause, part) in found
