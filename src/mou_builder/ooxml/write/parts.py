"""Package plumbing of a compiled template: style ids, the clause numbering, custom
properties, the manifest part, the main content type and the text width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..ns import CT, PKG_REL, W
from ..package import Raw
from ..properties import (
    CUSTOM_PART,
    manifest_part_props_xml,
)
from .compiled import XML_DECL, CompiledTemplate, template_error
from .tagging import prepare_tagging

REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


_REL_CUSTOM = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)


_CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"


_CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


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


def prepare_styles(compiled: CompiledTemplate, package: Any, path: Path) -> None:
    from lxml import etree

    if not package.has("word/styles.xml"):
        raise template_error(path, "has no word/styles.xml", "save it again from Word")
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
    for xml in added:
        styles.append(etree.fromstring(f'<x xmlns:w="{W}">{xml}</x>')[0])
    if prepare_tagging(styles) or added:
        compiled.parts["word/styles.xml"] = (
            XML_DECL + etree.tostring(styles, encoding="unicode")
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


def prepare_numbering(compiled: CompiledTemplate, package: Any, target: str | None) -> None:
    from lxml import etree

    name = target or "word/numbering.xml"
    if target and package.has(target):
        numbering = package.xml(target)
    else:
        numbering = etree.fromstring(f'<w:numbering xmlns:w="{W}"/>')
        _add_relationship(
            compiled,
            "word/_rels/document.xml.rels",
            REL_NUMBERING,
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
    compiled.parts[name] = (XML_DECL + etree.tostring(numbering, encoding="unicode")).encode()
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
    if cut < 0:  # pragma: no cover - prepare_numbering always writes a w:num
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
    compiled.parts[rels_name] = (XML_DECL + etree.tostring(rels, encoding="unicode")).encode()


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
    compiled.parts[name] = (XML_DECL + etree.tostring(types, encoding="unicode")).encode()


def prepare_custom_properties(compiled: CompiledTemplate) -> None:
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


def refuse_macros(parts: dict[str, bytes], path: Path) -> None:
    """A template with macros is refused, naming the macro part."""
    macros = sorted(n for n in parts if n.lower().endswith("vbaproject.bin"))
    if macros or b"macroEnabled" in parts.get("[Content_Types].xml", b""):
        where = f" ({', '.join(macros)})" if macros else ""
        raise template_error(
            path,
            f"contains macros (.docm/.dotm){where}",
            "save it as a Word .docx or .dotx template",
        )


def as_document(compiled: CompiledTemplate, path: Path) -> None:
    """A Word template (.dotx) builds a document, not another template."""
    name = "[Content_Types].xml"
    data = compiled.parts[name]
    assert not isinstance(data, Raw)  # before raw copying
    if _CT_TEMPLATE_MAIN.encode() in data:
        compiled.parts[name] = data.replace(_CT_TEMPLATE_MAIN.encode(), _CT_MAIN.encode())


_REL_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"


_REL_CUSTOM_XML_PROPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)


_CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


def prepare_manifest_part(compiled: CompiledTemplate) -> None:
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
        f'{XML_DECL}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
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


def geometry(body: Any, compiled: CompiledTemplate) -> tuple[int, int]:
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
