"""Compiling a template from its .docx: docxtpl's ``patch_xml`` turns body, headers and
footers into Jinja source, compiled in a sandboxed, autoescaping environment; the package
plumbing is prepared by :mod:`.parts`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import DocumentError
from ..ns import W
from ..package import raw_members
from .cache import cache_entry
from .compiled import CompiledTemplate, from_code, jinja_env, template_error, where_in_template
from .parts import (
    REL_FOOTER,
    REL_HEADER,
    REL_NUMBERING,
    as_document,
    geometry,
    prepare_custom_properties,
    prepare_manifest_part,
    prepare_numbering,
    prepare_styles,
    refuse_macros,
)
from .tagging import check_image_alt_text

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from ..safezip import Package

BODY_PLACEHOLDER = "clauses"


_PARA_IDS = re.compile(r'\s(?:w14:paraId|w14:textId|w:rsid\w*)="[^"]*"')


def _patch(xml: str) -> str:
    """docxtpl's clean-up of a part's XML into Jinja source (tags split across runs, {%p ...})."""
    from docxtpl import DocxTemplate

    patcher = DocxTemplate.__new__(DocxTemplate)  # patch_xml uses no instance state
    patched: str = patcher.patch_xml(xml)
    return _PARA_IDS.sub("", patched)


def _compile_part(env: Any, path: Path, name: str, source: str) -> Any:
    """Jinja source → code object (what the disk cache keeps)."""
    from jinja2 import TemplateSyntaxError

    try:
        return env.compile(source, name=name)
    except TemplateSyntaxError as exc:
        block = re.search(r"needs to be closed is '(\w+)'", exc.message or "")
        if block:
            tag = block.group(1)
            needles = [f"{{%{tag} ", f"{{% {tag} ", f"{{%p {tag} ", f"{{%tr {tag} "]
            where = where_in_template(path, name, needles, last=True)
            hint = (
                f"close the {{% {tag} %}} block with {{% end{tag} %}} (on a paragraph of its own)"
            )
        else:
            where = ""
            hint = "fix the {{ }} / {% %} tags in the template"
        raise template_error(
            path, f"{name}{where}: bad template tag: {exc.message}", hint
        ) from None


def _serialise(root: Any) -> str:
    from lxml import etree

    text: str = etree.tostring(root, encoding="unicode")
    return text


_DOCUMENT = "word/document.xml"
_RELS = "word/_rels/document.xml.rels"


def compile_fresh(path: Path, data: bytes) -> tuple[CompiledTemplate, dict[str, Any]]:
    """Compile the template at ``path`` (its bytes ``data``); also the disk cache's entry."""
    package, root, body, original = _open(path)
    check_image_alt_text(package, path)
    env = jinja_env()
    sources, numbering_target = _sources(package, root)
    codes = _codes(env, path, sources)
    compiled = CompiledTemplate(str(path), dict(package.parts), from_code(env, codes[_DOCUMENT]))
    compiled.dropped = list(original.ignored)
    from ..read.stealth import package_unseen  # lxml: a cached template needs none

    compiled.unseen = package_unseen(package)
    for target, code in codes.items():
        if target != _DOCUMENT:
            compiled.rendered_parts[target] = from_code(env, code)
    _prepare(compiled, package, path, numbering_target)
    compiled.text_width, compiled.body_indent = geometry(body, compiled)
    # parts we changed are kept as bytes; the rest is copied compressed, as stored
    modified = {n: v for n, v in compiled.parts.items() if original.parts.get(n) is not v}
    compiled.parts.update(raw_members(data, set(compiled.parts) - set(modified)))
    return compiled, cache_entry(compiled, modified, codes, _DOCUMENT)


def _open(path: Path) -> tuple[Package, Element, Element, Package]:
    """The template's package cleaned to the allowlist (:func:`..sanitize.clean_package`:
    macros, external links, attached templates, embedded objects, imported chunks go), its
    document root and body, and the package as read (what was dropped in its ``ignored``);
    InputError if it is no Word document."""
    from ..safezip import Package, open_docx
    from ..sanitize import clean_package

    try:
        original = open_docx(path)
        refuse_macros(original.parts, path)
        cleaned = clean_package(original.parts)
    except DocumentError as exc:
        raise template_error(
            path, f"not a usable .docx ({exc.message})", "pass a Word .docx template"
        ) from None
    package = Package(original.path, cleaned.parts)
    original = Package(original.path, original.parts, cleaned.dropped)
    root = package.xml(_DOCUMENT)
    if root.tag != f"{{{W}}}document" or root.prefix != "w":
        raise template_error(path, "word/document.xml is not an ordinary Word document")
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise template_error(path, "the document has no body")
    return package, root, body, original


def _sources(package: Package, root: Element) -> tuple[dict[str, str], str | None]:
    """XML of the parts that hold template tags (the body, headers and footers with a "{"),
    and the numbering part's name."""
    sources = {_DOCUMENT: _serialise(root)}
    numbering_target = None
    rels = package.xml(_RELS) if package.has(_RELS) else None
    for rel in rels if rels is not None else []:
        kind = rel.get("Type")
        target = "word/" + (rel.get("Target") or "").lstrip("/").removeprefix("word/")
        if kind in (REL_HEADER, REL_FOOTER) and target in package.parts:
            xml = _serialise(package.xml(target))
            if "{" in xml:
                sources[target] = xml
        elif kind == REL_NUMBERING:
            numbering_target = target
    return sources, numbering_target


def _codes(env: Any, path: Path, sources: dict[str, str]) -> dict[str, Any]:
    """Each part's Jinja code; the body must hold the ``{{ clauses }}`` placeholder."""
    patched = {name: _patch(xml) for name, xml in sources.items()}
    if not re.search(r"\{\{\s*" + BODY_PLACEHOLDER + r"\s*\}\}", patched[_DOCUMENT]):
        raise template_error(
            path,
            "has no {{ clauses }} placeholder",
            "add a paragraph holding only {{ clauses }} where the numbered clauses belong",
        )
    document = patched.pop(_DOCUMENT)
    codes = {_DOCUMENT: _compile_part(env, path, _DOCUMENT, document)}
    for target, source in patched.items():
        codes[target] = _compile_part(env, path, target, source)
    return codes


def _prepare(
    compiled: CompiledTemplate, package: Package, path: Path, numbering_target: str | None
) -> None:
    prepare_styles(compiled, package, path)
    prepare_numbering(compiled, package, numbering_target)
    prepare_custom_properties(compiled)
    prepare_manifest_part(compiled)
    as_document(compiled, path)
    compiled.parts.pop("docProps/thumbnail.jpeg", None)
