"""The Word writer: what a built .docx contains, checked on its XML."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mou_builder.assembly.assembler import assemble
from mou_builder.errors import InputError
from mou_builder.ooxml import clausemap, markers
from mou_builder.ooxml import write as writer
from mou_builder.ooxml.ns import W, w
from mou_builder.ooxml.properties import read_core_properties, read_custom_properties, read_manifest
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "mou_builder" / "data" / "templates"
_HYPOTHESIS_SPEC = {
    "id": "H-1",
    "title": "Agreement",
    "date": "2026-06-01",
    "parties": {
        "district": {"name": "D", "short": "D", "signatories": [{"name": "A", "title": "S"}]},
        "agency": {"name": "P", "short": "P", "signatories": [{"name": "B", "title": "C"}]},
    },
    "term": {"effective": "2026-07-01", "expires": "2027-06-30"},
    "clauses": ["purpose@1"],
}
NS = {"w": W}


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def agreement(mini_library: Path, write_spec):
    return assemble(load_spec(write_spec()), Library.load(mini_library))


@pytest.fixture
def built(agreement):
    return open_docx_bytes(writer.build_docx(agreement), "built.docx")


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def paragraph_style(p) -> str | None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else None


def num_pr(p) -> tuple[int, int] | None:
    pr = p.find(f"{w('pPr')}/{w('numPr')}")
    if pr is None:
        return None
    return int(pr.find(w("ilvl")).get(w("val"))), int(pr.find(w("numId")).get(w("val")))


def test_each_clause_is_a_tagged_content_control_in_order(built, agreement):
    root = built.xml("word/document.xml")
    tags = [t.get(w("val")) for t in root.iter(w("tag"))]
    assert tags == [markers.clause_tag(s.clause_id, s.version) for s in agreement.sections]
    spans = clausemap.clause_spans(root)
    assert [(s.clause_id, s.version, s.section) for s in spans] == [
        (s.clause_id, s.version, s.number) for s in agreement.sections
    ]
    assert all(span.source == "sdt" for span in spans)
    # every clause has a bookmark as well (the fallback for LibreOffice round trips)
    names = [b.get(w("name")) for b in root.iter(w("bookmarkStart"))]
    assert [markers.parse_bookmark(n)[0] for n in names if n.startswith("mou_")] == [
        s.clause_id for s in agreement.sections
    ]


def test_headings_use_heading_1_and_real_numbering(built, agreement):
    root = built.xml("word/document.xml")
    spans = clausemap.clause_spans(root)
    headings = [span.elements[0] for span in spans]
    assert [text_of(h) for h in headings] == [s.title for s in agreement.sections]
    assert {paragraph_style(h) for h in headings} == {"Heading1"}
    levels = {num_pr(h) for h in headings}
    assert len(levels) == 1
    ((level, num_id),) = levels
    assert level == 0
    # no typed numbers in the heading text
    assert not any(text_of(h)[:1].isdigit() for h in headings)

    numbering = built.xml("word/numbering.xml")
    num = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)[0]
    abstract_id = num.find(w("abstractNumId")).get(w("val"))
    abstract = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", namespaces=NS)[0]
    lvl0, lvl1 = abstract.findall(w("lvl"))[:2]
    assert lvl0.find(w("numFmt")).get(w("val")) == "decimal"
    assert lvl0.find(w("lvlText")).get(w("val")) == "%1."
    assert lvl1.find(w("numFmt")).get(w("val")) == "lowerLetter"
    assert lvl1.find(w("lvlText")).get(w("val")) == "(%2)"
    # level 1 restarts after each level-0 heading (no lvlRestart that would stop it)
    assert lvl1.find(w("lvlRestart")) is None
    # abstractNum definitions come before num definitions (schema order)
    tags = [child.tag for child in numbering]
    assert max(i for i, t in enumerate(tags) if t == w("abstractNum")) < min(
        i for i, t in enumerate(tags) if t == w("num")
    )


def _abstract_of(numbering, num_id: int):
    num = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)[0]
    return num.find(w("abstractNumId")).get(w("val")), num


def test_lettered_items_are_the_second_level_of_the_clause_list(built, agreement):
    spans = {s.clause_id: s for s in clausemap.clause_spans(built.xml("word/document.xml"))}
    duties = spans["rules-of-duty"].elements
    heading_num = num_pr(duties[0])
    items = [p for p in duties if num_pr(p) and num_pr(p)[0] == 1]
    assert [text_of(p) for p in items] == ["patrol the campus;", "respond to crimes."]
    ((item_num),) = {num_pr(p)[1] for p in items}
    numbering = built.xml("word/numbering.xml")
    abstract, num = _abstract_of(numbering, item_num)
    assert abstract == _abstract_of(numbering, heading_num[1])[0]
    start = num.find(f"{w('lvlOverride')}/{w('startOverride')}")
    assert num.find(w("lvlOverride")).get(w("ilvl")) == "1" and start.get(w("val")) == "1"
    assert {paragraph_style(p) for p in duties[1:]} == {"BodyText"}


def test_each_list_of_items_restarts_at_a(mini_library: Path, write_spec):
    from mou_builder.model.agreement import Paragraph, Run

    agreement = assemble(load_spec(write_spec()), Library.load(mini_library))
    section = agreement.section_for("rules-of-duty")
    section.blocks += [
        Paragraph([Run("The Agency shall also")]),
        Paragraph([Run("keep records;")], "item"),
    ]
    package = open_docx_bytes(writer.build_docx(agreement), "lists.docx")
    spans = {s.clause_id: s for s in clausemap.clause_spans(package.xml("word/document.xml"))}
    items = [num_pr(p) for p in spans["rules-of-duty"].elements if num_pr(p) and num_pr(p)[0]]
    assert len(items) == 3
    assert items[0] == items[1] != items[2]
    numbering = package.xml("word/numbering.xml")
    for _, num_id in (items[0], items[2]):
        _, num = _abstract_of(numbering, num_id)
        assert num.find(f"{w('lvlOverride')}/{w('startOverride')}").get(w("val")) == "1"
    assert len(set(numbering.xpath("w:num/@w:numId", namespaces=NS))) == len(
        numbering.findall(w("num"))
    )


def test_runs_keep_bold_and_italic(built):
    root = built.xml("word/document.xml")
    italic = [text_of(r) for r in root.iter(w("r")) if r.find(f"{w('rPr')}/{w('i')}") is not None]
    assert "youth-focused" in italic


def test_table_blocks_are_word_tables_with_a_header_row(built):
    spans = {s.clause_id: s for s in clausemap.clause_spans(built.xml("word/document.xml"))}
    tables = [e for e in spans["hours"].elements if e.tag == w("tbl")]
    assert len(tables) == 1
    rows = tables[0].findall(w("tr"))
    assert rows[0].find(f"{w('trPr')}/{w('tblHeader')}") is not None
    assert [text_of(c) for c in rows[0].findall(w("tc"))] == ["School", "Hours"]
    assert [text_of(c) for c in rows[1].findall(w("tc"))] == ["Lakeside High", "30"]


def test_parameters_are_filled_and_no_template_tags_are_left(built):
    texts = []
    for name, data in built.parts.items():
        if name.startswith("word/") and name.endswith(".xml"):
            texts.append(text_of(built.xml(name)))
            assert b"{{" not in data and b"{%" not in data, name
    everything = "\n".join(texts)
    assert "7 hours a school day" in everything
    assert "the records office" in everything
    assert "Lakeside School District" in everything


def test_footer_has_page_x_of_y_fields_and_header_names_the_agreement(built):
    footers = [n for n in built.parts if n.startswith("word/footer")]
    instructions = [
        (t.text or "").strip() for n in footers for t in built.xml(n).iter(w("instrText"))
    ]
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    headers = [text_of(built.xml(n)) for n in built.parts if n.startswith("word/header")]
    assert any("MINI-2026" in h and "Revision 1" in h for h in headers)


def test_cover_signature_page_and_blank_approval_block(built):
    body = [text_of(p) for p in built.xml("word/document.xml").iter(w("p"))]
    joined = "\n".join(body).replace("\u00a0", " ")  # dates keep no-break spaces
    assert "DRAFT" in body
    assert "Memorandum of Understanding" in body
    assert "July 1, 2026 to June 30, 2027" in joined
    for name in ("Ana Park", "Lee Stone", "Superintendent", "Chief of Police"):
        assert name in body
    assert "Signatures" in body and "Board Approval" in body
    assert "meeting of ____" in joined


def test_final_copy_fills_the_approval_block_and_drops_the_draft_mark(agreement):
    approval = {
        "body": "Lakeside Board of Trustees",
        "meeting_date": dt.date(2026, 6, 18),
        "agenda_item": "7.2",
        "resolution": "2026-41",
    }
    package = open_docx_bytes(writer.build_docx(agreement, draft=False, approval=approval))
    body = [text_of(p) for p in package.xml("word/document.xml").iter(w("p"))]
    assert "DRAFT" not in body
    joined = "\n".join(body).replace("\u00a0", " ")  # dates keep no-break spaces
    assert (
        "Approved by the Lakeside Board of Trustees at its meeting of June 18, 2026, "
        "agenda item 7.2, resolution 2026-41."
    ) in joined
    headers = "".join(text_of(package.xml(n)) for n in package.parts if "header" in n)
    assert "DRAFT" not in headers


def test_stamp_marks_cover_and_header(agreement):
    package = open_docx_bytes(writer.build_docx(agreement, stamp=writer.DRAFT_STAMP))
    body = [text_of(p) for p in package.xml("word/document.xml").iter(w("p"))]
    assert writer.DRAFT_STAMP in body
    headers = "".join(text_of(package.xml(n)) for n in package.parts if "header" in n)
    assert writer.DRAFT_STAMP in headers


def test_core_and_custom_properties_carry_the_manifest(built, agreement):
    core = read_core_properties(built)
    assert core["title"] == "School Resource Officer Agreement"
    assert "Lakeside School District" in core["subject"]
    assert core["creator"] == "Lakeside School District"
    assert core["revision"] == "1"
    assert core["created"] == core["modified"] == "2026-06-01T00:00:00Z"
    custom = read_custom_properties(built)
    assert custom["mou.spec_hash"] == agreement.spec_hash
    assert custom["mou.agreement"] == "MINI-2026"
    assert custom["mou.revision"] == "1"
    manifest = read_manifest(built)
    assert manifest == json.loads(json.dumps(agreement.manifest()))
    assert [c["id"] for c in manifest["clauses"]] == [s.clause_id for s in agreement.sections]


def test_python_docx_opens_it(agreement):
    document = docx.Document(io.BytesIO(writer.build_docx(agreement)))
    texts = [p.text for p in document.paragraphs]
    assert "School Resource Officer Agreement" in texts
    assert document.core_properties.title == "School Resource Officer Agreement"


def test_two_builds_give_the_same_bytes(agreement):
    first = writer.build_docx(agreement)
    writer._CACHE.clear()  # and again from a freshly compiled template
    assert writer.build_docx(agreement) == first


def test_zip_members_are_in_fixed_order_with_fixed_timestamps(agreement):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(writer.build_docx(agreement))) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert "docProps/custom.xml" in [i.filename for i in infos]
    assert "docProps/thumbnail.jpeg" not in [i.filename for i in infos]


def test_letterhead_template_builds_with_its_first_page_header(agreement):
    data = writer.build_docx(agreement, template=TEMPLATES / "letterhead.docx")
    package = open_docx_bytes(data)
    headers = [text_of(package.xml(n)) for n in package.parts if n.startswith("word/header")]
    assert any("Lakeside School District" in h for h in headers)
    assert [s.clause_id for s in clausemap.clause_spans(package.xml("word/document.xml"))] == [
        s.clause_id for s in agreement.sections
    ]


def test_text_is_escaped(mini_library: Path, write_spec):
    spec = write_spec().read_text().replace("the records office", "R&D <records> office")
    path = write_spec(spec, "amp.mou.yaml")
    agreement = assemble(load_spec(path), Library.load(mini_library))
    package = open_docx_bytes(writer.build_docx(agreement))
    assert "R&D <records> office" in text_of(package.xml("word/document.xml"))


def test_a_file_that_is_not_a_docx_is_refused_as_template(agreement, tmp_path: Path):
    bad = tmp_path / "template.docx"
    bad.write_text("not a zip")
    with pytest.raises(InputError, match=r"template: not a usable \.docx"):
        writer.build_docx(agreement, template=bad)


def test_a_template_without_the_clauses_placeholder_is_refused(agreement, tmp_path: Path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    with pytest.raises(InputError, match=r"no \{\{ clauses \}\} placeholder"):
        writer.build_docx(agreement, template=plain)


def test_a_template_with_unknown_names_is_refused_clearly(agreement, tmp_path: Path):
    odd = tmp_path / "odd.docx"
    document = docx.Document()
    document.add_paragraph("{{ superintendent_phone }}")
    document.add_paragraph("{{ clauses }}")
    document.save(odd)
    with pytest.raises(InputError, match="superintendent_phone"):
        writer.build_docx(agreement, template=odd)


def test_a_minimal_district_template_gets_numbering_and_styles(agreement, tmp_path: Path):
    own = tmp_path / "own.docx"
    document = docx.Document()
    document.add_paragraph("{{ title }} for {{ district.name }}")
    document.add_paragraph("{{ clauses }}")
    document.save(own)
    package = open_docx_bytes(writer.build_docx(agreement, template=own))
    root = package.xml("word/document.xml")
    assert text_of(root).startswith("School Resource Officer Agreement for Lakeside")
    assert len(clausemap.clause_spans(root)) == len(agreement.sections)
    assert package.has("word/numbering.xml") and package.has("docProps/custom.xml")


def test_patched_template_is_cached_on_disk_and_a_broken_cache_is_ignored(
    agreement, tmp_path: Path
):
    writer._CACHE.clear()
    first = writer.build_docx(agreement)
    cached = list((tmp_path / "cache").glob("template-*.json"))
    assert len(cached) == 1
    cached[0].write_text("{not json")
    writer._CACHE.clear()
    assert writer.build_docx(agreement) == first
    cached[0].write_text(json.dumps({"word/document.xml": "<bad"}))  # wrong set of parts
    writer._CACHE.clear()
    assert writer.build_docx(agreement) == first


def test_a_template_with_two_clause_placeholders_is_refused(agreement, tmp_path: Path):
    twice = tmp_path / "twice.docx"
    document = docx.Document()
    document.add_paragraph("{{ clauses }}")
    document.add_paragraph("{{ clauses }}")
    document.save(twice)
    with pytest.raises(InputError, match="more than once"):
        writer.build_docx(agreement, template=twice)


def test_placeholder_in_a_table_cell_and_row_loops_in_a_district_template(
    agreement, tmp_path: Path
):
    own = tmp_path / "cells.docx"
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].paragraphs[0].add_run("{{ clauses }}")
    sig = document.add_table(rows=3, cols=1)
    sig.rows[0].cells[0].paragraphs[0].add_run("{%tr for s in signatories %}")
    sig.rows[1].cells[0].paragraphs[0].add_run("{{ s.name }}, {{ s.organisation }}")
    sig.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    document.save(own)
    package = open_docx_bytes(writer.build_docx(agreement, template=own))
    root = package.xml("word/document.xml")
    assert len(clausemap.clause_spans(root)) == len(agreement.sections)
    signatures = root.find(w("body")).findall(w("tbl"))[1]
    rows = [text_of(r) for r in signatures.findall(w("tr"))]
    assert rows == ["Ana Park, Lakeside School District", "Lee Stone, Lakeside Police Department"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
    title=st.text(min_size=1, max_size=30),
)
def test_any_text_gives_well_formed_xml_with_the_text_kept(texts, title):
    from mou_builder.model.agreement import Agreement, Paragraph, Run, Section
    from mou_builder.model.schema import Spec

    runs = [Run(t, bold=i % 2 == 0) for i, t in enumerate(texts)]
    section = Section(1, "purpose", 1, title, ["purpose"], [Paragraph(runs)])
    agreement = Agreement(Spec.model_validate(_HYPOTHESIS_SPEC), [section])
    tpl = writer.load_template(None)
    xml = f'<w:body xmlns:w="{W}">{writer.body_xml(agreement, tpl)[0]}</w:body>'
    body = etree.fromstring(xml.encode("utf-8"))
    legal = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
    span = clausemap.clause_spans(body)[0]
    assert text_of(span.elements[0]) == legal.sub("", title)
    expected = legal.sub("", "".join(texts)).replace("\t", "").replace("\n", "")
    assert text_of(span.elements[1]) == expected


def test_manifest_survives_a_custom_property_cut_to_255_characters(built, agreement):
    # Word keeps some custom property text to 255 characters; the custom XML part remains
    from mou_builder.ooxml.properties import MANIFEST_NS, custom_xml

    parts = [n for n in built.parts if n.startswith("customXml/item")]
    carrying = [n for n in parts if MANIFEST_NS.encode() in built.parts[n]]
    assert len(carrying) == 2  # the data part and its itemProps
    props = read_custom_properties(built)
    props["mou.manifest"] = props["mou.manifest"][:255]
    built.parts["docProps/custom.xml"] = custom_xml(props)
    assert read_manifest(built) == json.loads(json.dumps(agreement.manifest()))


def test_a_dotx_template_builds_a_document_and_macros_are_refused(agreement, tmp_path: Path):
    import zipfile

    from mou_builder.ooxml.package import read_parts, write_package

    main = "wordprocessingml.document.main+xml"
    parts = read_parts((TEMPLATES / "default.docx").read_bytes())
    types = parts["[Content_Types].xml"]
    dotx = tmp_path / "district.dotx"
    dotx.write_bytes(
        write_package(
            {
                **parts,
                "[Content_Types].xml": types.replace(
                    main.encode(), b"wordprocessingml.template.main+xml"
                ),
            }
        )
    )
    with zipfile.ZipFile(io.BytesIO(writer.build_docx(agreement, template=dotx))) as archive:
        assert main.encode() in archive.read("[Content_Types].xml")
    dotm = tmp_path / "district.dotm"
    dotm.write_bytes(write_package({**parts, "word/vbaProject.bin": b"\0"}))
    with pytest.raises(InputError, match="macros"):
        writer.build_docx(agreement, template=dotm)


def png_1x1() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_logo_repeated_by_a_row_loop_gets_unique_drawing_ids(agreement, tmp_path: Path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_1x1())
    own = tmp_path / "logo.docx"
    document = docx.Document()
    table = document.add_table(rows=3, cols=1)
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for s in signatories %}")
    cell = table.rows[1].cells[0].paragraphs[0]
    cell.add_run("{{ s.name }}")
    picture = cell.add_run().add_picture(str(logo))
    picture._inline.docPr.set("descr", "Seal of {{ s.organisation }}")  # alt text is required
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    document.add_paragraph("{{ clauses }}")
    document.save(own)
    root = open_docx_bytes(writer.build_docx(agreement, template=own)).xml("word/document.xml")
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    ids = [e.get("id") for e in root.iter(f"{{{wp}}}docPr")]
    assert len(ids) == 2 and len(set(ids)) == 2
