"""The Word writer: an :class:`~mou_builder.model.agreement.Agreement` → complete .docx bytes.

How a document is made:

1. The template (a docxtpl .docx: cover page, running header/footer, signature page, board
   approval block) is read once per (path, mtime, size) and compiled: docxtpl's ``patch_xml``
   turns its body, headers and footers into Jinja source, which is compiled in a sandboxed,
   autoescaping environment. Style ids, a numbering definition for the clauses and the
   package plumbing for custom properties are worked out at the same time. See
   :func:`load_template`. The result (Jinja code, changed parts, style ids) is also kept
   in a disk cache keyed by the template's bytes (``$MOU_CACHE_DIR``, default
   ``~/.cache/mou-builder``; ``off`` disables it), so a CLI build neither imports lxml,
   python-docx and docxtpl nor recompiles; unchanged parts are copied still compressed.
2. Per document the compiled Jinja renders the template parts with the cover values; the
   paragraph holding ``{{ clauses }}`` is replaced by the clause body, generated in one pass as
   an XML string (:func:`body_xml`) — no python-docx call per paragraph.
3. Core properties (dates from the spec) and custom properties (the manifest) are written,
   and the package is zipped reproducibly (:mod:`.package`).

Clause body markup: one block-level ``w:sdt`` per clause with a bookmark inside (see
:mod:`.markers`); the heading in the built-in Heading 1 style with ``w:numPr`` level 0 of a
list whose level 1 is the lettered sub-items, so (a), (b) ... restart in every section.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import marshal
import os
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import DocumentError, InputError, Location
from ...model.agreement import Agreement, Paragraph, Run, Table
from .. import markers
from ..ns import CT, PKG_REL, W
from ..package import DeflateCache, Raw, raw_members, write_package
from ..properties import (
    CUSTOM_PART,
    MANIFEST,
    core_xml,
    custom_xml,
    manifest_part_props_xml,
    manifest_part_xml,
    manifest_properties,
)

#: the shipped template (package data; the same file sources.shipped.shipped_template() names)
DEFAULT_TEMPLATE = Path(str(resources.files("mou_builder") / "data" / "templates" / "default.docx"))
DRAFT_STAMP = "DRAFT — NOT FOR APPROVAL"
BODY_PLACEHOLDER = "clauses"
_SENTINEL = "\u2063MOU\u2063CLAUSES\u2063"
_BOOKMARK_ID_BASE = 7000
_CACHE_FORMAT = "mou-template-3"

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
    "clause_count",
    "clauses",
)

_REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_REL_CUSTOM = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
_CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARA_IDS = re.compile(r'\s(?:w14:paraId|w14:textId|w:rsid\w*)="[^"]*"')
# characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF),
# and carriage returns (XML turns them into line feeds; Word wants neither in text)
_CTRL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]')


# --------------------------------------------------------------------------- template


@dataclass
class CompiledTemplate:
    """A template read, checked and compiled once; reused for every document built from it."""

    path: str
    parts: dict[str, bytes | Raw]  # static parts (copied compressed) and the ones we changed
    document: Any  # jinja2.Template of word/document.xml
    rendered_parts: dict[str, Any] = field(default_factory=dict)  # header/footer name → Template
    num_id: int = 0
    abstract_id: int = 0
    numbering_part: str = "word/numbering.xml"
    style: dict[str, str] = field(default_factory=dict)  # role → styleId
    text_width: int = 9360
    body_indent: int = 0
    deflated: DeflateCache = field(default_factory=DeflateCache)  # static parts, zipped once
    manifest_part: str = "customXml/item9.xml"  # custom XML data part carrying the manifest


_CACHE: dict[tuple[str, int, int], CompiledTemplate] = {}


def load_template(path: Path | None = None) -> CompiledTemplate:
    """Read and compile a template (cached per path, mtime and size); InputError if unusable."""
    path = Path(path) if path is not None else DEFAULT_TEMPLATE
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(
            "template not found", Location(str(path)), "check the --template path"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read template: {exc.strerror}", Location(str(path))) from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _compile(path)
        _CACHE.clear()  # one template at a time is the common case; keep memory flat
        _CACHE[key] = cached
    return cached


def _template_error(path: Path, message: str, hint: str | None = None) -> InputError:
    return InputError(f"template: {message}", Location(str(path)), hint)


def _jinja_env() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )


def _patch(xml: str) -> str:
    """docxtpl's clean-up of a part's XML into Jinja source (tags split across runs, {%p ...})."""
    from docxtpl import DocxTemplate

    patcher = DocxTemplate.__new__(DocxTemplate)  # patch_xml uses no instance state
    patched: str = patcher.patch_xml(xml)
    return _PARA_IDS.sub("", patched)


def _cache_dir() -> Path | None:
    """``$MOU_CACHE_DIR``, else ``$XDG_CACHE_HOME/mou-builder`` or ``~/.cache/mou-builder``;
    ``MOU_CACHE_DIR=off`` (or no home directory) turns the template cache off."""
    configured = os.environ.get("MOU_CACHE_DIR")
    if configured:
        return None if configured.lower() in ("off", "0", "none") else Path(configured)
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory
        return None
    return Path(base) / "mou-builder"


def _compile_part(env: Any, path: Path, name: str, source: str) -> Any:
    """Jinja source → code object (what the disk cache keeps)."""
    from jinja2 import TemplateSyntaxError

    try:
        return env.compile(source, name=name)
    except TemplateSyntaxError as exc:
        raise _template_error(
            path,
            f"{name}: bad template tag: {exc.message}",
            "fix the {{ }} / {% %} tags in the template",
        ) from None


def _from_code(env: Any, code: Any) -> Any:
    return env.template_class.from_code(env, code, env.make_globals(None))


def _serialise(root: Any) -> str:
    from lxml import etree

    text: str = etree.tostring(root, encoding="unicode")
    return text


def _cache_key(data: bytes) -> str:
    """Template bytes + everything that shapes the compiled form: this module's code, the
    Python and Jinja versions (marshalled code) and docxtpl's patcher (found, not imported)."""
    import importlib.util

    import jinja2

    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{sys.version}|{jinja2.__version__}|".encode())
    digest.update(Path(__file__).read_bytes())
    spec = importlib.util.find_spec("docxtpl")
    origin = Path(spec.origin).parent / "template.py" if spec and spec.origin else None
    if origin is not None and origin.exists():
        stat = origin.stat()
        digest.update(f"|{origin}|{stat.st_size}|{stat.st_mtime_ns}|".encode())
    digest.update(data)
    return digest.hexdigest()[:40]


def _compile(path: Path) -> CompiledTemplate:
    """Compile a template, or load it compiled from the disk cache (keyed by its bytes).

    A fresh compile needs lxml, docxtpl and python-docx, whose imports cost more than
    building a whole document; a cached one needs none of them.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _template_error(path, f"cannot read: {exc.strerror}") from None
    directory = _cache_dir()
    cache_file = directory / f"template-{_cache_key(data)}.json" if directory else None
    if cache_file is not None:
        compiled = _from_cache(path, data, cache_file)
        if compiled is not None:
            return compiled
    compiled, entry = _compile_fresh(path, data)
    if cache_file is not None:
        _write_cache(cache_file, json.dumps(entry, sort_keys=True))
    return compiled


def _write_cache(path: Path, text: str) -> None:
    """Write a cache entry atomically (temporary file, fsync, rename); a cache that cannot
    be written only costs time, so failures are ignored."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _pack_code(code: Any) -> str:
    return base64.b64encode(marshal.dumps(code)).decode("ascii")


def _from_cache(path: Path, data: bytes, cache_file: Path) -> CompiledTemplate | None:
    try:
        entry = json.loads(cache_file.read_text(encoding="utf-8"))
        modified = {str(k): str(v).encode("utf-8") for k, v in entry["modified"].items()}
        names = set(entry["names"])
        parts: dict[str, bytes | Raw] = dict(raw_members(data, names - set(modified)))
        parts.update(modified)
        if set(parts) != names:
            return None
        env = _jinja_env()
        compiled = CompiledTemplate(
            str(path),
            parts,
            _from_code(env, marshal.loads(base64.b64decode(entry["document"]))),
            num_id=int(entry["num_id"]),
            abstract_id=int(entry["abstract_id"]),
            numbering_part=str(entry["numbering_part"]),
            style={str(k): str(v) for k, v in entry["style"].items()},
            text_width=int(entry["text_width"]),
            body_indent=int(entry["body_indent"]),
            manifest_part=str(entry["manifest_part"]),
        )
        for name, packed in entry["rendered"].items():
            compiled.rendered_parts[str(name)] = _from_code(
                env, marshal.loads(base64.b64decode(packed))
            )
        return compiled
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError):
        return None


def _compile_fresh(path: Path, data: bytes) -> tuple[CompiledTemplate, dict[str, Any]]:
    from ..safezip import open_docx

    try:
        package = open_docx(path)
    except DocumentError as exc:
        raise _template_error(
            path, f"not a usable .docx ({exc.message})", "pass a Word .docx template"
        ) from None
    parts: dict[str, bytes | Raw] = dict(package.parts)
    root = package.xml("word/document.xml")
    if root.tag != f"{{{W}}}document" or root.prefix != "w":
        raise _template_error(path, "word/document.xml is not an ordinary Word document")
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise _template_error(path, "the document has no body")
    env = _jinja_env()
    sources = {"word/document.xml": _serialise(root)}
    # headers and footers
    rels_name = "word/_rels/document.xml.rels"
    rels = package.xml(rels_name) if package.has(rels_name) else None
    numbering_target = None
    if rels is not None:
        for rel in rels:
            kind = rel.get("Type")
            target = "word/" + (rel.get("Target") or "").lstrip("/").removeprefix("word/")
            if kind in (_REL_HEADER, _REL_FOOTER) and target in parts:
                xml = _serialise(package.xml(target))
                if "{" in xml:
                    sources[target] = xml
            elif kind == _REL_NUMBERING:
                numbering_target = target
    patched = {name: _patch(xml) for name, xml in sources.items()}
    document = patched.pop("word/document.xml")
    if not re.search(r"\{\{\s*" + BODY_PLACEHOLDER + r"\s*\}\}", document):
        raise _template_error(
            path,
            "has no {{ clauses }} placeholder",
            "add a paragraph holding only {{ clauses }} where the numbered clauses belong",
        )
    codes = {"word/document.xml": _compile_part(env, path, "word/document.xml", document)}
    for target, source in patched.items():
        codes[target] = _compile_part(env, path, target, source)
    compiled = CompiledTemplate(str(path), parts, _from_code(env, codes["word/document.xml"]))
    for target, code in codes.items():
        if target != "word/document.xml":
            compiled.rendered_parts[target] = _from_code(env, code)

    _prepare_styles(compiled, package, path)
    _prepare_numbering(compiled, package, numbering_target)
    _prepare_custom_properties(compiled)
    _prepare_manifest_part(compiled)
    _as_document(compiled, path)
    compiled.parts.pop("docProps/thumbnail.jpeg", None)
    compiled.text_width, compiled.body_indent = _geometry(body, compiled)
    # parts we changed are kept as bytes; the rest is copied compressed, as stored
    modified = {n: v for n, v in compiled.parts.items() if package.parts.get(n) is not v}
    static = set(compiled.parts) - set(modified)
    compiled.parts.update(raw_members(data, static))
    entry = {
        "names": sorted(compiled.parts),
        "modified": {n: v.decode("utf-8") for n, v in modified.items() if isinstance(v, bytes)},
        "document": _pack_code(codes["word/document.xml"]),
        "rendered": {n: _pack_code(c) for n, c in codes.items() if n != "word/document.xml"},
        "num_id": compiled.num_id,
        "abstract_id": compiled.abstract_id,
        "numbering_part": compiled.numbering_part,
        "style": compiled.style,
        "text_width": compiled.text_width,
        "body_indent": compiled.body_indent,
        "manifest_part": compiled.manifest_part,
    }
    return compiled, entry


_STYLE_ROLES = {
    "heading": ("heading 1", "Heading1"),
    "body": ("body text", "BodyText"),
    "normal": ("normal", "Normal"),
    "table": ("table grid", "TableGrid"),
}

_FALLBACK_STYLES = {
    "heading": (
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/>'
        '<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
        '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>'
    ),
    "body": (
        '<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/>'
        '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="160"/></w:pPr>'
        "</w:style>"
    ),
    "normal": (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>"
    ),
    "table": (
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders>'
        "</w:tblPr></w:style>"
    ),
}


def _prepare_styles(compiled: CompiledTemplate, package: Any, path: Path) -> None:
    from lxml import etree

    if not package.has("word/styles.xml"):
        raise _template_error(path, "has no word/styles.xml", "save it again from Word")
    styles = package.xml("word/styles.xml")
    by_name: dict[str, str] = {}
    for style in styles.iter(f"{{{W}}}style"):
        name = style.find(f"{{{W}}}name")
        sid = style.get(f"{{{W}}}styleId")
        if name is not None and sid:
            by_name.setdefault((name.get(f"{{{W}}}val") or "").lower(), sid)
    added = []
    for role, (name, default_id) in _STYLE_ROLES.items():
        sid = by_name.get(name)
        if sid is None:
            added.append(_FALLBACK_STYLES[role])
            sid = default_id
        compiled.style[role] = sid
    if added:
        for xml in added:
            styles.append(etree.fromstring(f'<x xmlns:w="{W}">{xml}</x>')[0])
        compiled.parts["word/styles.xml"] = (
            _XML_DECL + etree.tostring(styles, encoding="unicode")
        ).encode()
    # indent of the body style, so tables line up with body text
    compiled.body_indent = 0
    for style in styles.iter(f"{{{W}}}style"):
        if style.get(f"{{{W}}}styleId") == compiled.style["body"]:
            ind = style.find(f"{{{W}}}pPr/{{{W}}}ind")
            if ind is not None:
                left = ind.get(f"{{{W}}}left") or ind.get(f"{{{W}}}start") or "0"
                compiled.body_indent = int(left) if left.isdigit() else 0


def _numbering_xml(abstract_id: int, num_id: int) -> tuple[str, str]:
    abstract = (
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="multilevel"/><w:name w:val="mou clauses"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs>'
        '<w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="1134"/></w:tabs>'
        '<w:ind w:left="1134" w:hanging="567"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
        '<w:lvlText w:val="(%3)"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="1701" w:hanging="567"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    num = (
        f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    return abstract, num


def _prepare_numbering(compiled: CompiledTemplate, package: Any, target: str | None) -> None:
    from lxml import etree

    name = target or "word/numbering.xml"
    if target and package.has(target):
        numbering = package.xml(target)
    else:
        numbering = etree.fromstring(f'<w:numbering xmlns:w="{W}"/>')
        _add_relationship(
            compiled,
            "word/_rels/document.xml.rels",
            _REL_NUMBERING,
            "numbering.xml",
            "rIdMouNumbering",
        )
        _add_override(compiled, "/word/numbering.xml", _CT_NUMBERING)
    abstract_ids = [
        int(a.get(f"{{{W}}}abstractNumId", "0")) for a in numbering.iter(f"{{{W}}}abstractNum")
    ]
    num_ids = [int(n.get(f"{{{W}}}numId", "0")) for n in numbering.iter(f"{{{W}}}num")]
    abstract_id = max(abstract_ids, default=0) + 1
    num_id = max(num_ids, default=0) + 1
    abstract_xml, num_xml = _numbering_xml(abstract_id, num_id)
    abstract = etree.fromstring(abstract_xml)
    first_num = numbering.find(f"{{{W}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    last_num = numbering.findall(f"{{{W}}}num")
    if last_num:
        last_num[-1].addnext(etree.fromstring(num_xml))
    else:
        numbering.append(etree.fromstring(num_xml))
    compiled.parts[name] = (_XML_DECL + etree.tostring(numbering, encoding="unicode")).encode()
    compiled.num_id = num_id
    compiled.abstract_id = abstract_id
    compiled.numbering_part = name


def item_lists_numbering(tpl: CompiledTemplate, lists: int) -> bytes:
    """The numbering part with one numbering instance per lettered list of the body.

    Every list of sub-items restarts at (a): each gets its own ``w:num`` on the clause
    list's definition with a ``startOverride`` of level 1, numbered after the heading
    instance (``tpl.num_id + 1`` onwards). Plain text insertion after the last ``w:num``
    (which is the clause list's own, placed last when the template was compiled) keeps
    lxml out of a build from a cached template.
    """
    part = tpl.parts[tpl.numbering_part]
    assert isinstance(part, bytes)
    if not lists:
        return part
    text = part.decode("utf-8")
    cut = text.rfind("</w:num>")
    if cut < 0:  # pragma: no cover - _prepare_numbering always writes a w:num
        raise ValueError("numbering part without a w:num")
    cut += len("</w:num>")
    added = "".join(
        f'<w:num w:numId="{tpl.num_id + offset}"><w:abstractNumId w:val="{tpl.abstract_id}"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        for offset in range(1, lists + 1)
    )
    return (text[:cut] + added + text[cut:]).encode("utf-8")


def _add_relationship(
    compiled: CompiledTemplate,
    rels_name: str,
    kind: str,
    target: str,
    rid: str,
    *,
    unique: bool = True,
) -> None:
    from lxml import etree

    from ..safezip import parse_xml

    data = compiled.parts.get(rels_name)
    assert not isinstance(data, Raw)  # before raw copying
    rels = (
        parse_xml(data, rels_name)
        if data
        else etree.fromstring(f'<Relationships xmlns="{PKG_REL}"/>')
    )
    if unique and any(r.get("Type") == kind for r in rels):
        return
    rel = etree.SubElement(rels, f"{{{PKG_REL}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", kind)
    rel.set("Target", target)
    compiled.parts[rels_name] = (_XML_DECL + etree.tostring(rels, encoding="unicode")).encode()


def _add_override(compiled: CompiledTemplate, part: str, content_type: str) -> None:
    from lxml import etree

    from ..safezip import parse_xml

    name = "[Content_Types].xml"
    data = compiled.parts[name]
    assert not isinstance(data, Raw)  # before raw copying
    types = parse_xml(data, name)
    if any(o.get("PartName") == part for o in types.iter(f"{{{CT}}}Override")):
        return
    override = etree.SubElement(types, f"{{{CT}}}Override")
    override.set("PartName", part)
    override.set("ContentType", content_type)
    compiled.parts[name] = (_XML_DECL + etree.tostring(types, encoding="unicode")).encode()


def _prepare_custom_properties(compiled: CompiledTemplate) -> None:
    _add_relationship(compiled, "_rels/.rels", _REL_CUSTOM, "docProps/custom.xml", "rIdMouCustom")
    _add_override(compiled, "/" + CUSTOM_PART, _CT_CUSTOM)
    data = compiled.parts["_rels/.rels"]
    assert not isinstance(data, Raw)  # before raw copying
    rels = data.decode()
    if "thumbnail" in rels:
        rels = re.sub(r"<Relationship [^>]*thumbnail[^>]*/>", "", rels)
        compiled.parts["_rels/.rels"] = rels.encode()


_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_TEMPLATE_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)


def _as_document(compiled: CompiledTemplate, path: Path) -> None:
    """A Word template (.dotx) builds a document, not another template; macros are refused."""
    name = "[Content_Types].xml"
    data = compiled.parts[name]
    assert not isinstance(data, Raw)  # before raw copying
    if b"macroEnabled" in data or any(n.endswith("vbaProject.bin") for n in compiled.parts):
        raise _template_error(
            path, "contains macros (.docm/.dotm)", "save it as a Word .docx or .dotx template"
        )
    if _CT_TEMPLATE_MAIN.encode() in data:
        compiled.parts[name] = data.replace(_CT_TEMPLATE_MAIN.encode(), _CT_MAIN.encode())


_REL_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_REL_CUSTOM_XML_PROPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
_CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


def _prepare_manifest_part(compiled: CompiledTemplate) -> None:
    """A custom XML data part for the manifest (filled per build), next to the template's own."""
    taken = [
        int(m.group(1))
        for name in compiled.parts
        if (m := re.fullmatch(r"customXml/item(?:Props)?(\d+)\.xml", name))
    ]
    number = max(taken, default=0) + 1
    item = f"customXml/item{number}.xml"
    props = f"customXml/itemProps{number}.xml"
    compiled.manifest_part = item
    compiled.parts[item] = b""  # replaced by every build
    compiled.parts[props] = manifest_part_props_xml()
    compiled.parts[f"customXml/_rels/item{number}.xml.rels"] = (
        f'{_XML_DECL}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL_CUSTOM_XML_PROPS}" Target="itemProps{number}.xml"/></Relationships>'
    ).encode()
    _add_relationship(
        compiled,
        "word/_rels/document.xml.rels",
        _REL_CUSTOM_XML,
        f"../customXml/item{number}.xml",
        "rIdMouManifest",
        unique=False,
    )
    _add_override(compiled, "/" + props, _CT_CUSTOM_XML_PROPS)
    _add_override(compiled, "/" + item, "application/xml")


def _geometry(body: Any, compiled: CompiledTemplate) -> tuple[int, int]:
    sect = body.find(f"{{{W}}}sectPr")
    width = 9360
    if sect is not None:
        size = sect.find(f"{{{W}}}pgSz")
        margins = sect.find(f"{{{W}}}pgMar")
        try:
            page = int(size.get(f"{{{W}}}w")) if size is not None else 12240
            left = int(margins.get(f"{{{W}}}left", "1440")) if margins is not None else 1440
            right = int(margins.get(f"{{{W}}}right", "1440")) if margins is not None else 1440
            width = max(page - left - right, 2000)
        except (TypeError, ValueError):
            pass
    return width, min(compiled.body_indent, width // 3)


# --------------------------------------------------------------------------- body XML


def _esc(text: str) -> str:
    """XML-escape text for element content and attribute values; drop XML-illegal chars."""
    if _SPECIAL.search(text) is None:  # the common case: nothing to do
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CTRL.sub("", text.replace('"', "&quot;"))


_RPR = {
    (False, False): "",
    (True, False): "<w:rPr><w:b/></w:rPr>",
    (False, True): "<w:rPr><w:i/></w:rPr>",
    (True, True): "<w:rPr><w:b/><w:i/></w:rPr>",
}


def _runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        if not run.text:
            continue
        text = _esc(run.text)
        rpr = _RPR[(run.bold, run.italic)]
        if "\t" in text or "\n" in text:
            text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">').replace(
                "\n", '</w:t><w:br/><w:t xml:space="preserve">'
            )
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>')
    return "".join(out)


def _table(table: Table, tpl: CompiledTemplate) -> str:
    columns = table.columns or [""]
    count = len(columns)
    width = tpl.text_width - tpl.body_indent
    col = width // count
    normal = tpl.style["normal"]
    cell_ppr = (
        f'<w:pPr><w:pStyle w:val="{normal}"/><w:keepNext/>'
        '<w:spacing w:before="40" w:after="40"/></w:pPr>'
    )
    grid = "".join(f'<w:gridCol w:w="{col}"/>' for _ in range(count))
    tcpr = f'<w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr>'
    head_tcpr = (
        f'<w:tcPr><w:tcW w:w="{col}" w:type="dxa"/>'
        '<w:shd w:val="clear" w:color="auto" w:fill="E4EAF1"/></w:tcPr>'
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{tpl.style["table"]}"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="{tpl.body_indent}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    for name in columns:
        out.append(
            f"<w:tc>{head_tcpr}<w:p>{cell_ppr}<w:r><w:rPr><w:b/></w:rPr>"
            f'<w:t xml:space="preserve">{_esc(name)}</w:t></w:r></w:p></w:tc>'
        )
    out.append("</w:tr>")
    rows = table.rows or [["[to be completed]"] + [""] * (count - 1)]
    plain_ppr = (
        f'<w:pPr><w:pStyle w:val="{normal}"/><w:spacing w:before="40" w:after="40"/></w:pPr>'
    )
    for row in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        cells = list(row) + [""] * (count - len(row))
        for value in cells[:count]:
            text = _esc(str(value))
            run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
            out.append(f"<w:tc>{tcpr}<w:p>{plain_ppr}{run}</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def body_xml(agreement: Agreement, tpl: CompiledTemplate) -> tuple[str, int]:
    """The clause body: one content control per clause, numbered headings, items, tables.

    Returns the XML and the number of lettered lists in it (each restarts at (a)).
    """
    heading_style = tpl.style["heading"]
    body_style = tpl.style["body"]
    num = tpl.num_id
    heading_ppr = (
        f'<w:pPr><w:pStyle w:val="{heading_style}"/><w:numPr><w:ilvl w:val="0"/>'
        f'<w:numId w:val="{num}"/></w:numPr></w:pPr>'
    )
    body_ppr = f'<w:pPr><w:pStyle w:val="{body_style}"/></w:pPr>'
    lists = 0

    def item_ppr(list_num: int) -> str:
        return (
            f'<w:pPr><w:pStyle w:val="{body_style}"/><w:numPr><w:ilvl w:val="1"/>'
            f'<w:numId w:val="{list_num}"/></w:numPr></w:pPr>'
        )

    after_table = (
        f'<w:p><w:pPr><w:pStyle w:val="{body_style}"/>'
        '<w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="14"/></w:rPr>'
        "</w:pPr></w:p>"
    )
    out: list[str] = []
    for section in agreement.sections:
        tag = markers.clause_tag(section.clause_id, section.version)
        alias = _esc(f"{section.number}. {section.title}")
        bm_id = _BOOKMARK_ID_BASE + section.number
        bm_name = markers.bookmark_name(section.clause_id, section.version, section.number)
        out.append(
            f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{_esc(tag)}"/>'
            f'<w:id w:val="{markers.sdt_id(section.number)}"/></w:sdtPr><w:sdtContent>'
        )
        blocks = [
            f'<w:p>{heading_ppr}<w:bookmarkStart w:id="{bm_id}" w:name="{bm_name}"/>'
            f'<w:r><w:t xml:space="preserve">{_esc(section.title)}</w:t></w:r></w:p>'
        ]
        in_list = False
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if block.kind == "item":
                    if not in_list:
                        lists += 1
                        in_list = True
                    ppr = item_ppr(num + lists)
                else:
                    ppr = body_ppr
                    in_list = False
                blocks.append(f"<w:p>{ppr}{_runs(block.runs)}</w:p>")
            else:
                in_list = False
                blocks.append(_table(block, tpl))
                blocks.append(after_table)
        last = blocks[-1]
        cut = last.rfind("</w:p>")
        blocks[-1] = f'{last[:cut]}<w:bookmarkEnd w:id="{bm_id}"/>{last[cut:]}'
        out.extend(blocks)
        out.append("</w:sdtContent></w:sdt>")
    return "".join(out), lists


# --------------------------------------------------------------------------- context


def _date_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value:%B} {value.day}, {value.year}"
    return str(value) if value is not None else ""


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _CTRL.sub("", value.replace("\r\n", " ").replace("\n", " "))
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def template_context(
    agreement: Agreement, *, draft: bool, stamp: str | None, approval: dict[str, Any] | None
) -> dict[str, Any]:
    spec = agreement.spec
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
    approval_ctx = None
    if approval:
        approval_ctx = {
            "body": approval.get("body") or spec.board.name,
            "meeting_date": _date_text(approval.get("meeting_date")),
            "agenda_item": str(approval.get("agenda_item") or ""),
            "resolution": str(approval.get("resolution") or ""),
        }
    if stamp:
        status = stamp
    elif approval_ctx:
        status = f"Approved by the {approval_ctx['body']} on {approval_ctx['meeting_date']}"
    elif draft:
        status = "Draft for discussion"
    else:
        status = "Final for signature"
    note = ""
    if stamp:
        note = (
            f"This document was built although checks found errors. It must not be "
            f"presented to the {spec.board.name} for approval."
        )
    elif draft:
        note = (
            f"This is a draft for discussion between the parties. It has not been "
            f"approved by the {spec.board.name}."
        )
    term = spec.term
    context = {
        "title": spec.title,
        "agreement_id": spec.id,
        "revision": spec.revision,
        "date": spec.date.isoformat(),
        "date_text": _date_text(spec.date),
        "term": {
            "effective": term.effective.isoformat(),
            "expires": term.expires.isoformat(),
            "renewal": term.renewal,
            "review_years": term.review_years,
        },
        "term_text": f"{_date_text(term.effective)} to {_date_text(term.expires)}",
        "effective_text": _date_text(term.effective),
        "expires_text": _date_text(term.expires),
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
        "approval": approval_ctx,
        "clause_count": len(agreement.sections),
    }
    cleaned: dict[str, Any] = _clean(context)
    cleaned["clauses"] = _SENTINEL
    return cleaned


# --------------------------------------------------------------------------- build


def _render(tpl: CompiledTemplate, template: Any, name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, UndefinedError

    try:
        text: str = template.render(context)
    except UndefinedError as exc:
        raise _template_error(
            Path(tpl.path),
            f"{name}: {exc.message}",
            "names a template may use: " + ", ".join(CONTEXT_NAMES),
        ) from None
    except TemplateError as exc:
        raise _template_error(Path(tpl.path), f"{name}: {exc}") from None
    return text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")


def _check_xml(tpl: CompiledTemplate, name: str, text: str) -> None:
    """Well-formedness of a rendered template part (expat: no lxml import needed)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise _template_error(
            Path(tpl.path),
            f"{name} renders to broken XML ({exc})",
            "keep {% %} tags in whole paragraphs ({%p ... %}) or rows ({%tr ... %})",
        ) from None


def _splice_body(tpl: CompiledTemplate, document: str, body: str) -> str:
    at = document.find(_SENTINEL)
    if at < 0:
        raise _template_error(
            Path(tpl.path),
            "the {{ clauses }} placeholder did not render",
            "keep it outside {% if %} blocks",
        )
    if document.find(_SENTINEL, at + 1) >= 0:
        raise _template_error(
            Path(tpl.path), "{{ clauses }} appears more than once", "keep one placeholder"
        )
    start = max(document.rfind("<w:p>", 0, at), document.rfind("<w:p ", 0, at))
    end = document.find("</w:p>", at)
    if start < 0 or end < 0:
        raise _template_error(Path(tpl.path), "{{ clauses }} must be in a paragraph of its own")
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
) -> bytes:
    """The complete .docx of ``agreement``; the same inputs always give the same bytes."""
    tpl = load_template(template)
    context = template_context(agreement, draft=draft, stamp=stamp, approval=approval)
    parts = dict(tpl.parts)
    document = _renumber_drawings(_render(tpl, tpl.document, "word/document.xml", context), 1)
    _check_xml(tpl, "word/document.xml", document)
    body, lists = body_xml(agreement, tpl)
    document = _splice_body(tpl, document, body)
    parts["word/document.xml"] = (_XML_DECL + document).encode("utf-8")
    parts[tpl.numbering_part] = item_lists_numbering(tpl, lists)
    for index, (name, part) in enumerate(sorted(tpl.rendered_parts.items()), start=2):
        text = _renumber_drawings(_render(tpl, part, name, context), index)
        _check_xml(tpl, name, text)
        parts[name] = (_XML_DECL + text).encode("utf-8")
    spec = agreement.spec
    district, agency = spec.parties.district.name, spec.parties.agency.name
    parts["docProps/core.xml"] = core_xml(
        title=spec.title,
        subject=f"Memorandum of Understanding between {district} and {agency}",
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
