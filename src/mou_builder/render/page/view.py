"""What a published page shows: a small, language-aware view of one agreement.

:mod:`mou_builder.workflows.publish` builds it from the Agreement and the check result;
:mod:`.html` renders it and knows nothing else. Every text carries the language it is
written in (``lang``), so a passage in another language than the page's is marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Inline:
    """A piece of a paragraph: plain, bold or italic text, or a link within the page."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class ParagraphView:
    inlines: tuple[Inline, ...]
    item: bool = False  # a lettered sub-item (a), (b) ...


@dataclass(frozen=True)
class TableView:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


BlockView = ParagraphView | TableView


@dataclass(frozen=True)
class SectionView:
    number: int
    anchor: str  # "section-7": the heading's id, what the table of contents links to
    aliases: tuple[str, ...]  # further ids: the clause id, the element slugs ("supervision")
    title: str
    blocks: tuple[BlockView, ...]
    lang: str  # the language of the title and blocks shown
    unofficial: bool = False  # a translation no reviewer has approved


@dataclass(frozen=True)
class SectionLink:
    number: int
    title: str
    href: str
    lang: str


@dataclass(frozen=True)
class RequiredElement:
    """One thing a governing policy requires, and where the agreement provides it."""

    subject: str  # the element's title
    requirement: str  # what the policy asks, in its own words
    citation: str
    authority: str  # the profile's title
    sections: tuple[SectionLink, ...]
    met: bool
    required: bool  # False: recommended
    lang: str  # language of subject and requirement


@dataclass(frozen=True)
class Term:
    effective: dt.date
    expires: dt.date
    renewal: str | None
    next_review: dt.date | None
    review_every_years: int | None
    review_basis: str | None  # a citation, or None when the term's own review_years sets it
    lang: str  # language of renewal and basis


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language
    href: str


@dataclass(frozen=True)
class Colors:
    text: str
    background: str
    heading: str
    link: str
    accent: str


@dataclass(frozen=True)
class PageView:
    agreement_id: str
    title: str
    title_lang: str
    district: str
    agency: str
    revision: str
    date: dt.date
    sections: tuple[SectionView, ...]
    required: tuple[RequiredElement, ...]
    profiles: tuple[str, ...]  # the titles of the governing policies checked
    term: Term
    languages: tuple[LanguageLink, ...]  # the other language pages
    colors: Colors
    logo: str | None = None  # a data: URI
    logo_alt: str | None = None
    draft: str | None = None  # a stamp such as "DRAFT — NOT FOR APPROVAL"
    discussion: bool = False  # a draft for discussion, not the approved agreement
    pdf: str | None = None  # the PDF beside the page (a relative link)
