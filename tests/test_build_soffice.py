"""LibreOffice as a second client: the built .docx opens, prints, and keeps its markers.

Two soffice calls for the whole module: both documents to PDF, one to .docx (round trip).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mou_builder.assembly.assembler import assemble
from mou_builder.ooxml import clausemap
from mou_builder.ooxml import write as writer
from mou_builder.ooxml.properties import read_manifest
from mou_builder.ooxml.safezip import open_docx
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec

from conftest import (
    CLAUSES,
    DATA,
    EXAMPLES,
    MINI_CLAUSES,
    MINI_SPEC,
    requires_soffice,
    stamp_clause_data,
)

pytestmark = [pytest.mark.soffice, requires_soffice]


def soffice(fmt: str, outdir: Path, profile: Path, *files: Path) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) is not installed")
    root = tmp_path_factory.mktemp("soffice")
    library_dir = root / "clauses"
    library_dir.mkdir()
    for clause_id, data in MINI_CLAUSES.items():
        stamped = stamp_clause_data(yaml.safe_load(yaml.safe_dump(data)))
        (library_dir / f"{clause_id}.yaml").write_text(yaml.safe_dump(stamped, sort_keys=False))
    spec = root / "mini.mou.yaml"
    spec.write_text(MINI_SPEC)
    mini = assemble(load_spec(spec), Library.load(library_dir))
    example = assemble(load_spec(EXAMPLES / "oakview-ca.mou.yaml"), Library.load(CLAUSES))
    built = root / "built"
    built.mkdir()
    mini_docx, example_docx = built / "mini.docx", built / "example.docx"
    letterhead_docx = built / "letterhead.docx"
    mini_docx.write_bytes(writer.build_docx(mini))
    example_docx.write_bytes(writer.build_docx(example))
    letterhead_docx.write_bytes(
        writer.build_docx(mini, template=DATA / "templates" / "letterhead.docx")
    )
    profile = root / "lo-profile"
    soffice("pdf", root / "pdf", profile, mini_docx, example_docx, letterhead_docx)
    soffice("docx", root / "roundtrip", profile, example_docx)
    return {
        "mini": mini,
        "example": example,
        "mini_pdf": root / "pdf" / "mini.pdf",
        "example_pdf": root / "pdf" / "example.pdf",
        "letterhead_pdf": root / "pdf" / "letterhead.pdf",
        "roundtrip": root / "roundtrip" / "example.docx",
    }


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_shows_every_heading_with_its_number_in_order(converted):
    for name in ("mini", "example"):
        text = squash(pdf_text(converted[f"{name}_pdf"]))
        position = 0
        for section in converted[name].sections:
            pattern = re.escape(f"{section.number}. ") + r"\s*" + re.escape(section.title)
            found = re.compile(pattern).search(text, position)
            assert found, f"{name}: {section.number}. {section.title} missing or out of order"
            position = found.end()


def test_pdf_has_filled_parameters_items_table_and_signatories(converted):
    text = squash(pdf_text(converted["mini_pdf"]))
    assert "7 hours a school day" in text
    assert "the records office" in text
    assert "Lakeside High" in text
    assert "(a) patrol the campus;" in text and "(b) respond to crimes." in text
    for name in ("Ana Park", "Lee Stone", "Lakeside School District", "Lakeside Police Department"):
        assert name in text
    assert "Page 2 of" in text
    assert "{{" not in text and "{%" not in text


def test_page_counts_are_plausible(converted):
    assert 3 <= pdf_pages(converted["mini_pdf"]) <= 6
    sections = len(converted["example"].sections)
    assert sections // 6 <= pdf_pages(converted["example_pdf"]) <= sections * 2
    text = pdf_text(converted["example_pdf"])
    pages = pdf_pages(converted["example_pdf"])
    assert f"Page {pages} of {pages}" in squash(text)


def test_clause_markers_and_manifest_survive_a_libreoffice_round_trip(converted):
    package = open_docx(converted["roundtrip"])
    manifest = read_manifest(package)
    spans = clausemap.clause_spans(package.xml("word/document.xml"), manifest)
    example = converted["example"]
    assert [(s.clause_id, s.version, s.section) for s in spans] == [
        (s.clause_id, s.version, s.number) for s in example.sections
    ]
    assert manifest is not None and manifest["spec_hash"] == example.spec_hash
    # the custom XML copy of the manifest survives as well
    package.parts.pop("docProps/custom.xml")
    assert read_manifest(package) == manifest
    # each span still starts at its heading
    for span, section in zip(spans, example.sections, strict=True):
        heading = "".join(
            t.text or ""
            for t in span.elements[0].iter(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
            )
        )
        assert heading == section.title


def test_a_libreoffice_round_trip_diffs_and_redlines_as_no_change(converted):
    """Paragraph marks and style names LibreOffice changes are no edit (issue 14)."""
    from mou_builder.workflows.redline import diff_sides, load_side, redline_bytes

    built = converted["roundtrip"].parent.parent / "built" / "example.docx"
    old, new = load_side(built), load_side(converted["roundtrip"])
    assert diff_sides(old, new) == []
    assert redline_bytes(old, new).revisions == 0


def test_letterhead_template_prints_its_letterhead_and_the_same_sections(converted):
    text = squash(pdf_text(converted["letterhead_pdf"]))
    first_page = squash(
        subprocess.run(
            ["pdftotext", "-l", "1", str(converted["letterhead_pdf"]), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    assert "Prepared for the Board of Education" in first_page
    for section in converted["mini"].sections:
        assert f"{section.number}. {section.title}" in text
