"""Clause translations: the format, assembly in a language, `mou translations status`,
`mou check --lang`, the Spanish and side-by-side Word documents, and the published page.

The translated library is the shipped one with the test translations of
tests/fixtures/translations/es.yaml added (term-renewal@1 approved, hours-full-time@1 and
leave-coverage@1 drafts)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from mou_builder.assembly.assembler import assemble
from mou_builder.cli import mou
from mou_builder.model.hashing import version_hash
from mou_builder.model.schema import Clause
from mou_builder.ooxml import clausemap
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec
from translation_support import translated_library

from conftest import EXAMPLES, requires_soffice

OAKVIEW = EXAMPLES / "oakview-ca.mou.yaml"
SOME_HASH = "sha256:" + "0" * 64


@pytest.fixture(scope="module")
def library_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return translated_library(tmp_path_factory.mktemp("lib") / "clauses")


@pytest.fixture(scope="module")
def spanish(library_root: Path):
    return assemble(load_spec(OAKVIEW), Library.load(library_root), "es")


def mou_run(*args: str, library: Path | None = None):
    prefix = ["--library", str(library)] if library else []
    return CliRunner().invoke(mou, [*prefix, *args])


def clause_file(root: Path, version: dict) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    data = {"id": "purpose", "title": "Purpose", "elements": ["purpose"], "versions": [version]}
    path = root / "purpose.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


# --------------------------------------------------------------------------- the format


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        (
            {"status": "draft", "text": ["Hola."]},
            "missing required key 'versions.0.translations.es.translates'",
        ),
        (
            {"status": "approved", "translates": SOME_HASH, "text": ["Hola."]},
            "an approved translation needs 'reviewer' and 'approved_on'",
        ),
    ],
)
def test_a_bad_translation_is_refused_at_its_place_in_the_file(tmp_path, translation, message):
    version = {"version": 1, "status": "draft", "text": ["Hello."]}
    version["translations"] = {"es": translation}
    path = clause_file(tmp_path / "lib", version)
    result = mou_run("clauses", "list", library=path.parent)
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: .*{re.escape(message)}", result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("code", "message"), [("fr", "unknown language 'fr'"), ("en", "governing")]
)
def test_a_translation_into_an_unknown_or_the_governing_language_is_refused(
    tmp_path, code, message
):
    translation = {"status": "draft", "translates": SOME_HASH, "text": ["Bonjour."]}
    version = {
        "version": 1,
        "status": "draft",
        "text": ["Hello."],
        "translations": {code: translation},
    }
    path = clause_file(tmp_path / "lib", version)
    result = mou_run("clauses", "list", library=path.parent)
    assert result.exit_code == 2
    line = next(line for line in result.output.splitlines() if message in line)
    number = path.read_text().splitlines().index(f"    {code}:") + 1
    assert line.startswith(f"mou: error: {path}:{number}:5: versions.0.translations.{code}:")


def test_the_version_hash_does_not_cover_translations():
    base = {"version": 1, "status": "draft", "text": ["Hello {{ district }}."]}
    data = {"id": "purpose", "title": "Purpose", "elements": ["purpose"]}
    plain = Clause.model_validate({**data, "versions": [base]}).versions[0]
    translation = {"status": "draft", "translates": SOME_HASH, "text": ["Hola {{ district }}."]}
    translated = Clause.model_validate(
        {**data, "versions": [{**base, "translations": {"es": translation}}]}
    ).versions[0]
    edited = plain.model_copy(update={"text": ["Hello, {{ district }}."]})
    assert version_hash(translated) == version_hash(plain) != version_hash(edited)


# --------------------------------------------------------------------------- assembly


def test_an_approved_translation_renders_dates_and_its_title_in_spanish(spanish):
    section = spanish.section_for("term-renewal")
    assert (section.lang, section.translation, section.unofficial) == ("es", "approved", False)
    assert section.title == "Vigencia y renovación"
    text = section.text.replace("\u00a0", " ")
    assert "entra en vigor el 1 de julio de 2026 y termina el 30 de junio de 2027" in text
    assert "más de 12 meses" in text


def test_a_draft_translation_is_unofficial_and_translates_table_labels_and_references(spanish):
    hours = spanish.section_for("hours-full-time")
    assert (hours.lang, hours.translation, hours.unofficial) == ("es", "draft", True)
    (table,) = [b for b in hours.blocks if hasattr(b, "columns")]
    assert table.columns == ["Escuela", "Horas por semana"]
    assert ["Oakview High School", "40"] in table.rows
    leave = spanish.section_for("leave-coverage")
    assert f"fijadas en Sección\u00a0{hours.number} " in leave.text or (
        f"fijadas en Sección {hours.number} " in leave.text
    )


def test_a_clause_without_a_translation_falls_back_to_english_marked_missing(spanish):
    section = spanish.section_for("recitals")
    assert (section.lang, section.translation) == ("en", "missing")
    assert section.title == "Recitals"


def mini(tmp_path: Path, translation: dict, *, text=None, params=None) -> Library:
    version = {
        "version": 1,
        "status": "draft",
        "params": params or {},
        "text": text or ["Invoices are sent {{ freq }} from {{ start }}."],
    }
    data = {"id": "purpose", "title": "Purpose", "elements": ["purpose"], "versions": [version]}
    probe = Clause.model_validate(data).versions[0]
    translation.setdefault("translates", version_hash(probe))
    version["translations"] = {"es": translation}
    clause_file(tmp_path / "lib", version)
    return Library.load(tmp_path / "lib")


def mini_spec(tmp_path: Path, params: dict) -> Path:
    spec = yaml.safe_load(OAKVIEW.read_text())
    spec["clauses"] = [{"id": "purpose", "version": 1, "params": params}]
    spec["profiles"] = []
    path = tmp_path / "mini.mou.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


FREQ = {
    "freq": {"type": "enum", "help": "how often", "choices": ["monthly", "quarterly"]},
    "start": {"type": "date", "help": "first invoice"},
}


def test_enum_values_read_through_the_translations_choices(tmp_path):
    translation = {
        "status": "draft",
        "text": ["Las facturas se envían {{ freq }} desde el {{ start }}."],
        "choices": {"freq": {"monthly": "mensualmente", "quarterly": "cada trimestre"}},
    }
    library = mini(tmp_path, translation, params=FREQ)
    spec = mini_spec(tmp_path, {"freq": "quarterly", "start": "2026-09-01"})
    english = assemble(load_spec(spec), library)
    spanish = assemble(load_spec(spec), library, "es")
    assert "sent quarterly from September 1, 2026" in english.sections[0].text.replace("\xa0", " ")
    text = spanish.sections[0].text.replace("\xa0", " ")
    assert text == "Las facturas se envían cada trimestre desde el 1 de septiembre de 2026."


def test_text_and_list_values_named_in_choices_are_shown_translated(tmp_path):
    params = {
        "who": {"type": "str", "help": "who"},
        "days": {"type": "list", "help": "which days"},
    }
    translation = {
        "status": "draft",
        "text": ["{{ who }} atiende los {{ days }}."],
        "choices": {
            "who": {"the Sergeant": "el Sargento"},
            "days": {"Monday": "lunes", "Friday": "viernes"},
        },
    }
    library = mini(tmp_path, translation, text=["{{ who }} serves on {{ days }}."], params=params)
    spec = mini_spec(tmp_path, {"who": "the Sergeant", "days": ["Monday", "Wednesday", "Friday"]})
    section = assemble(load_spec(spec), library, "es").sections[0]
    assert section.text == "el Sargento atiende los lunes, Wednesday y viernes."


def test_a_translation_whose_variables_differ_is_not_rendered(tmp_path):
    translation = {"status": "draft", "text": ["Las facturas se envían {{ freq }}."]}
    library = mini(tmp_path, translation, params=FREQ)
    spec = mini_spec(tmp_path, {"freq": "monthly", "start": "2026-09-01"})
    section = assemble(load_spec(spec), library, "es").sections[0]
    assert (section.lang, section.translation) == ("en", "draft")
    assert section.text.startswith("Invoices are sent monthly")


def test_assembling_in_an_unknown_language_is_refused(library_root):
    result = mou_run("check", str(OAKVIEW), "--lang", "fr", library=library_root)
    assert result.exit_code == 2
    assert "--lang: unknown language 'fr' (known: en, es)" in result.output


# --------------------------------------------------------------------------- status


def test_status_lists_each_version_of_the_spec_with_its_translation_state(library_root):
    result = mou_run(
        "translations", "status", "--spec", str(OAKVIEW), "--format", "json", library=library_root
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    states = {(r["clause"], r["version"]): r["state"] for r in report["translations"]}
    assert states[("term-renewal", 1)] == "approved"
    assert states[("hours-full-time", 1)] == "draft"
    assert states[("recitals", 1)] == "missing"
    assert report["counts"]["approved"] == 1 and report["counts"]["draft"] == 2
    assert len(states) == len(yaml.safe_load(OAKVIEW.read_text())["clauses"])


def test_status_as_a_table_and_strict_fails_on_missing_and_draft(library_root):
    result = mou_run("translations", "status", "--spec", str(OAKVIEW), library=library_root)
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if line.startswith("term-renewal"))
    assert row.split()[:5] == ["term-renewal", "v1", "approved", "es", "approved"]
    assert "approved by Marta Salas" in row
    strict = mou_run(
        "translations", "status", "--spec", str(OAKVIEW), "--strict", library=library_root
    )
    assert strict.exit_code == 1


def test_status_refuses_an_unknown_language(library_root):
    result = mou_run("translations", "status", "--lang", "de", library=library_root)
    assert result.exit_code == 2 and "unknown language 'de'" in result.output


# --------------------------------------------------------------------------- staleness


def test_a_new_version_with_edited_english_makes_check_name_the_changed_words(
    library_root, tmp_path
):
    root = tmp_path / "clauses"
    shutil.copytree(library_root, root)
    result = mou_run("clauses", "new-version", "leave-coverage", "--from", "1", library=root)
    assert result.exit_code == 0, result.output
    assert "leave-coverage@2: added as a draft copy" in result.output
    path = root / "leave-coverage.yaml"
    data = yaml.safe_load(path.read_text())
    new = data["versions"][-1]
    assert new["version"] == 2 and new["status"] == "draft" and "hash" not in new
    assert new["translations"]["es"]["status"] == "draft"  # copied, never approved
    new["text"][2] = new["text"][2].replace("within one School Day", "within two School Days")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    spec = yaml.safe_load(OAKVIEW.read_text())
    spec["clauses"] = [
        {"id": "leave-coverage", "version": 2, "params": {"coverage_after_days": 3}}
        if isinstance(c, dict) and c.get("id") == "leave-coverage"
        else c
        for c in spec["clauses"]
    ]
    spec_path = tmp_path / "oakview.mou.yaml"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))
    english = mou_run("check", str(spec_path), library=root)
    checked = mou_run("check", str(spec_path), "--lang", "es", library=root)
    assert "(translations)" not in english.output
    assert checked.exit_code == 1
    (line,) = [
        line for line in checked.output.splitlines() if "stale" in line and "(translations)" in line
    ]
    assert "clause 'leave-coverage' v2" in line
    assert "since version 1: ‘one’ → ‘two’ School; ‘Day’ → ‘Days’" in line
    status = mou_run("translations", "status", "--spec", str(spec_path), library=root)
    assert status.exit_code == 1 and "stale" in status.output


# --------------------------------------------------------------------------- documents


def docx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".xml")
        }


def texts(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)).replace("\xa0", " ")


@pytest.fixture(scope="module")
def spanish_docx(library_root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("es") / "es.docx"
    result = mou_run("build", str(OAKVIEW), "--lang", "es", "-o", str(out), library=library_root)
    assert result.exit_code == 0, result.output
    return out


def test_the_spanish_document_is_in_spanish_and_says_the_english_governs(spanish_docx):
    parts = docx_parts(spanish_docx)
    assert 'w:val="es-US"' in parts["word/styles.xml"]
    body = texts(parts["word/document.xml"])
    for words in (
        "Vigencia y renovación",
        "El texto en inglés es el acuerdo oficial.",
        "This English text is the official agreement.",
        "Firmas",
        "Aprobación de la junta",
        "Borrador para discusión",
        "del 1 de julio de 2026 al 30 de junio de 2027",
    ):
        assert words in body, words
    around = texts(outside_clauses(parts["word/document.xml"]))
    assert "Signatures" not in around and "Board Approval" not in around
    running = " ".join(texts(xml) for name, xml in parts.items() if "/footer" in name)
    assert "Página 1 de 1" in running and "Page" not in running


def _xml(elements) -> str:
    return "".join(etree.tostring(e, encoding="unicode", with_tail=False) for e in elements)


def section_xml(document: str, clause_id: str) -> str:
    """The XML of the one clause whose id contains ``clause_id``, heading to last block, as
    the clause mapper finds it."""
    spans = clausemap.clause_spans(etree.fromstring(document.encode()))
    (found,) = [_xml(s.elements) for s in spans if clause_id in s.clause_id]
    return found


def outside_clauses(document: str) -> str:
    """The XML of the body blocks no clause holds (cover, signatures, approval)."""
    root = etree.fromstring(document.encode())
    spans = clausemap.clause_spans(root)  # alive while their elements' ids are compared
    inside = {id(e) for span in spans for e in span.elements}
    return _xml(e for e in clausemap.body_blocks(root) if id(e) not in inside)


def test_unapproved_translations_are_marked_and_english_passages_tagged(spanish_docx):
    document = docx_parts(spanish_docx)["word/document.xml"]
    assert "Traducción no oficial" in texts(section_xml(document, "hours-full-time"))
    assert "Traducción no oficial" not in texts(section_xml(document, "term-renewal"))
    recitals = section_xml(document, "recitals")
    assert "Esta sección se muestra en inglés" in texts(recitals)
    assert '<w:lang w:val="en-US"/>' in recitals
    assert '<w:lang w:val="en-US"/>' not in section_xml(document, "term-renewal")


def test_the_clauses_of_a_spanish_document_match_the_hashes_it_records(
    spanish_docx, library_root, tmp_path
):
    """Marks under headings (unofficial, shown in English) are part of what was recorded."""
    result = mou_run("verify", str(spanish_docx), library=library_root)
    assert "every clause matches the version and text hash recorded" in result.output
    assert "changed" not in result.output
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(spanish_docx) as src, zipfile.ZipFile(edited, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(
                    "Traducción no oficial".encode(), b"Traducci\xc3\xb3n oficial", 1
                )
            out.writestr(item, data)
    result = mou_run("verify", str(edited), library=library_root)
    assert result.exit_code == 1
    assert "its text no longer matches the hash recorded" in result.output


def test_the_spanish_document_is_the_same_bytes_each_time(spanish_docx, library_root, tmp_path):
    again = tmp_path / "again.docx"
    mou_run("build", str(OAKVIEW), "--lang", "es", "-o", str(again), library=library_root)
    assert again.read_bytes() == spanish_docx.read_bytes()


def test_side_by_side_puts_english_and_spanish_in_two_columns_per_section(library_root, tmp_path):
    out = tmp_path / "sbs.docx"
    result = mou_run(
        "build",
        str(OAKVIEW),
        "--lang",
        "es",
        "--layout",
        "side-by-side",
        "-o",
        str(out),
        library=library_root,
    )
    assert result.exit_code == 0, result.output
    document = docx_parts(out)["word/document.xml"]
    term = section_xml(document, "term-renewal")
    assert term.count("<w:gridCol ") == 2
    row = re.findall(r"<w:tr>(?:(?!<w:tr>).)*?</w:tr>", term)[-1]
    left, right = re.findall(r"<w:tc>.*?</w:tc>(?=<w:tc>|</w:tr>)", row)
    assert "This Agreement takes effect on" in texts(left)
    assert "Este Acuerdo entra en vigor el" in texts(right)
    assert "English" in texts(term) and "Español" in texts(term)
    assert "Traducción no oficial" not in texts(term)  # approved
    hours = section_xml(document, "hours-full-time")
    assert "Español — Traducción no oficial" in texts(hours)


def test_side_by_side_needs_a_translation(library_root, tmp_path):
    result = mou_run(
        "build",
        str(OAKVIEW),
        "--layout",
        "side-by-side",
        "-o",
        str(tmp_path / "x.docx"),
        library=library_root,
    )
    assert result.exit_code == 2
    assert "--layout side-by-side needs a translation (--lang es)" in result.output
    assert not (tmp_path / "x.docx").exists()


# --------------------------------------------------------------------------- publish


def test_the_spanish_page_shows_translations_and_marks_english_and_unofficial_text(
    library_root, tmp_path
):
    result = mou_run(
        "publish", str(OAKVIEW), "-o", str(tmp_path), "--lang", "es", library=library_root
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "OAKVIEW-SRO-2026.es.html").read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section id="([^"]+)" class="clause"(.*?)</section>', page, re.S))
    assert "Vigencia y renovación" in sections["term-renewal"]
    assert 'lang="en-US"' not in sections["term-renewal"].split(">", 1)[0]
    assert "Traducción no oficial" in sections["hours-full-time"]
    assert "Traducción no oficial" not in sections["term-renewal"]
    assert sections["recitals"].split(">", 1)[0].endswith('lang="en-US"')
    assert io.StringIO(page).read().count("Sección") > 0


def test_a_translated_document_is_a_word_document(library_root, tmp_path):
    out = tmp_path / "es.md"
    result = mou_run(
        "build",
        str(OAKVIEW),
        "--lang",
        "es",
        "--format",
        "md",
        "-o",
        str(out),
        library=library_root,
    )
    assert result.exit_code == 2 and "--lang es writes a Word document" in result.output
    assert not out.exists()


@requires_soffice
@pytest.mark.soffice
def test_libreoffice_lays_out_the_side_by_side_columns(library_root, tmp_path):
    import subprocess

    from mou_builder.util.pdf import to_pdf

    out = tmp_path / "sbs.docx"
    result = mou_run(
        "build",
        str(OAKVIEW),
        "--lang",
        "es",
        "--layout",
        "side-by-side",
        "-o",
        str(out),
        library=library_root,
    )
    assert result.exit_code == 0, result.output
    pdf = to_pdf(out, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\xa0", " ")
    # the two columns print on the same lines: English left, Spanish right
    line = next(line for line in text.splitlines() if "Este Acuerdo entra en vigor" in line)
    assert line.index("This Agreement takes effect on") < line.index("Este Acuerdo entra en vigor")
    assert "Página 2 de" in text


def test_a_translated_document_records_its_language_and_each_sections_state(spanish, library_root):
    manifest = spanish.manifest()
    states = {c["id"]: c["translation"] for c in manifest["clauses"]}
    assert manifest["lang"] == "es"
    assert (states["term-renewal"], states["hours-full-time"], states["recitals"]) == (
        "approved",
        "draft",
        "missing",
    )
    english = assemble(load_spec(OAKVIEW), Library.load(library_root)).manifest()
    assert "lang" not in english and "translation" not in english["clauses"][0]


def test_an_empty_translations_key_means_none(tmp_path):
    version = {"version": 1, "status": "draft", "text": ["Hello."], "translations": None}
    path = clause_file(tmp_path / "lib", version)
    assert Library.load(path.parent).require("purpose").clause.versions[0].translations == {}


# --------------------------------------------------------------------------- the spec's wording


def spec_with(tmp_path: Path, translations: object) -> Path:
    text = OAKVIEW.read_text(encoding="utf-8")
    path = tmp_path / "worded.mou.yaml"
    path.write_text(text + yaml.safe_dump({"translations": translations}, allow_unicode=True))
    return path


def test_the_parties_short_names_follow_the_clause_translations_defined_terms(spanish):
    from mou_builder.model.cover import intro_text

    parties = spanish.spec.parties
    assert (parties.district.short, parties.agency.short) == ("Distrito", "Agencia")
    intro = intro_text(spanish, "es")
    assert "(el “Distrito”)" in intro and "(la “Agencia”)" in intro
    assert spanish.spec.title == load_spec(OAKVIEW).spec.title  # no Spanish title given


def test_the_spec_names_the_agreement_and_board_in_a_language(tmp_path, library_root):
    wording = {"title": "Memorando sobre los SRO", "board": "Junta de Educación de Oakview"}
    path = spec_with(tmp_path, {"es": {**wording, "agency_short": "Policía"}})
    agreement = assemble(load_spec(path), Library.load(library_root), "es")
    assert agreement.title == "Memorando sobre los SRO"
    assert agreement.spec.board.name == "Junta de Educación de Oakview"
    assert agreement.spec.parties.agency.short == "Policía"
    english = assemble(load_spec(path), Library.load(library_root))
    assert english.title == load_spec(OAKVIEW).spec.title  # the English is as the spec says


def test_a_spec_wording_in_an_unknown_language_is_refused_at_its_place(tmp_path):
    path = spec_with(tmp_path, {"fr": {"title": "Protocole"}})
    result = mou_run("check", str(path))
    assert result.exit_code == 2
    number = path.read_text().splitlines().index("  fr:") + 1
    (line,) = [line for line in result.output.splitlines() if "unknown language 'fr'" in line]
    assert line.startswith(f"mou: error: {path}:{number}:3: translations.fr:")
