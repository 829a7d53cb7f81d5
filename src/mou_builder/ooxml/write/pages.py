"""The signature page and the board approval block, wherever a template has no place of its
own for them.

A template places them with a paragraph holding only ``{{ signature_page }}`` or
``{{ approval_block }}`` (the default pages go there), or writes its own (the shipped
templates do: a ``signatories`` loop, ``approval_text`` and ``approval_signers``). A
template that does neither gets the default pages appended after the clauses, and the
build warns: the agreement's last section speaks of "the signature page", so it must never
go missing silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from .body import _esc
from .compiled import CompiledTemplate
from .tagging import SECTION_LEVEL, SUBPART_LEVEL, outline

SIGNATURE_PAGE = "\u2063MOU\u2063SIGNATURE\u2063PAGE\u2063"
APPROVAL_BLOCK = "\u2063MOU\u2063APPROVAL\u2063BLOCK\u2063"


@dataclass(frozen=True)
class DefaultPages:
    """What the default pages print (from the template context)."""

    signature_intro: str
    signatories: list[dict[str, str]]
    approval_text: str
    approval_signers: list[dict[str, str]]


_LINE = "______________________________"
_DATE = "Date: __________________"


def _p(
    tpl: CompiledTemplate,
    text: str,
    *,
    bold: bool = False,
    page_break: bool = False,
    level: int | None = None,
) -> str:
    ppr = f'<w:pStyle w:val="{tpl.style["body"]}"/><w:keepNext/>'
    if page_break:
        ppr += '<w:pageBreakBefore/><w:spacing w:after="240"/>'
    if level is not None:  # a heading: the signatures beside the sections, approval under
        ppr += outline(level)
    rpr = "<w:rPr><w:b/>" + ('<w:sz w:val="28"/>' if page_break else "") + "</w:rPr>"
    run = f'<w:r>{rpr if bold else ""}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run if text else ''}</w:p>"


def signature_page_xml(tpl: CompiledTemplate, pages: DefaultPages) -> str:
    parts = [
        _p(tpl, "Signatures", bold=True, page_break=True, level=SECTION_LEVEL),
        _p(tpl, pages.signature_intro),
    ]
    for person in pages.signatories:
        parts += [
            _p(tpl, person["organisation"], bold=True),
            _p(tpl, ""),
            _p(tpl, f"{_LINE}    {_DATE}"),
            _p(tpl, person["name"], bold=True),
            _p(tpl, person["title"]),
        ]
    return "".join(parts)


def approval_block_xml(tpl: CompiledTemplate, pages: DefaultPages) -> str:
    parts = [
        _p(tpl, ""),
        _p(tpl, "Board Approval", bold=True, level=SUBPART_LEVEL),
        _p(tpl, pages.approval_text),
    ]
    for signer in pages.approval_signers:
        parts += [_p(tpl, ""), _p(tpl, f"{_LINE}    {_DATE}"), _p(tpl, signer["label"])]
    return "".join(parts)


def _paragraph_bounds(document: str, at: int) -> tuple[int, int]:
    start = max(document.rfind("<w:p>", 0, at), document.rfind("<w:p ", 0, at))
    end = document.find("</w:p>", at)
    return start, end + len("</w:p>")


def place_pages(
    tpl: CompiledTemplate, document: str, pages: DefaultPages, notices: list[str] | None
) -> str:
    """``document`` (rendered) with the default pages at their placeholders, or appended
    at the end of the body when the template has no place for them (with a notice)."""
    kinds = (
        (SIGNATURE_PAGE, signature_page_xml, _has_signature_place, "the signature page"),
        (APPROVAL_BLOCK, approval_block_xml, _has_approval_place, "the board approval block"),
    )
    appended = []
    for sentinel, make, has_place, what in kinds:
        at = document.find(sentinel)
        if at >= 0:
            start, end = _paragraph_bounds(document, at)
            document = document[:start] + make(tpl, pages) + document[end:]
        elif not has_place(document, pages):
            appended.append(make(tpl, pages))
            if notices is not None:
                name = "signature_page" if sentinel == SIGNATURE_PAGE else "approval_block"
                notices.append(
                    f"template {tpl.path}: no place for {what}; the default one was added at "
                    f"the end (put a paragraph holding only {{{{ {name} }}}} where it belongs)"
                )
    if appended:
        cut = document.rfind("<w:sectPr")
        if cut < 0 or "</w:p>" in document[cut:]:  # no body-level section properties
            cut = document.rfind("</w:body>")
        document = document[:cut] + "".join(appended) + document[cut:]
    return document


def _has_signature_place(document: str, pages: DefaultPages) -> bool:
    """A template signs if it prints every signatory's name (its own signature page)."""
    names = [_esc(s["name"]) for s in pages.signatories if s["name"]]
    return bool(names) and all(name in document for name in names)


def _has_approval_place(document: str, pages: DefaultPages) -> bool:
    return any(
        _esc(text) in document
        for text in (pages.approval_text, *(s["title"] for s in pages.approval_signers))
    )
