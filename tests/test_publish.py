"""`mou publish`: the page's structure read back as HTML (no browser here; see
test_publish_browser.py for axe-core, the keyboard and zoom), its theme and its refusals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from mou_builder.cli import mou
from mou_builder.model.agreement import Section
from mou_builder.model.language import GOVERNING
from mou_builder.model.theme import DEFAULT_COLORS, Theme, contrast, resolve_colors
from mou_builder.workflows.publish import linked

from conftest import EXAMPLES, requires_soffice

OAKVIEW = EXAMPLES / "oakview-ca.mou.yaml"
VOID = {"meta", "img", "br", "col", "link", "input", "hr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def lang(self) -> str | None:
        """The language in force here (the nearest lang attribute)."""
        node: Node | None = self
        while node is not None:
            if "lang" in node.attrs:
                return node.attrs["lang"]
            node = node.parent
        return None

    def inside(self, tag: str) -> bool:
        node = self.parent
        while node is not None:
            if node.tag == tag:
                return True
            node = node.parent
        return False


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(path: Path) -> Node:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    assert builder.current is builder.root, "an element is left open"
    return builder.root


def run(*args: str):
    return CliRunner().invoke(mou, ["publish", *args])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(mou, ["publish", str(OAKVIEW), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def en(site) -> Node:
    return parse(site / "OAKVIEW-SRO-2026.en.html")


@pytest.fixture(scope="module")
def es(site) -> Node:
    return parse(site / "OAKVIEW-SRO-2026.es.html")


def by_id(doc: Node, ident: str) -> Node:
    (node,) = [n for n in doc.iter() if n.attrs.get("id") == ident]
    return node


def test_one_page_per_language_is_written(site):
    assert sorted(p.name for p in site.iterdir()) == [
        "OAKVIEW-SRO-2026.en.html",
        "OAKVIEW-SRO-2026.es.html",
    ]


def test_the_page_has_landmarks_a_title_heading_and_a_heading_per_section(en):
    (html,) = en.iter("html")
    assert html.attrs["lang"] == "en-US"
    body = next(en.iter("body"))
    landmarks = [n.tag for n in body.children if isinstance(n, Node)]
    assert landmarks == ["a", "header", "nav", "main", "footer"]
    (h1,) = en.iter("h1")
    assert h1.text == "Memorandum of Understanding for School Resource Officer Services"
    sections = [h for h in en.iter("h2") if h.attrs.get("id", "").startswith("section-")]
    assert [h.attrs["id"] for h in sections] == [f"section-{n}" for n in range(1, 37)]
    assert sections[5].text == "6. Supervision and Chain of Command"
    assert all(h.attrs.get("tabindex") == "-1" for h in sections)  # focus lands on it


def test_the_skip_link_comes_first_and_leads_to_main(en):
    first_link = next(next(en.iter("body")).iter("a"))
    assert first_link.attrs == {"class": "skip", "href": "#main"}
    assert first_link.text == "Skip to the agreement"
    assert by_id(en, "main").tag == "main"


def test_the_table_of_contents_links_every_section(en):
    toc = by_id(en, "contents")
    assert toc.tag == "nav" and toc.attrs["aria-labelledby"] == "contents-heading"
    targets = [a.attrs["href"] for a in toc.iter("a")]
    assert targets == ["#term", "#required", *(f"#section-{n}" for n in range(1, 37))]


def test_each_section_is_reachable_by_number_clause_id_and_subject(en):
    ids = [n.attrs["id"] for n in en.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))  # every anchor unique
    section = by_id(en, "supervision-chain-of-command")
    assert section.tag == "section" and section.attrs["aria-labelledby"] == "section-6"
    assert by_id(en, "supervision").parent is section  # the element's slug
    assert by_id(en, "records-access").parent is by_id(en, "records-access").parent


def test_cross_references_to_existing_sections_are_links_and_no_others(en):
    main = by_id(en, "main")
    links = [a for a in main.iter("a") if a.inside("p") or a.inside("li")]
    for a in links:
        number = int(a.attrs["href"].removeprefix("#section-"))
        assert a.text == f"Section {number}" and 1 <= number <= 36
    assert sorted(a.text for a in links) == ["Section 10", "Section 26", "Section 8"]
    purpose = by_id(en, "purpose")
    assert "Section 10" in {a.text for a in purpose.iter("a")}
    # "Section 504 plans" is federal law, not a section of this agreement: plain text
    training = by_id(en, "sro-training")
    assert "Section 504" in training.text
    assert "Section 504" not in {a.text for a in training.iter("a")}


def test_every_mention_of_an_existing_section_is_linked(en):
    main = by_id(en, "main")
    for section in main.iter("section"):
        if not section.attrs.get("aria-labelledby", "").startswith("section-"):
            continue
        prose = "".join(n.text for n in section.iter() if n.tag in ("p", "li"))
        mentioned = [int(n) for n in re.findall(r"Section[ \u00a0](\d+)", prose)]
        linked_numbers = [
            int(a.attrs["href"].removeprefix("#section-"))
            for a in section.iter("a")
            if a.attrs.get("href", "").startswith("#section-")
        ]
        assert linked_numbers == [n for n in mentioned if n <= 36]


def test_tables_have_captions_and_scoped_header_cells(en):
    tables = list(en.iter("table"))
    assert len(tables) >= 3  # the term, the required subjects, the hours of duty
    for table in tables:
        assert next(c.tag for c in table.children if isinstance(c, Node)) == "caption"
        cells = list(table.iter("th"))
        assert cells and all(th.attrs.get("scope") in ("col", "row") for th in cells)


def test_the_required_subjects_name_their_section_and_citation(en):
    required = by_id(en, "required")
    assert "covers all 16 subjects required or recommended by" in required.text
    rows = list(next(required.iter("tbody")).iter("tr"))
    assert len(rows) == 16
    first = [c for c in rows[2].children if isinstance(c, Node)]
    assert [c.text for c in first[:1]] == ["Supervision and chain of command"]
    assert next(first[1].iter("a")).attrs["href"] == "#section-6"
    assert "BP 3515.31" in first[2].text and first[3].text == "Covered"


def test_the_term_and_the_next_review_are_stated(en, es):
    term = by_id(en, "term").text.replace("\u00a0", " ")  # dates are kept on one line
    assert "July 1, 2026" in term and "June 30, 2027" in term
    assert "Next review due" in term and "every year" in term
    assert "1 de julio de 2026" in by_id(es, "term").text.replace("\u00a0", " ")


def test_the_spanish_page_speaks_spanish_and_marks_the_english_text(es):
    (html,) = es.iter("html")
    assert html.attrs["lang"] == "es-US"
    assert next(es.iter("a")).text == "Ir directamente al acuerdo"
    clauses = [
        section
        for section in by_id(es, "main").iter("section")
        if section.attrs.get("aria-labelledby", "").startswith("section-")
    ]
    for section in clauses:  # the shipped Spanish is draft: each section says it is unofficial
        assert "lang" not in section.attrs  # Spanish, as the page is
        (note,) = [p for p in section.iter("p") if p.attrs.get("class") == "note"]
        assert note.lang() == "es-US" and note.text == "Traducción no oficial"
    assert len(clauses) == 36
    summary = next(by_id(es, "required").iter("p"))
    (policy,) = summary.iter("span")  # the policy's own (English) name, marked as English
    assert policy.attrs == {"lang": "en-US"} and "BP 3515.31" in policy.text
    notices = [p for p in es.iter("p") if p.attrs.get("class") == "governing"]
    assert [p.lang() for p in notices] == ["es-US", "en-US"]  # the English governs, both say


def test_the_language_switch_links_the_other_page_in_its_language(en, es):
    (switch,) = [n for n in es.iter("nav") if n.attrs.get("class") == "languages"]
    (link,) = switch.iter("a")
    assert link.attrs == {"href": "OAKVIEW-SRO-2026.en.html", "hreflang": "en-US", "lang": "en-US"}
    assert link.text == "English"
    (back,) = [n for n in en.iter("nav") if n.attrs.get("class") == "languages"]
    assert next(back.iter("a")).attrs["hreflang"] == "es-US"


def test_the_page_makes_no_request_and_needs_no_script(site):
    for page in site.iterdir():
        html = page.read_text(encoding="utf-8")
        doc = parse(page)
        assert not list(doc.iter("script")) and not list(doc.iter("link"))
        for node in doc.iter():
            for attr in ("src", "href", "action", "srcset"):
                value = node.attrs.get(attr, "")
                assert not re.match(r"^(https?:)?//", value), (node.tag, value)
        assert "@import" not in html and "url(" not in html


def test_the_page_has_a_print_stylesheet_and_a_visible_focus_style(site):
    css = next(parse(site / "OAKVIEW-SRO-2026.en.html").iter("style")).text
    assert "@media print" in css
    assert re.search(r"a:focus[^{]*\{\s*outline: 0\.1875rem solid", css)
    assert "px" not in css  # relative units: the text reflows when zoomed


def test_the_same_inputs_give_the_same_bytes(site, tmp_path):
    assert run(str(OAKVIEW), "-o", str(tmp_path)).exit_code == 0
    for page in site.iterdir():
        assert (tmp_path / page.name).read_bytes() == page.read_bytes()


def test_only_the_languages_asked_for_are_written(tmp_path):
    result = run(str(OAKVIEW), "-o", str(tmp_path), "--lang", "es")
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["OAKVIEW-SRO-2026.es.html"]
    assert not [
        n
        for n in parse(tmp_path / "OAKVIEW-SRO-2026.es.html").iter("nav")
        if n.attrs.get("class") == "languages"
    ]


def test_an_unknown_language_is_one_line_and_exit_2(tmp_path):
    result = run(str(OAKVIEW), "-o", str(tmp_path), "--lang", "fr")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "mou: error: --lang: unknown language 'fr' (known: en, es); "
        "leave out --lang for every language"
    ]
    assert not list(tmp_path.iterdir())


def test_a_theme_pair_below_aa_contrast_is_refused_at_its_line(tmp_path):
    theme = tmp_path / "theme.yaml"
    theme.write_text("colors:\n  text: '#222222'\n  link: '#8fb3e0'\nlogo_alt: x\n")
    result = run(str(OAKVIEW), "-o", str(tmp_path / "site"), "--theme", str(theme))
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert line.startswith(f"mou: error: {theme}:3:9: colors.link #8fb3e0 on colors.background")
    assert "below the 4.5:1 WCAG AA asks for links" in line
    assert not (tmp_path / "site").exists()


def test_a_dark_background_is_blamed_when_it_is_what_the_theme_set(tmp_path):
    theme = tmp_path / "theme.yaml"
    theme.write_text("colors:\n  background: '#333333'\n")
    result = run(str(OAKVIEW), "-o", str(tmp_path / "site"), "--theme", str(theme))
    assert result.exit_code == 2
    assert all(f"{theme}:2:15: " in line for line in result.output.splitlines())


def test_a_theme_with_an_unknown_key_or_a_logo_without_alt_text_is_bad_input(tmp_path):
    theme = tmp_path / "theme.yaml"
    theme.write_text("colors:\n  text: '#000000'\n  links: '#000000'\n")
    result = run(str(OAKVIEW), "-o", str(tmp_path / "site"), "--theme", str(theme))
    assert result.exit_code == 2 and f"{theme}:3:10: unknown key 'links'" in result.output
    theme.write_text("logo: logo.png\n")
    result = run(str(OAKVIEW), "-o", str(tmp_path / "site"), "--theme", str(theme))
    assert result.exit_code == 2 and "a logo needs 'logo_alt'" in result.output


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def test_the_theme_gives_the_page_its_colours_and_logo(tmp_path):
    (tmp_path / "logo.png").write_bytes(PNG)
    theme = tmp_path / "theme.yaml"
    theme.write_text(
        "colors:\n  heading: '#5a1a1a'\n  link: '#0b4f6c'\n"
        "logo: logo.png\nlogo_alt: Oakview Unified School District\n"
    )
    result = run(str(OAKVIEW), "-o", str(tmp_path / "site"), "--theme", str(theme))
    assert result.exit_code == 0, result.output
    doc = parse(tmp_path / "site" / "OAKVIEW-SRO-2026.en.html")
    css = next(doc.iter("style")).text
    assert "--heading: #5a1a1a;" in css and "--link: #0b4f6c;" in css
    (img,) = doc.iter("img")
    assert img.attrs["src"].startswith("data:image/png;base64,iVBOR")
    assert img.attrs["alt"] == "Oakview Unified School District"


@pytest.mark.parametrize(
    ("template", "heading"), [("default", "#1f3a5f"), ("letterhead", "#0b5d3b")]
)
def test_without_a_theme_the_colours_are_the_word_templates(tmp_path, template, heading):
    from conftest import DATA

    docx = DATA / "templates" / f"{template}.docx"
    result = run(str(OAKVIEW), "-o", str(tmp_path), "--lang", "en", "--template", str(docx))
    assert result.exit_code == 0, result.output
    css = next(parse(tmp_path / "OAKVIEW-SRO-2026.en.html").iter("style")).text
    assert f"--heading: {heading};" in css and f"--accent: {heading};" in css


def test_a_missing_required_subject_blocks_publishing_unless_allowed(tmp_path):
    text = OAKVIEW.read_text(encoding="utf-8")
    spec = tmp_path / "no-immigration.mou.yaml"
    spec.write_text(re.sub(r"  - immigration-enforcement@1.*\n", "", text), encoding="utf-8")
    assert "immigration-enforcement" not in spec.read_text(encoding="utf-8")
    blocked = run(str(spec), "-o", str(tmp_path / "site"))
    assert blocked.exit_code == 1 and "nothing was built" in blocked.output
    assert not (tmp_path / "site").exists()
    result = run(str(spec), "-o", str(tmp_path / "site"), "--allow-errors", "--lang", "en")
    assert result.exit_code == 0, result.output
    doc = parse(tmp_path / "site" / "OAKVIEW-SRO-2026.en.html")
    assert "Draft: the checks found problems" in by_id(doc, "main").text
    required = by_id(doc, "required")
    assert "covers 15 of the 16 subjects" in required.text
    (row,) = [r for r in required.iter("tr") if "Immigration" in r.text]
    assert "Not covered" in row.text and "Missing" in row.text


def test_a_cross_reference_becomes_a_link_only_to_a_section_that_exists():
    pieces = linked("as Section 3 and Section 9 provide", "en", {3})
    assert [(p.text, p.href) for p in pieces] == [
        ("as ", None),
        ("Section 3", "#section-3"),
        (" and Section 9 provide", None),
    ]
    (piece,) = linked("según la Sección 3", "es", {3})[1:]
    assert piece.href == "#section-3"


def test_a_section_without_a_translation_is_shown_in_english_marked_so():
    section = Section(
        number=1,
        clause_id="x",
        version=1,
        title="Purpose",
        elements=[],
        blocks=[],
        translation="missing",
    )
    assert (section.title, section.lang, section.unofficial) == ("Purpose", GOVERNING, False)


@pytest.mark.parametrize(
    ("state", "unofficial"), [("draft", True), ("stale", True), ("approved", False)]
)
def test_a_translated_section_is_shown_unofficial_unless_approved(state, unofficial):
    section = Section(
        number=1,
        clause_id="x",
        version=1,
        title="Propósito",
        elements=[],
        blocks=[],
        lang="es",
        translation=state,
    )
    assert (section.title, section.lang, section.unofficial) == ("Propósito", "es", unofficial)


def test_contrast_follows_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    colors, given = resolve_colors(Theme(), {"link": "#a0c0ff"})  # a template colour too pale
    assert colors["link"] == DEFAULT_COLORS["link"] and given == set()


@requires_soffice
@pytest.mark.soffice
def test_with_pdf_a_pdf_is_written_beside_the_page_and_linked(tmp_path):
    import subprocess

    result = run(str(OAKVIEW), "-o", str(tmp_path), "--lang", "en", "--pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "OAKVIEW-SRO-2026.en.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Supervision and Chain of Command" in text
    doc = parse(tmp_path / "OAKVIEW-SRO-2026.en.html")
    assert [a.attrs["href"] for a in doc.iter("a") if a.attrs.get("type")] == [pdf.name]


def test_a_draft_for_discussion_says_so_and_an_ordinary_page_does_not(en, tmp_path):
    assert not [p for p in en.iter("p") if p.attrs.get("class") == "draft"]
    assert run(str(OAKVIEW), "-o", str(tmp_path), "--lang", "es", "--draft").exit_code == 0
    doc = parse(tmp_path / "OAKVIEW-SRO-2026.es.html")
    (note,) = [p for p in doc.iter("p") if p.attrs.get("class") == "draft"]
    assert note.text == "Un borrador para su discusión. La junta no ha aprobado este acuerdo."


def test_without_libreoffice_pdf_is_a_clear_error_and_no_page_is_written(tmp_path):
    result = CliRunner().invoke(
        mou,
        ["publish", str(OAKVIEW), "-o", str(tmp_path / "site"), "--pdf"],
        env={"MOU_SOFFICE": "no-such-soffice"},
    )
    assert result.exit_code == 2
    assert "LibreOffice (soffice) is not installed" in result.output
    assert not list((tmp_path / "site").glob("*.html"))


def test_markup_in_negotiated_text_is_shown_as_text_not_run(tmp_path):
    spec = tmp_path / "negotiated.mou.yaml"
    hostile = '<script>alert(1)</script> <a href="https://example.org">x</a> & more'
    entry = (
        "  - id: purpose\n    version: 1\n    title: Purpose <b>now</b>\n"
        "    negotiated: agreed at the table\n"
        f"    text:\n      - '{hostile}'\n"
    )
    text = OAKVIEW.read_text(encoding="utf-8").replace("  - purpose@1\n", entry)
    spec.write_text(text, encoding="utf-8")
    result = run(str(spec), "-o", str(tmp_path / "site"), "--lang", "en", "--allow-errors")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "OAKVIEW-SRO-2026.en.html").read_text(encoding="utf-8")
    doc = parse(tmp_path / "site" / "OAKVIEW-SRO-2026.en.html")
    assert not list(doc.iter("script")) and not list(doc.iter("b"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "https://example.org" not in {a.attrs.get("href") for a in doc.iter("a")}
    assert by_id(doc, "section-2").text == "2. Purpose <b>now</b>"  # the title, as text


def test_every_fixed_text_of_the_page_and_the_packet_is_in_every_catalogue():
    from mou_builder.model.language import LANGUAGES, catalogue

    from conftest import DATA, ROOT

    src = ROOT / "src" / "mou_builder"
    sources = {
        "page": [
            DATA / "templates" / "publish" / "page.html.j2",
            src / "render" / "page" / "html.py",
            src / "workflows" / "publish.py",
        ],
        "packet": [src / "workflows" / "packet.py", src / "render" / "boardmemo.py"],
    }
    prefixes = "publish|governing|translation|ref|packet|matrix|memo"
    for what, files in sources.items():
        keys = {
            k
            for path in files
            for k in re.findall(
                rf"""["']((?:{prefixes})\.(?!json\b)[a-z_.]+)["']""",
                path.read_text(encoding="utf-8"),
            )
        }
        assert len(keys) > 30, what
        for lang in LANGUAGES:
            assert keys - set(catalogue(lang)) == set(), (what, lang)


def test_every_element_has_a_name_in_every_translation_and_english_names_one_place():
    from mou_builder.model.elements import ELEMENTS, element_name
    from mou_builder.model.language import GOVERNING, LANGUAGES, catalogue

    assert not [k for k in catalogue(GOVERNING) if k.startswith("element.")]  # elements.py has them
    for lang in set(LANGUAGES) - {GOVERNING}:
        named = {k.removeprefix("element.") for k in catalogue(lang) if k.startswith("element.")}
        assert named == set(ELEMENTS), lang
        assert all(element_name(e, lang) != ELEMENTS[e] for e in ELEMENTS), lang
    assert element_name("supervision", "es") == "Supervisión y cadena de mando"
    assert element_name("supervision") == ELEMENTS["supervision"]
