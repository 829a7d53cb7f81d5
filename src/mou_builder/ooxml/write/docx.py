"""Building the .docx: the template rendered with the cover values, the clause body spliced in
for ``{{ clauses }}``, core and custom properties written, the package zipped reproducibly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...model.agreement import Agreement
from ...model.cover import (
    approval_of,
    approval_sentence,
    approval_signers,
    cover_label,
    date_words,
    draft_note,
    intro_text,
    signature_intro,
    status_text,
)
from ...model.language import phrase
from ...model.typography import typeset
from ..package import write_package
from ..properties import (
    CUSTOM_PART,
    MANIFEST,
    core_xml,
    custom_xml,
    manifest_part_xml,
    manifest_properties,
)
from .body import CTRL, body_xml
from .compiled import XML_DECL, CompiledTemplate, template_error, where_in_template
from .pages import APPROVAL_BLOCK, SIGNATURE_PAGE, DefaultPages, place_pages
from .parts import item_lists_numbering
from .tagging import DEFAULT_LANGUAGE, STYLES_PART, styles_for_language
from .template import load_template
from .words import translate_static_parts, translate_words

DRAFT_STAMP = "DRAFT — NOT FOR APPROVAL"


_SENTINEL = "\u2063MOU\u2063CLAUSES\u2063"


#: The names a template may use (docxtpl/Jinja tags).
CONTEXT_NAMES = (
    "title",
    "agreement_id",
    "revision",
    "date",
    "date_text",
    "term",
    "term_text",
    "effective_text",
    "expires_text",
    "district",
    "agency",
    "parties",
    "signatories",
    "board_name",
    "board_president",
    "draft",
    "stamp",
    "status_text",
    "draft_note",
    "approval",
    "approval_text",
    "approval_signers",
    "cover_label",
    "intro_text",
    "signature_intro",
    "clause_count",
    "clauses",
    "signature_page",
    "approval_block",
)


def _date_text(value: Any, lang: str = "en") -> str:
    return date_words(value, lang)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return typeset(CTRL.sub("", value.replace("\r\n", " ").replace("\n", " ")))
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def template_context(
    agreement: Agreement, *, draft: bool, stamp: str | None, approval: dict[str, Any] | None
) -> dict[str, Any]:
    spec = agreement.spec
    lang = agreement.lang
    district, agency = spec.parties.district, spec.parties.agency

    def party(p: Any) -> dict[str, Any]:
        return {
            "name": p.name,
            "short": p.short,
            "address": p.address,
            "signatories": [{"name": s.name, "title": s.title} for s in p.signatories],
        }

    signatories = [
        {"name": s.name, "title": s.title, "organisation": p.name, "party": p.short}
        for p in (district, agency)
        for s in p.signatories
    ]
    approval_ctx = approval_of(spec, approval, lang)
    status = status_text(spec, draft=draft, stamp=stamp, approval=approval_ctx, lang=lang)
    note = draft_note(spec, draft=draft, stamp=stamp, lang=lang)
    term = spec.term
    effective, expires = _date_text(term.effective, lang), _date_text(term.expires, lang)
    context = {
        "title": spec.title,
        "agreement_id": spec.id,
        "revision": spec.revision,
        "date": spec.date.isoformat(),
        "date_text": _date_text(spec.date, lang),
        "term": {
            "effective": term.effective.isoformat(),
            "expires": term.expires.isoformat(),
            "renewal": term.renewal,
            "review_years": term.review_years,
        },
        "term_text": phrase("doc.term", lang, effective=effective, expires=expires),
        "effective_text": effective,
        "expires_text": expires,
        "district": party(district),
        "agency": party(agency),
        "parties": [party(district), party(agency)],
        "signatories": signatories,
        "board_name": spec.board.name,
        "board_president": spec.board.president or "",
        "draft": bool(draft or stamp),
        "stamp": stamp or "",
        "status_text": status,
        "draft_note": note,
        "clause_count": len(agreement.sections),
        "cover_label": cover_label(spec.title, lang),
        "intro_text": intro_text(agreement, lang),
        "signature_intro": signature_intro(lang),
        "approval_text": approval_sentence(spec, approval_ctx, lang),
        "approval_signers": approval_signers(spec, lang),
    }
    cleaned: dict[str, Any] = _clean(context)
    cleaned["approval"] = approval_ctx
    cleaned["clauses"] = _SENTINEL
    cleaned["signature_page"] = SIGNATURE_PAGE
    cleaned["approval_block"] = APPROVAL_BLOCK
    return cleaned


def _render(tpl: CompiledTemplate, template: Any, name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, UndefinedError

    try:
        text: str = template.render(context)
    except UndefinedError as exc:
        unknown = re.findall(r"'([^']+)'", exc.message or "")
        where = where_in_template(Path(tpl.path), name, unknown[:1]) if unknown else ""
        raise template_error(
            Path(tpl.path),
            f"{name}{where}: {exc.message}",
            "use one of the names a template may use: " + ", ".join(CONTEXT_NAMES),
        ) from None
    except TemplateError as exc:
        raise template_error(Path(tpl.path), f"{name}: {exc}") from None
    return text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")


def _check_xml(tpl: CompiledTemplate, name: str, text: str) -> None:
    """Well-formedness of a rendered template part (expat: no lxml import needed)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise template_error(
            Path(tpl.path),
            f"{name} renders to broken XML ({exc})",
            "keep {% %} tags in whole paragraphs ({%p ... %}) or rows ({%tr ... %})",
        ) from None


def _splice_body(tpl: CompiledTemplate, document: str, body: str) -> str:
    at = document.find(_SENTINEL)
    if at < 0:
        raise template_error(
            Path(tpl.path),
            "the {{ clauses }} placeholder did not render",
            "keep it outside {% if %} blocks",
        )
    if document.find(_SENTINEL, at + 1) >= 0:
        raise template_error(
            Path(tpl.path), "{{ clauses }} appears more than once", "keep one placeholder"
        )
    start = max(document.rfind("<w:p>", 0, at), document.rfind("<w:p ", 0, at))
    end = document.find("</w:p>", at)
    if start < 0 or end < 0:
        raise template_error(Path(tpl.path), "{{ clauses }} must be in a paragraph of its own")
    return document[:start] + body + document[end + len("</w:p>") :]


_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")(\d+)(")')


def _renumber_drawings(text: str, part_index: int) -> str:
    """Unique drawing ids (a logo repeated by a {%tr %} loop would otherwise repeat its id)."""
    if "docPr" not in text:
        return text
    counter = iter(range(part_index * 1000 + 1, part_index * 1000 + 100_000))
    return _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(3)}", text)


def _revision_number(label: str) -> str:
    digits = re.match(r"\d+", label.strip())
    return digits.group(0) if digits else "1"


def build_docx(
    agreement: Agreement,
    *,
    template: Path | None = None,
    draft: bool = True,
    stamp: str | None = None,
    approval: dict[str, Any] | None = None,
    notices: list[str] | None = None,
    language: str | None = None,
    english: Agreement | None = None,
) -> bytes:
    """The complete .docx of ``agreement``; the same inputs always give the same bytes.
    What the template lacked (a signature page, an approval block) is added, and what it
    must not pass on (external links, embedded objects ...) left out, and told in
    ``notices``. ``language`` is the document's language tag (``es-US``; see
    :data:`mou_builder.model.language.TAGS`), which a tagged PDF declares; by default the
    agreement's own language (``es`` for an agreement assembled in Spanish). With
    ``english`` (the same agreement in English) the body is bilingual, side by side."""
    tpl = load_template(template)
    if notices is not None:
        notices.extend(f"the template's {d} was left out" for d in tpl.dropped)
        notices.extend(
            f"the template has {u}; every document built in it carries it" for u in tpl.unseen
        )
    lang = agreement.lang
    styles = styles_for_language(tpl, language or (DEFAULT_LANGUAGE if lang == "en" else lang))
    context = template_context(agreement, draft=draft, stamp=stamp, approval=approval)
    parts = dict(tpl.parts)
    translate_static_parts(parts, tpl.rendered_parts, lang)
    document = _renumber_drawings(_render(tpl, tpl.document, "word/document.xml", context), 1)
    _check_xml(tpl, "word/document.xml", document)
    pages = DefaultPages(
        context["signature_intro"],
        context["signatories"],
        context["approval_text"],
        context["approval_signers"],
    )
    document = translate_words(place_pages(tpl, document, pages, notices), lang)
    if english is not None:
        from .bilingual import side_by_side_xml

        body, lists = side_by_side_xml(agreement, english, tpl), 0
    else:
        body, lists = body_xml(agreement, tpl)
    document = _splice_body(tpl, document, body)
    parts["word/document.xml"] = (XML_DECL + document).encode("utf-8")
    parts[tpl.numbering_part] = item_lists_numbering(tpl, lists)
    for index, (name, part) in enumerate(sorted(tpl.rendered_parts.items()), start=2):
        text = _renumber_drawings(_render(tpl, part, name, context), index)
        text = translate_words(text, lang)
        _check_xml(tpl, name, text)
        parts[name] = (XML_DECL + text).encode("utf-8")
    spec = agreement.spec
    district, agency = spec.parties.district.name, spec.parties.agency.name
    parts["docProps/core.xml"] = core_xml(
        title=spec.title,
        subject=" ".join(
            (
                phrase("doc.label", lang),
                phrase("doc.word.between", lang),
                district,
                phrase("doc.word.and", lang),
                agency,
            )
        ),
        author=district,
        revision=_revision_number(spec.revision),
        date=spec.date,
        keywords=f"{spec.id}; revision {spec.revision}",
        description=(
            f"Agreement {spec.id}, revision {spec.revision}, "
            f"{len(agreement.sections)} clauses; spec {agreement.spec_hash}"
        ),
        category="Draft" if (draft or stamp) else "Final",
    )
    if styles is not None:  # not volatile: the same per language, so deflated once
        parts[STYLES_PART] = styles
    properties = manifest_properties(agreement.manifest())
    parts[CUSTOM_PART] = custom_xml(properties)
    parts[tpl.manifest_part] = manifest_part_xml(properties[MANIFEST])
    volatile = {
        "word/document.xml",
        tpl.numbering_part,
        "docProps/core.xml",
        CUSTOM_PART,
        tpl.manifest_part,
        *tpl.rendered_parts,
    }
    return write_package(parts, tpl.deflated, volatile)
