"""`mou packet --lang es`: the board packet in Spanish. The agreement for approval is the
translation, the compliance matrix and the change memo have their fixed texts from the
Spanish catalogue; what they quote from the English agreement, the library or the
profiles stays English and is tagged en-US in the Word runs. The English packet is
unchanged, byte for byte."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from mou_builder.assembly.assembler import assemble
from mou_builder.cli import mou
from mou_builder.compare.align import Change
from mou_builder.model import language
from mou_builder.render.boardmemo import memo_blocks
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec
from mou_builder.workflows.redline import Side

from conftest import CLAUSES, EXAMPLES

EXAMPLE = EXAMPLES / "oakview-ca.mou.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAME = "OAKVIEW-SRO-2026"

#: SHA-256 of the English packet of the renewal below, as written before the packet could be
#: written in another language. A change to these bytes must be a deliberate one (the
#: redline's changed when no tracked paragraph break was left before a numbered heading; the
#: agreement's when each heading took its clause marker out of a content control around the
#: clause and into an empty one of its own).
ENGLISH_PACKET = {
    "changes.docx": "0186cb79f218ff3761de36ddab3898cb8fe376f0c548c83829d282c0a36c1db1",
    "changes.md": "12c5d36c4b02e0bf9c860d06ff20eb0568aa9221fa2e388e03a61ccaf81829d0",
    "compliance-matrix.docx": "d10786389f0f0a2dc00f38e5aeb289d0a7630cad61081fe5cbc33917e0e6d7f6",
    "compliance-matrix.md": "c1fc674c4fa11291e0fad77fd24678d4848ff4c8e87360f5f24324590b53e33a",
    "for-approval.docx": "12437ca7c7297b6bf0822854fd4f6a4546b59ec3e9fc419cfe067680f199e63f",
    "redline.docx": "b175a62b35784eb9d9bed86a4f96d7368e3899b13e2db811bce3d79222f25c43",
}


def renewal(root: Path) -> Path:
    """Revision 2 of the Oakview example: the hours clause moves to its version 2."""
    text = EXAMPLE.read_text()
    old = "  - id: hours-full-time\n    version: 1\n"
    assert old in text, "the example no longer pins hours-full-time@1"
    spec = root / "oakview-2027.mou.yaml"
    spec.write_text(
        text.replace(old, "  - id: hours-full-time\n    version: 2\n").replace(
            'revision: "1"', 'revision: "2"'
        )
    )
    return spec


def write_packet(root: Path, *extra: str, wording: str = "") -> tuple[Path, CliRunner]:
    out, spec = root / "packet", renewal(root)
    spec.write_text(spec.read_text() + wording)
    args = ["--library", str(CLAUSES), "packet", str(spec), "--prior", str(EXAMPLE)]
    args += ["-o", str(out), "--board-date", "2026-06-15", "--item", "7.2", "--no-pdf"]
    result = CliRunner().invoke(mou, [*args, "--format", "md", *extra])
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_packet(tmp_path_factory.mktemp("es"), "--lang", "es")[0]


def part(path: Path, name: str) -> etree._Element:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False))


def runs(path: Path) -> list[tuple[str, str | None]]:
    """Each text run of the body: its text and its own language tag (None: the document's)."""
    found = []
    for run in part(path, "word/document.xml").iter(f"{{{W}}}r"):
        text = "".join(t.text or "" for t in run.iter(f"{{{W}}}t"))
        lang = run.find(f"{{{W}}}rPr/{{{W}}}lang")
        found.append((text, None if lang is None else lang.get(f"{{{W}}}val")))
    return found


def document_language(path: Path) -> str | None:
    lang = part(path, "word/styles.xml").find(f".//{{{W}}}docDefaults//{{{W}}}lang")
    return None if lang is None else lang.get(f"{{{W}}}val")


def test_the_english_packet_has_the_same_bytes_as_before(tmp_path: Path) -> None:
    out, _ = write_packet(tmp_path)
    written = {
        name: hashlib.sha256((out / f"{NAME}-{name}").read_bytes()).hexdigest()
        for name in ENGLISH_PACKET
    }
    assert written == ENGLISH_PACKET


def test_every_document_of_the_spanish_packet_is_in_spanish(spanish: Path) -> None:
    for doc in ("for-approval", "compliance-matrix", "changes"):
        assert document_language(spanish / f"{NAME}-{doc}.docx") == "es-US", doc
    agreement = " ".join(text for text, _ in runs(spanish / f"{NAME}-for-approval.docx"))
    assert "Memorando de Entendimiento" in agreement
    # the redline compares the English texts, which govern
    assert document_language(spanish / f"{NAME}-redline.docx") == "en-US"
    assert json.loads((spanish / "packet.json").read_text())["lang"] == "es"


def test_the_matrix_has_spanish_headers_subjects_and_status_words(spanish: Path) -> None:
    matrix = runs(spanish / f"{NAME}-compliance-matrix.docx")
    spanish_text = {text for text, lang in matrix if lang is None}
    assert {"Tema", "Requisito", "Dónde se cumple", "Cita", "Estado"} <= spanish_text
    assert {"Objeto del acuerdo", "Supervisión y cadena de mando", "Se cumple"} <= spanish_text
    assert any(t.startswith("Matriz de cumplimiento") for t in spanish_text)
    assert any(t.startswith("Sección 8, ") for t in spanish_text)
    for english in ("Subject", "Requirement", "Satisfied by", "Met", "Whole agreement"):
        assert english not in spanish_text


def test_the_profiles_own_text_stays_english_tagged_en_us(spanish: Path) -> None:
    matrix = runs(spanish / f"{NAME}-compliance-matrix.docx")
    english = {text for text, lang in matrix if lang == "en-US"}
    assert "The agreement must state its purpose" in english  # a requirement
    assert "BP 3515.31 (MOU contents, item 1)" in english  # its citation
    assert "Board Policy 3515.31, School Resource Officers" in english  # the authority
    # a Spanish word never sits in an English-tagged run, nor an English requirement untagged
    assert not any(t.startswith("Fundamento") for t in english)
    assert "The agreement must state its purpose" not in {t for t, lang in matrix if lang is None}


def test_the_memo_speaks_spanish_and_quotes_the_library_in_english(spanish: Path) -> None:
    memo = runs(spanish / f"{NAME}-changes.docx")
    said = " ".join(text for text, lang in memo if lang is None)
    assert "Secciones modificadas" in said
    assert "En resumen: 1 sección modificada." in said
    assert "Sección 8 (Horario de servicio asignado): " in said  # the section as translated
    assert "Ahora usa la versión 2 del texto aprobado" in said
    assert "Su texto cambia en 5 lugares" in said
    assert "see the redline" not in said and "Sections changed" not in said
    english = {text for text, lang in memo if lang == "en-US"}
    assert "The days of the week on which SROs are assigned" in english  # a parameter's help
    assert "Monday through Friday" in english  # its new value


def test_the_markdown_views_carry_no_language_marks(spanish: Path) -> None:
    for doc in ("changes", "compliance-matrix"):
        text = (spanish / f"{NAME}-{doc}.md").read_text(encoding="utf-8")
        assert re.search("[\ue000-\uf8ff]", text) is None, doc
    assert "## Secciones modificadas" in (spanish / f"{NAME}-changes.md").read_text()


def test_quoted_english_wording_is_in_spanish_quotation_marks_tagged_en_us() -> None:
    library = Library.load(CLAUSES)
    english = assemble(load_spec(EXAMPLE), library)
    shown = assemble(load_spec(EXAMPLE), library, "es")
    section = english.sections[2]
    edit = Change(
        section.clause_id,
        "modified",
        section.version,
        section.version,
        "",
        "",
        title=section.title,
        old_number=section.number,
        new_number=section.number,
        edits=[("Officers report every week.", "Officers report every month.")],
    )
    side = Side(str(EXAMPLE), agreement=english)
    blocks = memo_blocks(side, side, [edit], library, shown)
    sentence = next(b[1] for b in blocks if b[0] == "item")
    assert ("every week", "en") in language.passages(sentence)
    assert ("every month", "en") in language.passages(sentence)
    assert language.unmarked(sentence) == (
        f"Sección {section.number} ({shown.sections[2].title}): "
        "Donde decía «every week», ahora dice «every month»."
    )


def test_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        mou,
        [
            "--library",
            str(CLAUSES),
            "packet",
            str(EXAMPLE),
            "--prior",
            str(EXAMPLE),
            "-o",
            str(tmp_path / "p"),
            "--lang",
            "fr",
        ],
    )
    assert result.exit_code == 2
    assert "unknown language 'fr'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "p").exists()


def test_straight_quotes_opening_a_quoted_english_passage_become_opening_quotes() -> None:
    from mou_builder.model.typography import typeset

    quoted = language.governing_passage('"Agreement" means this memorandum', "es")
    assert language.unmarked(typeset(f"Donde decía «{quoted}».")) == (
        "Donde decía «“Agreement” means this memorandum»."
    )


def test_the_spec_s_own_spanish_names_are_used_in_spanish_untagged(tmp_path: Path) -> None:
    wording = (
        "translations:\n  es:\n    title: Memorando sobre los SRO de Oakview\n"
        "    board: Junta de Educación de Oakview\n"
    )
    out, _ = write_packet(tmp_path, "--lang", "es", wording=wording)
    matrix = runs(out / f"{NAME}-compliance-matrix.docx")
    assert ("Matriz de cumplimiento del acuerdo «Memorando sobre los SRO de Oakview»", None) in (
        matrix
    )
    memo = " ".join(text for text, lang in runs(out / f"{NAME}-changes.docx") if lang is None)
    assert "Cambios en el acuerdo «Memorando sobre los SRO de Oakview»" in memo
    assert "ante la junta, Junta de Educación de Oakview." in memo
