"""``mou publish``: the agreement as an accessible web page per language, for the community.

Each page is one self-contained HTML file, ``<out>/<agreement id>.<lang>.html`` (inline CSS,
the logo as a ``data:`` URI, no script, no request to anywhere): the numbered sections as
headings with anchors (``#section-7``, ``#<clause id>``, ``#<element>``), a table of
contents, cross-references as links, what the governing policies require and where the
agreement provides it, the term and the next review, and links to the other languages.
With ``pdf``, a PDF of the Word document beside each page.

The page is made in two steps: :func:`page_view` turns the Agreement and its check into a
:class:`~mou_builder.render.page.view.PageView` for one language, and the renderer writes
that view as HTML. Each page in another language is made from the agreement assembled in
that language (its clause translations): each section says the language it is written in
(a passage left in English is marked ``lang="en"``) and whether it is unofficial (a
translation no reviewer approved). Same inputs, same bytes (the PDFs excepted:
LibreOffice stamps them).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..assembly.assembler import assemble
from ..checks.engine import CheckResult, run_check
from ..checks.rules.requirements import RULE_IDS
from ..errors import UsageError
from ..model.agreement import Agreement, Section, Table
from ..model.elements import ELEMENTS
from ..model.language import GOVERNING, LANGUAGES, UnknownLanguage, check_language, phrase
from ..model.typography import typeset
from ..render.page import view as v
from ..sources.library import Library
from ..sources.specfile import load_spec
from ..sources.themefile import LoadedTheme, load_theme, logo_data_uri, page_colors
from ..util.atomic import write_bytes_atomic
from ..util.outputs import check_output
from .build import BuildBlocked, draft_stamp
from .build import render as render_document
from .deadlines import next_review, review_cycle

DEFAULT_OUT = Path("site")
#: ids the page itself uses; a section alias never takes one of them
PAGE_IDS = frozenset({"main", "contents", "required", "term", "languages", "top"})


@dataclass
class PublishResult:
    directory: Path
    agreement: Agreement
    check: CheckResult
    pages: dict[str, Path] = field(default_factory=dict)  # language -> page
    pdfs: dict[str, Path] = field(default_factory=dict)

    @property
    def summary(self) -> list[str]:
        lines = [f"wrote {path} ({LANGUAGES[lang]})" for lang, path in self.pages.items()]
        return lines + [f"wrote {path} (PDF)" for path in self.pdfs.values()]


def page_name(agreement_id: str, lang: str, suffix: str = ".html") -> str:
    return f"{agreement_id}.{lang}{suffix}"


# --------------------------------------------------------------------------- the view


def _reference_pattern(lang: str) -> re.Pattern[str]:
    """What ``ref()`` prints in ``lang`` ("Section 7"), with the number as a group."""
    before, _, after = phrase("ref.section", lang, number="\x00").partition("\x00")
    text = before.replace("\N{NO-BREAK SPACE}", " ")
    body = re.escape(text).replace("\\ ", "[ \N{NO-BREAK SPACE}]")
    return re.compile(rf"\b{body}(\d+)\b{re.escape(after)}")


def linked(
    text: str, lang: str, numbers: set[int], *, bold: bool = False, italic: bool = False
) -> list[v.Inline]:
    """``text`` with each cross-reference to an existing section as a link to it."""
    pieces: list[v.Inline] = []
    start = 0
    for match in _reference_pattern(lang).finditer(text):
        number = int(match.group(1))
        if number not in numbers:
            continue
        if match.start() > start:
            pieces.append(v.Inline(text[start : match.start()], bold, italic))
        pieces.append(v.Inline(match.group(0), bold, italic, f"#section-{number}"))
        start = match.end()
    if start < len(text) or not pieces:
        pieces.append(v.Inline(text[start:], bold, italic))
    return pieces


def _blocks(shown: Section, number: int, numbers: set[int]) -> tuple[v.BlockView, ...]:
    blocks: list[v.BlockView] = []
    for block in shown.blocks:
        if isinstance(block, Table):
            caption = phrase("publish.table.caption", shown.lang, number=number, title=shown.title)
            blocks.append(
                v.TableView(caption, tuple(block.columns), tuple(tuple(r) for r in block.rows))
            )
            continue
        inlines = [
            piece
            for run in block.runs
            for piece in linked(run.text, shown.lang, numbers, bold=run.bold, italic=run.italic)
        ]
        blocks.append(v.ParagraphView(tuple(inlines), item=block.kind == "item"))
    return tuple(blocks)


def _aliases(agreement: Agreement) -> dict[int, tuple[str, ...]]:
    """Each section's ids beside ``section-N``: its clause id, then the slug of each element
    it is the first section for; an id is given once, and never one the page uses."""
    taken = set(PAGE_IDS) | {f"section-{s.number}" for s in agreement.sections}
    found: dict[int, list[str]] = {s.number: [] for s in agreement.sections}
    wanted = [(s.number, s.clause_id) for s in agreement.sections]
    wanted += [(s.number, e.replace("_", "-")) for s in agreement.sections for e in s.elements]
    for number, name in wanted:
        if name not in taken:
            taken.add(name)
            found[number].append(name)
    return {number: tuple(names) for number, names in found.items()}


def section_views(agreement: Agreement) -> tuple[v.SectionView, ...]:
    """Each section as the page shows it, in the language it is written in."""
    numbers = {s.number for s in agreement.sections}
    aliases = _aliases(agreement)
    views = []
    for section in agreement.sections:
        views.append(
            v.SectionView(
                number=section.number,
                anchor=f"section-{section.number}",
                aliases=aliases[section.number],
                title=section.title,
                blocks=_blocks(section, section.number, numbers),
                lang=section.lang,
                unofficial=section.unofficial,
            )
        )
    return tuple(views)


def required_elements(
    check: CheckResult, lang: str, shown: Agreement | None = None
) -> tuple[v.RequiredElement, ...]:
    """Each element a governing policy requires (or recommends) of the agreement, in the
    policies' order, with the sections that provide it (titled as ``shown``, the agreement
    in ``lang``, has them) and whether the check found it."""
    agreement = check.agreement
    effective = agreement.spec.term.effective
    titles = {s.number: s for s in (shown or agreement).sections}
    rule = RULE_IDS["element"]
    failed = {(f.element, f.citation) for f in check.findings if f.rule == rule}
    rows = []
    for profile in check.profiles:
        for req in profile.requirements:
            if req.check != "element" or req.element is None or not req.applies_on(effective):
                continue
            links = tuple(
                v.SectionLink(
                    s.number, titles[s.number].title, f"#section-{s.number}", titles[s.number].lang
                )
                for s in agreement.sections_for_element(req.element)
            )
            rows.append(
                v.RequiredElement(
                    subject=ELEMENTS[req.element],
                    requirement=req.message,
                    citation=req.citation,
                    authority=profile.profile.title,
                    sections=links,
                    met=bool(links) and (req.element, req.citation) not in failed,
                    required=req.severity == "error",
                    lang=GOVERNING,
                )
            )
    return tuple(rows)


def term_view(check: CheckResult) -> v.Term:
    """The term, and the first review due after the agreement takes effect (a date fixed by
    the spec and its profiles, so the page does not change from one day to the next)."""
    term = check.agreement.spec.term
    cycle = review_cycle(check.agreement, check.profiles)
    return v.Term(
        effective=term.effective,
        expires=term.expires,
        renewal=typeset(term.renewal) if term.renewal else None,
        next_review=next_review(term.effective, cycle, term.effective) if cycle else None,
        review_every_years=cycle.every_years if cycle else None,
        review_basis=cycle.basis if cycle else None,
        lang=GOVERNING,
    )


@dataclass(frozen=True)
class Look:
    """What the theme and the template give a page: colours and logo."""

    colors: v.Colors
    logo: str | None = None
    logo_alt: str | None = None


def page_view(
    check: CheckResult,
    lang: str,
    *,
    languages: Sequence[str],
    look: Look,
    draft: str | None = None,
    pdf: str | None = None,
    discussion: bool = False,
    translated: Agreement | None = None,
) -> v.PageView:
    """The page in ``lang`` for the agreement ``check`` was run on (``translated``: the
    same agreement assembled in ``lang``); ``languages`` are all the languages published
    (the page links to the others)."""
    agreement = check.agreement
    shown = translated if translated is not None else agreement
    spec = agreement.spec
    return v.PageView(
        agreement_id=agreement.id,
        title=typeset(spec.title),
        title_lang=GOVERNING,
        district=typeset(spec.parties.district.name),
        agency=typeset(spec.parties.agency.name),
        revision=spec.revision,
        date=spec.date,
        sections=section_views(shown),
        required=required_elements(check, lang, shown),
        profiles=tuple(p.profile.title for p in check.profiles),
        term=term_view(check),
        languages=tuple(
            v.LanguageLink(code, LANGUAGES[code], page_name(agreement.id, code))
            for code in languages
            if code != lang
        ),
        colors=look.colors,
        logo=look.logo,
        logo_alt=look.logo_alt,
        draft=draft,
        discussion=discussion,
        pdf=pdf,
    )


# --------------------------------------------------------------------------- the operation


def _look(loaded: LoadedTheme, template: Path | None) -> Look:
    from ..ooxml.templatecolors import template_colors
    from ..sources.shipped import shipped_template

    colors = page_colors(loaded, template_colors(template or shipped_template()))
    return Look(v.Colors(**colors), logo_data_uri(loaded), loaded.theme.logo_alt)


def _languages(langs: Sequence[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(langs)) if langs else list(LANGUAGES)
    try:
        return [check_language(code) for code in chosen]
    except UnknownLanguage as exc:
        raise UsageError(f"--lang: {exc}", hint="leave out --lang for every language") from None


def publish(
    spec_path: Path | str,
    output: Path | str | None = None,
    *,
    langs: Sequence[str] | None = None,
    theme: Path | str | None = None,
    template: Path | str | None = None,
    pdf: bool = False,
    draft: bool = False,
    allow_errors: bool = False,
    library: Library | None = None,
    profiles: list[str] | None = None,
) -> PublishResult:
    """Check the agreement, then write its page in each language (and PDFs with ``pdf``);
    ``draft`` marks both as a draft for discussion. Raises BuildBlocked (exit 1) when
    checks find errors, unless ``allow_errors`` (the page then says the checks failed)."""
    from ..render.page.html import render_page

    languages = _languages(langs)
    library = library if library is not None else Library.load()
    loaded = load_spec(Path(spec_path))
    agreement = assemble(loaded, library)
    translated = {
        lang: agreement if lang == GOVERNING else assemble(loaded, library, lang)
        for lang in languages
    }
    directory = Path(output) if output is not None else DEFAULT_OUT
    template_path = Path(template) if template else None
    look = _look(load_theme(theme), template_path)
    inputs = [spec_path, *(p for p in (theme, template) if p)]
    for lang in languages:
        for suffix in (".html", ".pdf") if pdf else (".html",):
            check_output(
                directory / page_name(agreement.id, lang, suffix),
                inputs=inputs,
                library=library.root,
            )
    check = run_check(agreement, library, profiles or None)
    stamp = None
    if check.errors:
        if not allow_errors:
            raise BuildBlocked(check)
        stamp = draft_stamp()
    result = PublishResult(directory, agreement, check)
    if pdf:  # first: LibreOffice is what most often fails, and then no page is written
        result.pdfs = _pdfs(translated, directory, template_path, stamp is not None, draft)
    for lang in languages:
        pdf_name = page_name(agreement.id, lang, ".pdf") if pdf else None
        page = page_view(
            check,
            lang,
            languages=languages,
            look=look,
            draft=stamp,
            pdf=pdf_name,
            discussion=draft,
            translated=translated[lang],
        )
        target = directory / page_name(agreement.id, lang)
        write_bytes_atomic(target, render_page(page, lang).encode("utf-8"))
        result.pages[lang] = target
    return result


def _pdfs(
    translated: dict[str, Agreement],
    directory: Path,
    template: Path | None,
    stamped: bool,
    draft: bool,
) -> dict[str, Path]:
    """A PDF of the Word document in each language (``translated``: the agreement assembled
    in each), all converted before any is written."""
    from ..util.pdf import to_pdf

    made: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="mou-publish-") as work:
        for lang, agreement in translated.items():
            stamp = draft_stamp(lang) if stamped else None
            data = render_document(
                agreement, template=template, draft=draft or stamped, stamp=stamp
            )
            docx = Path(work) / lang / f"{agreement.id}.docx"
            docx.parent.mkdir()
            docx.write_bytes(data)
            made[lang] = to_pdf(docx, docx.parent).read_bytes()
    written: dict[str, Path] = {}
    for lang, agreement in translated.items():
        target = directory / page_name(agreement.id, lang, ".pdf")
        write_bytes_atomic(target, made[lang])
        written[lang] = target
    return written
