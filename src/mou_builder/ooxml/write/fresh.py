"""Compiling a template from its .docx: docxtpl's ``patch_xml`` turns body, headers and
footers into Jinja source, compiled in a sandboxed, autoescaping environment; the package
plumbing is prepared by :mod:`.parts`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...errors import DocumentError
from ..ns import W
from ..package import Raw, raw_members
from .cache import pack_code
from .compiled import CompiledTemplate, from_code, jinja_env, template_error
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
)

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
        raise template_error(
            path,
            f"{name}: bad template tag: {exc.message}",
            "fix the {{ }} / {% %} tags in the template",
        ) from None


def _serialise(root: Any) -> str:
    from lxml import etree

    text: str = etree.tostring(root, encoding="unicode")
    return text


def compile_fresh(path: Path, data: bytes) -> tuple[CompiledTemplate, dict[str, Any]]:
    from ..safezip import open_docx

    try:
        package = open_docx(path)
    except DocumentError as exc:
        raise template_error(
            path, f"not a usable .docx ({exc.message})", "pass a Word .docx template"
        ) from None
    parts: dict[str, bytes | Raw] = dict(package.parts)
    root = package.xml("word/document.xml")
    if root.tag != f"{{{W}}}document" or root.prefix != "w":
        raise template_error(path, "word/document.xml is not an ordinary Word document")
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise template_error(path, "the document has no body")
    env = jinja_env()
    sources = {"word/document.xml": _serialise(root)}
    # headers and footers
    rels_name = "word/_rels/document.xml.rels"
    rels = package.xml(rels_name) if package.has(rels_name) else None
    numbering_target = None
    if rels is not None:
        for rel in rels:
            kind = rel.get("Type")
            target = "word/" + (rel.get("Target") or "").lstrip("/").removeprefix("word/")
            if kind in (REL_HEADER, REL_FOOTER) and target in parts:
                xml = _serialise(package.xml(target))
                if "{" in xml:
                    sources[target] = xml
            elif kind == REL_NUMBERING:
                numbering_target = target
    patched = {name: _patch(xml) for name, xml in sources.items()}
    document = patched.pop("word/document.xml")
    if not re.search(r"\{\{\s*" + BODY_PLACEHOLDER + r"\s*\}\}", document):
        raise template_error(
            path,
            "has no {{ clauses }} placeholder",
            "add a paragraph holding only {{ clauses }} where the numbered clauses belong",
        )
    codes = {"word/document.xml": _compile_part(env, path, "word/document.xml", document)}
    for target, source in patched.items():
        codes[target] = _compile_part(env, path, target, source)
    compiled = CompiledTemplate(str(path), parts, from_code(env, codes["word/document.xml"]))
    for target, code in codes.items():
        if target != "word/document.xml":
            compiled.rendered_parts[target] = from_code(env, code)

    prepare_styles(compiled, package, path)
    prepare_numbering(compiled, package, numbering_target)
    prepare_custom_properties(compiled)
    prepare_manifest_part(compiled)
    as_document(compiled, path)
    compiled.parts.pop("docProps/thumbnail.jpeg", None)
    compiled.text_width, compiled.body_indent = geometry(body, compiled)
    # parts we changed are kept as bytes; the rest is copied compressed, as stored
    modified = {n: v for n, v in compiled.parts.items() if package.parts.get(n) is not v}
    static = set(compiled.parts) - set(modified)
    compiled.parts.update(raw_members(data, static))
    entry = {
        "names": sorted(compiled.parts),
        "modified": {n: v.decode("utf-8") for n, v in modified.items() if isinstance(v, bytes)},
        "document": pack_code(codes["word/document.xml"]),
        "rendered": {n: pack_code(c) for n, c in codes.items() if n != "word/document.xml"},
        "num_id": compiled.num_id,
        "abstract_id": compiled.abstract_id,
        "numbering_part": compiled.numbering_part,
        "style": compiled.style,
        "text_width": compiled.text_width,
        "body_indent": compiled.body_indent,
        "manifest_part": compiled.manifest_part,
    }
    return compiled, entry
