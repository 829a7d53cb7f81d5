"""The signature page and the approval block never go missing, and ``approval`` is safe to
use in a draft: what a district's own template gets."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from mou_builder.assembly.assembler import assemble
from mou_builder.ooxml import write as writer
from mou_builder.ooxml.ns import w
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def agreement(mini_library: Path, write_spec):
    return assemble(load_spec(write_spec()), Library.load(mini_library))


def _template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def _text(data: bytes) -> str:
    root = open_docx_bytes(data).xml("word/document.xml")
    return "\n".join(
        "".join(t.text or "" for t in p.iter(w("t"))) for p in root.iter(w("p"))
    ).replace("\u00a0", " ")


def test_a_template_without_pages_gets_the_default_ones_and_a_warning(agreement, tmp_path):
    own = _template(tmp_path / "letterhead.docx", "Letterhead", "{{ clauses }}")
    notices: list[str] = []
    text = _text(writer.build_docx(agreement, template=own, notices=notices))
    assert "Signatures" in text and "Board Approval" in text
    assert "Clerk of the Board of Education" in text
    for person in [*agreement.spec.parties.district.signatories]:
        assert person.name in text
    assert len(notices) == 2
    assert "{{ signature_page }}" in notices[0] and "{{ approval_block }}" in notices[1]


def test_placeholders_put_the_pages_where_the_template_says(agreement, tmp_path):
    own = _template(
        tmp_path / "placed.docx",
        "{{ clauses }}",
        "{{ approval_block }}",
        "Between the blocks",
        "{{ signature_page }}",
    )
    notices: list[str] = []
    text = _text(writer.build_docx(agreement, template=own, notices=notices))
    assert notices == []
    assert text.index("Board Approval") < text.index("Between the blocks")
    assert text.index("Between the blocks") < text.index("Signatures")


def test_the_shipped_templates_need_no_default_pages(agreement):
    for name in ("default.docx", "letterhead.docx"):
        notices: list[str] = []
        template = Path(writer.DEFAULT_TEMPLATE).with_name(name)
        writer.build_docx(agreement, template=template, notices=notices)
        assert notices == [], name


def test_approval_is_an_empty_object_in_a_draft(agreement, tmp_path):
    own = _template(
        tmp_path / "uses-approval.docx",
        "{{ clauses }}",
        "Meeting: [{{ approval.meeting_date }}] item [{{ approval.agenda_item }}]",
        "{% if approval %}APPROVED{% endif %}",
        "{{ signature_page }}",
    )
    text = _text(writer.build_docx(agreement, template=own))
    assert "Meeting: [] item []" in text
    assert "APPROVED" not in text
    final = _text(
        writer.build_docx(
            agreement,
            template=own,
            draft=False,
            approval={"meeting_date": "June 18, 2026", "agenda_item": "7.2"},
        )
    )
    assert "Meeting: [June 18, 2026] item [7.2]" in final and "APPROVED" in final


def test_template_errors_name_the_paragraph_and_the_fix(agreement, tmp_path):
    from mou_builder.errors import InputError

    odd = _template(
        tmp_path / "odd.docx", "Intro", "Call {{ superintendent_phone }}", "{{ clauses }}"
    )
    with pytest.raises(InputError) as raised:
        writer.build_docx(agreement, template=odd)
    assert "paragraph 2" in raised.value.message and "superintendent_phone" in raised.value.message
    assert "names a template may use" in (raised.value.hint or "")
    open_if = _template(tmp_path / "open-if.docx", "Intro", "{% if draft %}Draft", "{{ clauses }}")
    with pytest.raises(InputError) as raised:
        writer.build_docx(agreement, template=open_if)
    assert "paragraph 2" in raised.value.message
    assert "{% endif %}" in (raised.value.hint or "")
