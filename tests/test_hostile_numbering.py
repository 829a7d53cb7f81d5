"""List labels: a returned document whose list items read with other labels than the spec
builds them (a restart, a changed label pattern, an item taken out of its list) is reported
as a numbering finding naming the section, since a reference to "Section 7(a)" now points
elsewhere. LibreOffice, as an independent reader, shows the changed label."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.docx_edits import CLAUSE, NUMBERING, _replace, edit_docx
from hostile.support import build_example
from mou_builder.cli import mou

SPEC = Path(__file__).resolve().parents[1] / "examples" / "oakview-ca.mou.yaml"
UNO_PYTHON = "/usr/bin/python3"
#: the first list item of Section 7 (qualifications-selection), numbered in list 17
FIRST = "have at least 3 years of sworn service after completing field training;"
_ITEM = '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="17"/></w:numPr>'
_LIST = '<w:num w:numId="17"><w:abstractNumId w:val="9"/><w:lvlOverride w:ilvl="1">'

CASES = {
    "restart": (
        _replace(
            _LIST + '<w:startOverride w:val="1"/>',
            _LIST + '<w:startOverride w:val="2"/>',
            NUMBERING,
        ),
        "(a) now (b), (b) now (c), (c) now (d)",
    ),
    "unnumbered": (
        _replace(
            f'{_ITEM}</w:pPr><w:r><w:t xml:space="preserve">{FIRST}',
            f'</w:pPr><w:r><w:t xml:space="preserve">{FIRST}',
        ),
        "(a) now no label, (b) now (a), (c) now (b)",
    ),
    "pattern": (
        _replace('<w:lvlText w:val="(%2)"/>', '<w:lvlText w:val="%2."/>', NUMBERING),
        "(a) now a., (b) now b., (c) now c.",
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("built"))


def numbering(document: Path) -> list[dict]:
    result = CliRunner().invoke(
        mou, ["review", str(document), "--spec", str(SPEC), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return [f for f in json.loads(result.output)["findings"] if f["kind"] == "numbering"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_changed_list_labels_are_a_finding_naming_the_section(
    built: Path, tmp_path: Path, case: str
):
    edit, pairs = CASES[case]
    document = edit_docx(built, tmp_path / f"{case}.docx", edit)
    [finding] = [f for f in numbering(document) if f["clause"] == CLAUSE]
    assert finding["section"] == 7 and finding["severity"] == "error"
    assert finding["part"] == "word/numbering.xml"
    assert f"list labels of Section 7 changed ({pairs})" in finding["seen"]


def test_a_restart_in_one_list_names_that_section_only(built: Path, tmp_path: Path):
    edit, _ = CASES["restart"]
    document = edit_docx(built, tmp_path / "restart.docx", edit)
    assert [f["clause"] for f in numbering(document)] == [CLAUSE]


def test_the_document_as_built_has_its_labels(built: Path):
    assert numbering(built) == []


def _has_uno() -> bool:
    if not Path(UNO_PYTHON).exists():
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.mark.soffice
@pytest.mark.skipif(not _has_uno(), reason="no Python with LibreOffice's uno module")
def test_libreoffice_shows_the_restarted_label(built: Path, tmp_path: Path):
    edit, _ = CASES["restart"]
    document = edit_docx(built, tmp_path / "restart.docx", edit)
    proc = subprocess.run(
        [
            UNO_PYTHON,
            str(Path(__file__).with_name("lo_views.py")),
            str(tmp_path / "profile"),
            "--full",
            f"plain:{built}",
            f"plain:{document}",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    views = json.loads(proc.stdout)

    def label(path: Path) -> str:
        [line] = [t for t in views[f"plain:{path}"]["plain"] if t.endswith(FIRST)]
        return line.split("\t")[0]

    assert (label(built), label(document)) == ("(a)", "(b)")


def test_a_huge_restart_is_shown_in_digits_and_reported(built: Path, tmp_path: Path):
    """A list restarted at 10^12 is not spelled out in letters (bounded work)."""
    huge = _replace(
        _LIST + '<w:startOverride w:val="1"/>',
        _LIST + '<w:startOverride w:val="1000000000000"/>',
        NUMBERING,
    )
    document = edit_docx(built, tmp_path / "huge.docx", huge)
    [finding] = numbering(document)
    assert "(a) now (1000000000000)" in finding["seen"]
