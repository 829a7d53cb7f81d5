"""Tagged PDF (PDF/UA): `mou final --pdf` writes a PDF a screen reader can follow.

The PDF is read back with pypdf: its language, title, structure tree (headings by level,
lists, tables with header cells, figures with alternative text), bookmarks, fonts
(embedded, with a Unicode map) and page content (each text or image drawn either tagged or
an artifact). This is not a PDF/UA validator (none is installed): whether the reading order
matches the page, whether what is an artifact should be one, role-map semantics, table
header scope and glyph-level checks are left out.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject

from mou_builder.assembly.assembler import assemble
from mou_builder.cli import mou
from mou_builder.errors import UsageError
from mou_builder.ooxml import write as writer
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec
from mou_builder.util.pdf import pdf_filter, to_pdf

from conftest import CLAUSES, DATA, EXAMPLES, requires_soffice

EXAMPLE = EXAMPLES / "oakview-ca.mou.yaml"
LETTERHEAD = DATA / "templates" / "letterhead.docx"
with zipfile.ZipFile(LETTERHEAD) as _shipped:
    LOGO_PNG = _shipped.read("word/media/image1.png")  # the letterhead's emblem


def approvable_example() -> str:
    """The shipped example with every clause version approved (as a renewal would pin)."""
    text = EXAMPLE.read_text()
    old = "  - id: hours-full-time\n    version: 1\n"
    assert old in text, "the example no longer pins hours-full-time@1"
    return text.replace(old, "  - id: hours-full-time\n    version: 2\n")


def final_pdf(root: Path, *template: str) -> Path:
    """`mou final --pdf` of the example in a directory of its own (one record per revision)."""
    root.mkdir()
    spec = root / "oakview.mou.yaml"
    spec.write_text(approvable_example())
    args = [*("--template", *template)] if template else []
    result = CliRunner().invoke(
        mou,
        [
            "--library",
            str(CLAUSES),
            "final",
            str(spec),
            "--board-date",
            "2026-06-15",
            "--item",
            "7.2",
            "--pdf",
            "-o",
            str(root / "final"),
            *args,
        ],
    )
    assert result.exit_code == 0, result.output
    (pdf,) = (root / "final").glob("*.pdf")
    return pdf


@pytest.fixture(scope="module")
def agreement(tmp_path_factory: pytest.TempPathFactory):
    spec = tmp_path_factory.mktemp("spec") / "oakview.mou.yaml"
    spec.write_text(approvable_example())
    return assemble(load_spec(spec), Library.load(CLAUSES))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PdfReader]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    root = tmp_path_factory.mktemp("tagged")
    return {
        "default": PdfReader(final_pdf(root / "default")),
        "letterhead": PdfReader(final_pdf(root / "letterhead", str(LETTERHEAD))),
    }


# ------------------------------------------------------------------ the structure tree


def resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def elements(reader: PdfReader) -> list[tuple[str, DictionaryObject]]:
    """Every structure element in document order, as (standard type, element): custom
    types (LibreOffice's paragraph style names) are resolved through the role map."""
    tree = resolve(reader.trailer["/Root"]["/StructTreeRoot"])
    role_map = resolve(tree.get("/RoleMap")) or {}

    def standard(kind: str) -> str:
        seen = set()
        while kind in role_map and kind not in seen:
            seen.add(kind)
            kind = str(role_map[kind])
        return kind

    found: list[tuple[str, DictionaryObject]] = []

    def walk(node: Any) -> None:
        node = resolve(node)
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            return  # a marked-content id or an object reference: content, not structure
        found.append((standard(str(node["/S"])), node))
        if "/K" in node:
            walk(node["/K"])

    walk(tree["/K"])
    return found


def under(element: DictionaryObject) -> list[str]:
    """The raw types of every element below ``element``."""
    kinds: list[str] = []
    kids = resolve(element.get("/K"))
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = resolve(kid)
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            kinds += [str(kid["/S"]), *under(kid)]
    return kinds


def attributes(element: DictionaryObject) -> dict[str, Any]:
    """The element's attributes (``/A``: one dictionary or several), merged."""
    found = resolve(element.get("/A"))
    merged: dict[str, Any] = {}
    for item in found if isinstance(found, ArrayObject) else [found] if found else []:
        item = resolve(item)
        if isinstance(item, DictionaryObject):
            merged.update(item)
    return merged


def heading_levels(reader: PdfReader) -> list[int]:
    return [int(kind[2:]) for kind, _ in elements(reader) if re.fullmatch(r"/H[1-6]", kind)]


def outline_titles(outline: list[Any]) -> list[str]:
    titles: list[str] = []
    for entry in outline:
        titles += outline_titles(entry) if isinstance(entry, list) else [entry.title]
    return titles


def xmp_text(reader: PdfReader) -> str:
    return resolve(reader.trailer["/Root"]["/Metadata"]).get_data().decode("utf-8")


# ------------------------------------------------------------------------------ tests


@pytest.mark.soffice
@pytest.mark.parametrize("kind", ["default", "letterhead"])
def test_the_pdf_declares_language_title_and_tagging(pdfs, agreement, kind: str) -> None:
    reader = pdfs[kind]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert resolve(root["/MarkInfo"])["/Marked"] == BooleanObject(True)
    assert resolve(root["/ViewerPreferences"])["/DisplayDocTitle"] == BooleanObject(True)
    title = agreement.spec.title
    assert reader.metadata is not None and reader.metadata.title == title
    assert reader.xmp_metadata is not None and reader.xmp_metadata.dc_title == {"x-default": title}
    xmp = xmp_text(reader)
    # PDF/UA-1 and, for the clerk's archival copy, PDF/A-2b in the same file
    assert re.search(r"pdfuaid:part(?:>|=\")1\b", xmp)
    assert re.search(r"pdfaid:part(?:>|=\")2\b", xmp)
    assert re.search(r"pdfaid:conformance(?:>|=\")B\b", xmp)


@pytest.mark.soffice
@pytest.mark.parametrize("kind", ["default", "letterhead"])
def test_headings_are_tagged_by_level_in_order(pdfs, agreement, kind: str) -> None:
    levels = heading_levels(pdfs[kind])
    assert levels and levels[0] == 1, levels
    skipped = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert skipped == []
    assert set(levels) == {1, 2, 3}
    # the title (cover, and again over the text) H1; every numbered section and the
    # signatures H2; the board approval block under the signatures H3
    assert levels.count(1) == 2
    assert levels.count(2) == len(agreement.sections) + 1
    assert levels[-1] == 3


@pytest.mark.soffice
@pytest.mark.parametrize("kind", ["default", "letterhead"])
def test_lists_tables_and_figures_are_tagged(pdfs, kind: str) -> None:
    found = elements(pdfs[kind])
    kinds = [k for k, _ in found]
    # the lettered items are a real list: L > LI > LBody
    lists = [e for k, e in found if k == "/L"]
    assert lists and all("/LI" in under(e) for e in lists)
    assert "/LBody" in kinds
    # the schedule table's first row repeats, so its cells are header cells
    tables = [e for k, e in found if k == "/Table"]
    assert any("/TH" in under(table) for table in tables)
    # ... of the column below them
    scopes = {str(attributes(e).get("/Scope")) for k, e in found if k == "/TH"}
    assert scopes == {"/Column"}
    figures = [e for k, e in found if k == "/Figure"]
    assert all(str(f.get("/Alt") or "").strip() for f in figures)


@pytest.mark.soffice
def test_the_letterhead_emblem_carries_the_template_alt_text(pdfs) -> None:
    figures = [e for k, e in elements(pdfs["letterhead"]) if k == "/Figure"]
    # the template says "Logo of {{ district.name }}"
    assert [str(f["/Alt"]) for f in figures] == ["Logo of Oakview Unified School District"]


@pytest.mark.soffice
@pytest.mark.parametrize("kind", ["default", "letterhead"])
def test_bookmarks_lead_to_every_section(pdfs, agreement, kind: str) -> None:
    reader = pdfs[kind]
    assert "/Outlines" in reader.trailer["/Root"]
    titles = outline_titles(reader.outline)
    sections = [f"{s.number}. {s.title}" for s in agreement.sections]
    assert [t for t in titles if t in sections] == sections
    assert titles[0] == agreement.spec.title
    assert {"Signatures", "Board Approval"} <= set(titles)


def fonts(reader: PdfReader) -> dict[str, DictionaryObject]:
    found: dict[str, DictionaryObject] = {}
    for page in reader.pages:
        resources = resolve(page.get("/Resources")) or {}
        for font in (resolve(resources.get("/Font")) or {}).values():
            font = resolve(font)
            found[str(font.get("/BaseFont"))] = font
    return found


def untagged_content(reader: PdfReader) -> list[tuple[int, str]]:
    """(page, operator) of text or images drawn outside both a tagged marked-content
    sequence (one with an /MCID) and an /Artifact: what a screen reader would miss or
    read as noise (Matterhorn 01-005, for page content; form XObjects are not entered)."""
    from pypdf.generic import ContentStream

    missing = []
    for number, page in enumerate(reader.pages, start=1):
        stack: list[bool] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BMC", b"BDC"):
                properties = resolve(operands[1]) if operator == b"BDC" else None
                marked = str(operands[0]) == "/Artifact" or (
                    isinstance(properties, DictionaryObject) and "/MCID" in properties
                )
                stack.append(marked)
            elif operator == b"EMC" and stack:
                stack.pop()
            elif operator in (b"Tj", b"TJ", b"'", b'"', b"Do") and not any(stack):
                missing.append((number, operator.decode()))
    return missing


@pytest.mark.soffice
@pytest.mark.parametrize("kind", ["default", "letterhead"])
def test_every_font_is_embedded_and_maps_to_unicode(pdfs, kind: str) -> None:
    used = fonts(pdfs[kind])
    assert used
    for name, font in used.items():
        descendants = resolve(font.get("/DescendantFonts"))
        described = resolve(descendants[0]) if descendants else font
        descriptor = resolve(described["/FontDescriptor"])
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name
        assert "/ToUnicode" in font, name


@pytest.mark.soffice
@pytest.mark.parametrize("kind", ["default", "letterhead"])
def test_page_content_is_either_tagged_or_an_artifact(pdfs, kind: str) -> None:
    assert untagged_content(pdfs[kind]) == []


# ------------------------------------------------------------ a district's own template


def plain_template(path: Path) -> Path:
    """A template as a district might write one: the title in Word's Title style (no outline
    level), the clauses, no signature page, no document language."""
    import docx

    document = docx.Document()
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ clauses }}")
    document.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    styles, count = re.subn(rb"<w:lang\b[^>]*/>", b"", parts["word/styles.xml"])
    assert count and b"outlineLvl" not in styles.split(b'w:styleId="Title"')[1][:600]
    parts["word/styles.xml"] = styles
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def outline_levels(data: bytes) -> dict[str, list[str]]:
    """Paragraph text -> the outline levels its paragraphs carry (own or by style)."""
    package = zipfile.ZipFile(io.BytesIO(data))
    styles = package.read("word/styles.xml").decode()
    by_style = dict(
        re.findall(r'w:styleId="([^"]+)"(?:(?!</w:style>).)*?<w:outlineLvl w:val="(\d)"', styles)
    )
    levels: dict[str, list[str]] = {}
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", package.read("word/document.xml").decode()):
        own = re.search(r'<w:outlineLvl w:val="(\d)"', paragraph)
        style = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph)
        level = own.group(1) if own else by_style.get(style.group(1) if style else "")
        if level is not None:
            text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph))
            levels.setdefault(text, []).append(level)
    return levels


@pytest.mark.soffice
def test_a_plain_template_gets_title_level_language_and_heading_levels(
    agreement, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("MOU_CACHE_DIR", str(tmp_path / "cache"))
    data = writer.build_docx(agreement, template=plain_template(tmp_path / "plain.docx"))
    levels = outline_levels(data)
    assert levels.pop(agreement.spec.title) == ["0"]  # Title style: level 1
    assert levels.pop("Signatures") == ["1"] and levels.pop("Board Approval") == ["2"]
    assert levels == {s.title: ["1"] for s in agreement.sections}  # every section: level 2
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    defaults = styles[styles.index("<w:docDefaults") : styles.index("</w:docDefaults>")]
    assert '<w:lang w:val="en-US"/>' in defaults
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "plain-built.docx"
    source.write_bytes(data)
    reader = PdfReader(to_pdf(source, tmp_path / "out"))
    assert heading_levels(reader) == [1] + [2] * (len(agreement.sections) + 1) + [3]
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


# --------------------------------------------------------------------------- language


@pytest.mark.soffice
@requires_soffice
def test_the_language_the_writer_is_given_is_the_pdf_language(agreement, tmp_path) -> None:
    source = tmp_path / "spanish.docx"
    source.write_bytes(writer.build_docx(agreement, language="es-US"))
    reader = PdfReader(to_pdf(source, tmp_path / "out"))
    assert reader.trailer["/Root"]["/Lang"] == "es-US"


def test_the_document_language_is_in_the_style_defaults(agreement) -> None:
    english = writer.build_docx(agreement)
    assert writer.build_docx(agreement, language="en-US") == english  # the default
    spanish = writer.build_docx(agreement, language="es-US")

    def default_language(data: bytes) -> str:
        styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
        defaults = styles[styles.index("<w:docDefaults") : styles.index("</w:docDefaults>")]
        return re.search(r'<w:lang\b[^>]*\bw:val="([^"]+)"', defaults).group(1)

    assert default_language(english) == "en-US"
    assert default_language(spanish) == "es-US"
    assert writer.build_docx(agreement, language="es") == spanish  # a code means its tag


def test_a_language_that_is_no_tag_is_refused(agreement) -> None:
    with pytest.raises(UsageError, match="not a language tag"):
        writer.build_docx(agreement, language='en"><w:evil/>')


# ------------------------------------------------------------- the export filter itself


def test_every_pdf_is_tagged_and_the_record_copy_also_pdfa() -> None:
    for pdfa in (True, False):
        options = pdf_filter(pdfa)
        assert options.startswith("pdf:writer_pdf_Export:{")
        for name in ("UseTaggedPDF", "PDFUACompliance", "ExportBookmarks"):
            assert f'"{name}":{{"type":"boolean","value":"true"}}' in options
        assert '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}' in options
        assert ('"SelectPdfVersion":{"type":"long","value":"2"}' in options) is pdfa


# -------------------------------------------------------------- a picture without alt text


def template_without_alt_text(path: Path) -> Path:
    """The shipped letterhead with its emblem's description removed."""
    with zipfile.ZipFile(LETTERHEAD) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data, count = re.subn(rb'\sdescr="[^"]*"', b"", data)
                assert count == 1
            target.writestr(info, data)
    return path


def test_a_template_picture_without_alt_text_is_refused_before_anything_is_written(
    tmp_path,
) -> None:
    template = template_without_alt_text(tmp_path / "no-alt.docx")
    spec = tmp_path / "oakview.mou.yaml"
    spec.write_text(approvable_example())
    out = tmp_path / "final"
    result = CliRunner().invoke(
        mou,
        [
            "--library",
            str(CLAUSES),
            "final",
            str(spec),
            "--board-date",
            "2026-06-15",
            "--item",
            "7.2",
            "--pdf",
            "--template",
            str(template),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert str(template) in lines[0]
    assert "picture 'Picture 1' (word/media/image1.png) has no alternative text" in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    assert not (tmp_path / "mou-records.json").exists()


def test_a_blank_description_is_no_alt_text_and_mou_build_refuses_it_too(tmp_path) -> None:
    template = tmp_path / "blank-alt.docx"
    with zipfile.ZipFile(LETTERHEAD) as source, zipfile.ZipFile(template, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = re.sub(rb'\sdescr="[^"]*"', b' descr="   "', data)
            target.writestr(info, data)
    result = CliRunner().invoke(
        mou,
        ["build", str(EXAMPLE), "--template", str(template), "-o", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert "has no alternative text" in result.output
    assert not (tmp_path / "out").exists()


def test_the_shipped_templates_are_what_the_generator_writes_byte_for_byte() -> None:
    """Outline levels and the emblem with its alt text come from scripts/make_templates.py;
    regenerating gives the same bytes, so the shipped files are never edited by hand."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "make_templates.py"
    spec = importlib.util.spec_from_file_location("make_templates", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, letterhead in (("default.docx", False), ("letterhead.docx", True)):
        shipped = (DATA / "templates" / name).read_bytes()  # made by another run
        assert module.make(letterhead) == shipped, f"regenerate {name}"


def test_a_legacy_vml_picture_without_alt_text_is_refused_by_its_shape_id(tmp_path) -> None:
    """Templates converted from .doc keep their pictures as VML (``v:shape/@alt``)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("{{ clauses }}")
    run = document.add_paragraph().add_run()
    inline = run.add_picture(io.BytesIO(LOGO_PNG))
    rid = inline._inline.graphic.graphicData.pic.blipFill.blip.embed
    drawing = run._r.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing")
    run._r.remove(drawing)
    run._r.append(
        parse_xml(
            '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<v:shape id="_x0000_i1025" style="width:20pt;height:20pt">'
            f'<v:imagedata r:id="{rid}"/></v:shape></w:pict>'
        )
    )
    template = tmp_path / "converted.docx"
    document.save(template)
    result = CliRunner().invoke(
        mou,
        ["build", str(EXAMPLE), "--template", str(template), "-o", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert "picture '_x0000_i1025' (word/media/image1.png) has no alternative text" in (
        result.output
    )
    assert not (tmp_path / "out").exists()
