"""`mou import`: a spec (and its clause folder) that rebuilds the original section by section."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from foreign_support import CORPUS, FOREIGN, STYLES, docx_bytes, para
from mou_builder.assembly.assembler import assemble
from mou_builder.cli import mou
from mou_builder.model.typography import typeset
from mou_builder.sources.foreign.pipeline import analyse
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec

OWN = sorted(p for p in FOREIGN.iterdir() if p.suffix in (".txt", ".md"))
REAL = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def run(*args: str | Path) -> object:
    return CliRunner().invoke(mou, [str(a) for a in args])


def import_to(source: Path, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / f"{source.stem}.mou.yaml"
    result = run("import", source, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def assert_rebuilds(source: Path, spec: Path) -> None:
    library = Library.load(spec.with_name(spec.name.replace(".mou.yaml", ".clauses")))
    agreement = assemble(load_spec(spec), library)
    original = analyse(source)
    assert len(agreement.sections) == len(original.sections)
    # the words are the original's, set in the one typographic policy of every output
    for built, section in zip(agreement.sections, original.sections, strict=True):
        assert built.text == typeset(section.body), section.heading
        if section.heading:
            assert built.title == typeset(section.heading)
        assert built.negotiated


@pytest.mark.parametrize("source", OWN, ids=lambda p: p.name)
def test_imported_spec_rebuilds_each_section_of_the_original(source: Path, tmp_path: Path) -> None:
    assert_rebuilds(source, import_to(source, tmp_path))


@pytest.mark.skipif(not REAL, reason="shared corpus not present")
def test_real_agreements_rebuild_section_by_section(tmp_path: Path) -> None:
    for source in REAL:
        assert_rebuilds(source, import_to(source, tmp_path))


def test_facts_read_from_the_text_and_notes_where_not(tmp_path: Path) -> None:
    spec = import_to(FOREIGN / "police-contract.txt", tmp_path)
    text = spec.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["parties"]["district"]["name"] == "Lakemont Consolidated School District"
    assert data["parties"]["agency"]["name"] == "Lakemont County Sheriff's Office"
    assert data["parties"]["agency"]["short"] == "Sheriff"
    assert data["parties"]["district"]["signatories"] == [
        {"name": "Daniel Reyes", "title": "Superintendent"}
    ]
    assert str(data["date"]) == "2025-06-15"
    assert str(data["term"]["effective"]) == "2025-08-01"
    assert str(data["term"]["expires"]) == "2026-07-31"
    # what the text does not state is marked
    other = import_to(FOREIGN / "ocr-noisy.txt", tmp_path)
    assert "expires:" in other.read_text() and "# not found in the text" in other.read_text()


def test_sections_are_tagged_with_their_elements(tmp_path: Path) -> None:
    spec = import_to(FOREIGN / "article-whereas.txt", tmp_path)
    clauses = tmp_path / "article-whereas.clauses"
    training = next(clauses.glob("imported-04-*.yaml"))
    data = yaml.safe_load(training.read_text())
    assert data["elements"] == ["training"] and data["title"] == "TRAINING"
    assert "# section 4 (line" in spec.read_text() and "training 0.9" in spec.read_text()


def test_suggest_lists_library_clauses_for_missing_elements(tmp_path: Path) -> None:
    spec = import_to(FOREIGN / "ocr-noisy.txt", tmp_path, "--suggest", "--profile", "national-2020")
    text = spec.read_text()
    assert "#   - " not in text  # suggestions are commented entries, one per clause
    assert "# - sro-training@" in text and "# training:" in text
    assert yaml.safe_load(text)["profiles"] == ["national-2020"]
    # uncommenting a suggestion builds: its clause file was copied beside the spec
    uncommented = text.replace("  # - sro-training@", "  - sro-training@", 1)
    spec.write_text(uncommented.split("    # training:")[0] + "\n", encoding="utf-8")
    library = Library.load(tmp_path / "ocr-noisy.clauses")
    agreement = assemble(load_spec(spec), library)
    assert agreement.sections[-1].clause_id == "sro-training"


def test_map_names_the_closest_clause_with_a_word_diff() -> None:
    result = run("import", FOREIGN / "police-contract.txt", "--map")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    insurance = next(line for line in lines if line.startswith("section 10 Insurance"))
    assert "~ insurance" in insurance
    assert any("[-" in line and "{+" in line for line in lines)


def test_docx_input_imports(tmp_path: Path) -> None:
    body = (
        para("Agreement for School Resource Officer Services", "Title")
        + para("This agreement is between the Elm School District and the Elm Police Department.")
        + para("Training", "Heading1")
        + para("The SRO shall complete forty hours of training before the year starts.")
    )
    source = tmp_path / "elm.docx"
    source.write_bytes(docx_bytes(body, STYLES))
    assert_rebuilds(source, import_to(source, tmp_path))


def test_markup_and_braces_in_the_original_survive(tmp_path: Path) -> None:
    source = tmp_path / "odd.txt"
    source.write_text(
        "SRO AGREEMENT\n\nThe police and the school district agree.\n\nTRAINING\n\n"
        "The officer shall finish *all* training {within 30 days} and keep a \\ record.\n"
        "Forms marked {{ name }} or {% if %} or }} are copied as they are, **as printed**.\n",
        encoding="utf-8",
    )
    assert_rebuilds(source, import_to(source, tmp_path))


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("Shopping\n\nBread, apples and tea.\n", encoding="utf-8")
    out = tmp_path / "out.mou.yaml"
    result = run("import", source, "-o", out)
    assert result.exit_code == 2
    assert "not an SRO agreement" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_an_existing_spec_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = import_to(FOREIGN / "ocr-noisy.txt", tmp_path)
    before = out.read_text()
    result = run("import", FOREIGN / "police-contract.txt", "-o", out)
    assert result.exit_code == 2 and "already exists" in result.output
    assert out.read_text() == before
    result = run("import", FOREIGN / "police-contract.txt", "-o", out, "--force")
    assert result.exit_code == 0
    assert out.read_text() != before


def test_import_needs_an_output_or_map() -> None:
    result = run("import", FOREIGN / "ocr-noisy.txt")
    assert result.exit_code == 2 and "-o" in result.output


def _bad_inputs(tmp_path: Path) -> list[tuple[Path, str]]:
    import zlib

    from pypdf import PdfReader, PdfWriter

    from foreign_support import make_pdf
    from hostile.make_corpus import _ole, _zip_bomb_ratio

    files: list[tuple[Path, str]] = []
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([], raw_streams=[b"q 10 0 0 10 0 0 cm Q"]))
    files.append((scan, "no text layer; run OCR first (for example ocrmypdf)"))
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf([["The school resource officer works at the school."]]))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("pw", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    files.append((locked, "encrypted"))
    bomb = tmp_path / "bomb.pdf"
    data = make_pdf([], raw_streams=[b"PLACEHOLDER"])
    packed = zlib.compress(b"BT (x) Tj ET\n" + b" " * 80_000_000, 9)
    head = f"<< /Length {len(packed)} /Filter /FlateDecode >>".encode()
    bomb.write_bytes(
        data.replace(b"<< /Length 11 >>\nstream\nPLACEHOLDER", head + b"\nstream\n" + packed)
    )
    files.append((bomb, "PDF"))
    for name, content, fragment in (
        ("bomb.docx", _zip_bomb_ratio(), "zip bomb"),
        ("locked.docx", _ole(), "encrypted"),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        files.append((path, fragment))
    return files


def test_each_bad_input_is_one_line_exit_two_and_nothing_written(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    outputs = tmp_path / "out"
    outputs.mkdir()
    for path, fragment in _bad_inputs(inputs):
        for args in (["check", path], ["import", path, "-o", outputs / "x.mou.yaml"]):
            result = run(*args)
            assert result.exit_code == 2, (path.name, result.output)
            assert len(result.output.strip().splitlines()) == 1, result.output
            assert fragment in result.output, result.output
        assert list(outputs.iterdir()) == []


def test_an_imported_agreement_checks_like_the_original(tmp_path: Path) -> None:
    from mou_builder.checks.engine import run_check

    spec = Path(__file__).resolve().parents[1] / "examples" / "oakview-ca.mou.yaml"
    built = run("build", spec, "-o", tmp_path / "built")
    assert built.exit_code == 0, built.output
    docx = next((tmp_path / "built").glob("*.docx"))
    imported = import_to(docx, tmp_path, "--profile", "ca-bp-3515-31")
    library = Library.load(tmp_path / f"{docx.stem}.clauses")
    result = run_check(assemble(load_spec(imported), library), library)
    # the signatories are not read from the signature table: the import leaves them as
    # placeholders, and the check says so (an unfilled record copy is never made)
    unread = [f for f in result.errors if f.rule == "placeholder" and ".signatories." in f.message]
    assert len(unread) == 4
    assert [f.message for f in result.errors if f not in unread] == []
    assert {f.rule for f in result.warnings} <= {"negotiated-text", "version-status", "term-dates"}


@pytest.mark.parametrize(
    ("name", "district", "agency"),
    [
        ("article-whereas.txt", "WILLOW BEND PUBLIC SCHOOLS", "TOWN OF WILLOW BEND"),
        ("bulleted.md", "Riverside School District", "Riverside Police Department"),
        (
            "roman-interlocal.txt",
            "Granite Falls Independent School District",
            "City of Granite Falls",
        ),
        ("ocr-noisy.txt", "Brookfield Schoo1 District", "Village of Brookfield Police Department"),
    ],
)
def test_parties_are_read_from_the_opening_or_the_title(
    name: str, district: str, agency: str
) -> None:
    from mou_builder.workflows.foreign import facts_of

    facts = facts_of(analyse(FOREIGN / name))
    assert facts.district and facts.district.name == district
    assert facts.agency and facts.agency.name == agency
    assert not facts.signatories


@pytest.mark.skipif(not REAL, reason="shared corpus not present")
def test_term_read_from_a_real_agreement() -> None:
    from mou_builder.workflows.foreign import facts_of

    source = next(p for p in REAL if "rochester" in p.name)
    facts = facts_of(analyse(source))
    assert (str(facts.effective), str(facts.expires)) == ("2021-07-01", "2022-07-01")
    assert facts.agency and facts.agency.short == "City"
