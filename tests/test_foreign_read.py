"""Reading agreements mou did not write: formats, page furniture, sections, bad input."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from foreign_support import FOREIGN, NUMBERING, STYLES, docx_bytes, make_pdf, para, table
from mou_builder.errors import InputError
from mou_builder.sources.foreign.cleanup import paragraphs
from mou_builder.sources.foreign.pipeline import analyse
from mou_builder.sources.foreign.reading import NO_TEXT_LAYER, read_foreign
from mou_builder.sources.foreign.split import split_sections


def sections_of(path: Path) -> list:
    return split_sections(paragraphs(read_foreign(path)))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- splitting


def test_section_numbering_and_inline_headings(tmp_path: Path) -> None:
    sections = sections_of(FOREIGN / "police-contract.txt")
    numbered = [(s.number, s.heading) for s in sections if s.number]
    assert numbered[:3] == [("1", "Scope of Services"), ("2", "Term"), ("3", "Compensation")]
    assert [n for n, _ in numbered] == [str(i) for i in range(1, 12)]
    assert sections[0].heading == "CONTRACT FOR LAW ENFORCEMENT SERVICES IN SCHOOLS"
    assert sections[-1].paragraphs[0].text.startswith("IN WITNESS WHEREOF")


def test_article_headings_on_their_own_line_take_the_next_line_as_title() -> None:
    sections = sections_of(FOREIGN / "article-whereas.txt")
    articles = [(s.number, s.heading) for s in sections if s.number]
    assert articles[0] == ("I", "PURPOSE")
    assert articles[3] == ("IV", "QUESTIONING AND SEARCHES OF STUDENTS")
    assert len(articles) == 8
    # the WHEREAS recitals stay together, with the NOW, THEREFORE line
    recitals = sections[0]
    assert sum(p.text.startswith("WHEREAS") for p in recitals.paragraphs) == 3
    assert recitals.paragraphs[-1].text.startswith("NOW, THEREFORE")


def test_lettered_items_stay_inside_their_section() -> None:
    training = next(s for s in sections_of(FOREIGN / "article-whereas.txt") if s.number == "III")
    items = [p for p in training.paragraphs if p.kind == "item"]
    assert [p.text[:3] for p in items] == ["(a)", "(b)", "(c)", "(d)"]
    assert all(p.lead and p.lead.endswith("topics:") for p in items)


def test_all_caps_headings_without_numbers() -> None:
    heads = [s.heading for s in sections_of(FOREIGN / "allcaps-headings.txt")]
    assert heads[1:5] == [
        "DEFINITIONS",
        "DUTIES OF THE OFFICER",
        "ACCESS TO STUDENT RECORDS",
        "SHARING INFORMATION",
    ]


def test_ocr_noise_page_numbers_and_hyphenation() -> None:
    sections = sections_of(FOREIGN / "ocr-noisy.txt")
    assert [s.number for s in sections if s.number] == [str(i) for i in range(1, 8)]
    hours = sections[2]
    assert "regular schedule are paid" in hours.body  # "sched-" + "ule" joined
    assert not any(p.text.strip("- ").isdigit() for s in sections for p in s.paragraphs)


def test_running_footer_with_page_of_is_removed() -> None:
    text = "\n".join(s.text for s in sections_of(FOREIGN / "police-contract.txt"))
    assert "Page 1 of 3" not in text
    assert "Lakemont County Sheriff / Lakemont CSD" not in text


def test_two_column_definitions_stay_in_the_definitions_section() -> None:
    sections = sections_of(FOREIGN / "two-column-definitions.txt")
    definitions = next(s for s in sections if s.number == "1")
    assert definitions.heading == "Definitions"
    assert any(p.text.startswith("Campus") for p in definitions.paragraphs)


def test_real_compounds_keep_their_hyphen(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.txt",
        "1. Hours. The SRO shall work at the school in face-\n"
        "to-face learning and in remote learning when the school is closed for any reason\n"
        "at all, and the District is self-insured; a self-\n"
        "insured party pays its own claims.\n",
    )
    body = sections_of(path)[0].body
    assert "face-to-face" in body and "self-insured party" in body


def test_markdown_headings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.md",
        "# Agreement for SRO Services\n\nThe police and the school district agree.\n\n"
        "## Training\n\nThe SRO shall complete **forty** hours of training.\n",
    )
    sections = sections_of(path)
    assert [s.heading for s in sections] == ["Agreement for SRO Services", "Training"]
    assert sections[1].body == "The SRO shall complete forty hours of training."


def test_a_gap_in_the_text_starts_a_new_section(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.txt",
        "1. Term. This agreement runs for one school year.\n[...]\n"
        "the officer shall complete the training before the year begins.\n",
    )
    sections = sections_of(path)
    assert len(sections) == 2 and sections[1].after_gap


# --------------------------------------------------------------------------- formats


def test_docx_styles_numbering_and_tables(tmp_path: Path) -> None:
    body = (
        para("School Resource Officer Agreement", "Title")
        + para("This agreement is between the Elm School District and the Elm Police Department.")
        + para("Definitions", "Heading1")
        + table([["SRO", "a police officer assigned to a school"], ["Campus", "school grounds"]])
        + para("Training", num=(1, 0))
        + para("The SRO shall complete forty hours of training.")
        + para("de-escalation;", num=(1, 1))
        + para("students with disabilities.", num=(1, 1))
        + para("Hours", num=(1, 0))
        + para("The SRO works eight hours per day.")
    )
    path = tmp_path / "a.docx"
    path.write_bytes(docx_bytes(body, STYLES, NUMBERING))
    sections = sections_of(path)
    assert [(s.number, s.heading) for s in sections] == [
        ("", "School Resource Officer Agreement"),
        ("", "Definitions"),
        ("1", "Training"),
        ("2", "Hours"),
    ]
    assert sections[1].paragraphs[0].text == "SRO\ta police officer assigned to a school"
    items = [p.text for p in sections[2].paragraphs if p.kind == "item"]
    assert items == ["(a) de-escalation;", "(b) students with disabilities."]


def test_pdf_text_layer_with_running_headers(tmp_path: Path) -> None:
    header = "Elm SD and Elm PD - SRO Agreement"
    pages = [
        [
            header,
            "1. Training. The SRO shall com-",
            "plete forty hours of training.",
            "Page 1 of 2",
        ],
        [
            header,
            "2. Hours. The SRO works eight hours per day",
            "at the high school.",
            "Page 2 of 2",
        ],
    ]
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf(pages, compress=True))
    sections = sections_of(path)
    assert [(s.number, s.heading) for s in sections] == [("1", "Training"), ("2", "Hours")]
    assert sections[0].body == "The SRO shall complete forty hours of training."
    assert header not in "\n".join(s.text for s in sections)


# --------------------------------------------------------------------------- bad input


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([], raw_streams=[b"q 100 0 0 100 0 0 cm Q"]))
    with pytest.raises(InputError) as caught:
        read_foreign(path)
    assert caught.value.message == NO_TEXT_LAYER


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf([["The school resource officer works at the school."]]))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError, match="encrypted"):
        read_foreign(path)


def test_pdf_decompression_bomb(tmp_path: Path) -> None:
    huge = b"BT /F1 10 Tf 50 760 Td (x) Tj ET\n" + b" " * 80_000_000
    path = tmp_path / "bomb.pdf"
    data = make_pdf([], raw_streams=[b"PLACEHOLDER"])
    compressed = zlib.compress(huge, 9)
    head = f"<< /Length {len(compressed)} /Filter /FlateDecode >>".encode()
    data = data.replace(b"<< /Length 11 >>\nstream\nPLACEHOLDER", head + b"\nstream\n" + compressed)
    path.write_bytes(data)  # the xref offsets are now off; readers recover them
    with pytest.raises(InputError, match=r"size limit|not a readable PDF"):
        read_foreign(path)


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"hello, not a pdf at all")
    with pytest.raises(InputError, match="not a PDF"):
        read_foreign(path)


def test_docx_bomb_and_encrypted_docx_are_refused(tmp_path: Path) -> None:
    from hostile.make_corpus import _ole, _zip_bomb_ratio

    for name, data, fragment in (
        ("bomb.docx", _zip_bomb_ratio(), "zip bomb"),
        ("locked.docx", _ole(), "encrypted"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError, match=fragment):
            read_foreign(path)


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Caf\xe9 agreement".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_foreign(path)


def test_a_file_that_is_not_an_agreement(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "recipe.txt",
        "PANCAKES\n\nMix the flour, the eggs and the milk.\n\nCOOKING\n\nFry each one for "
        "two minutes on each side.\n",
    )
    with pytest.raises(InputError, match="not an SRO agreement"):
        analyse(path)


def test_docx_headings_numbered_through_their_style(tmp_path: Path) -> None:
    styles = STYLES.replace(
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>',
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
    )
    body = (
        para("Purpose", "Heading1")
        + para("The police and the school district keep the schools safe together.")
        + para("Training", "Heading1")
        + para("The SRO completes forty hours of training.")
    )
    path = tmp_path / "a.docx"
    path.write_bytes(docx_bytes(body, styles, NUMBERING))
    assert [(s.number, s.heading) for s in sections_of(path)] == [
        ("1", "Purpose"),
        ("2", "Training"),
    ]


def test_text_pages_separated_by_form_feeds_lose_their_running_lines(tmp_path: Path) -> None:
    page = "Harbor SD / Harbor PD agreement, rev. {n}\n{body}\nConfidential draft\n"
    bodies = [
        "1. Training. The SRO completes forty hours of training.",
        "2. Hours. The SRO works at the school eight hours a day.",
        "3. Term. This agreement runs for one school year.",
    ]
    text = "\f".join(page.format(n=n, body=b) for n, b in enumerate(bodies, start=1))
    sections = sections_of(write(tmp_path, "a.txt", text))
    assert [s.heading for s in sections] == ["Training", "Hours", "Term"]
    joined = "\n".join(s.text for s in sections)
    assert "Confidential draft" not in joined and "rev." not in joined


def test_an_old_word_file_asks_to_be_saved_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "agreement.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old binary")
    with pytest.raises(InputError, match=r"save the agreement as \.docx"):
        read_foreign(path)
