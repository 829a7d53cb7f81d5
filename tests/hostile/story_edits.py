"""Stealth edits outside the body's own runs: hidden or unread content in headers, footers,
notes, comments and text boxes, branches of a paragraph's alternate content that read
differently, and text hidden by a highlight, the page colour or a frame off the page. Each
case is (edit, (kind, clause, part) review must report)."""

from __future__ import annotations

from .docx_edits import (
    CLAUSE,
    NEW,
    NOT,
    PLAIN_PARAGRAPH,
    PLAIN_RUN,
    Edit,
    W,
    _add_part,
    _both,
    _not_as,
    _paragraph,
    _relationship,
    _replace,
    _run,
)

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
HEADER, FOOTER = "word/header1.xml", "word/footer1.xml"
FOOTNOTES, COMMENTS = "word/footnotes.xml", "word/comments.xml"
DOCUMENT = "word/document.xml"
#: the sentence the agency's stealth note or comment adds
EXCEPTION = "does not apply when the Chief decides otherwise"
#: what a paragraph's mc:Choice says where its mc:Fallback keeps the sentence
MAY = "The Agency may assign any officer as an SRO."
_TYPES = "[Content_Types].xml"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def _in_header(xml: str) -> Edit:
    return _replace("</w:hdr>", xml + "</w:hdr>", HEADER)


def _in_footer(xml: str) -> Edit:
    return _replace("</w:ftr>", xml + "</w:ftr>", FOOTER)


def _footnote(body: str) -> Edit:
    """A footnote with ``body`` referred to from the end of the sentence."""
    return _both(
        _replace(PLAIN_RUN, PLAIN_RUN + '<w:r><w:footnoteReference w:id="1"/></w:r>'),
        _add_part(
            FOOTNOTES,
            f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f'</w:footnote><w:footnote w:id="1">{body}</w:footnote></w:footnotes>',
        ),
        _relationship("rIdHostileNotes", "footnotes", "footnotes.xml"),
        _replace(
            "</Types>",
            f'<Override PartName="/{FOOTNOTES}" ContentType="{_CT}footnotes+xml"/></Types>',
            _TYPES,
        ),
    )


def _comment(body: str) -> Edit:
    """A comment on the sentence whose text is ``body``."""
    return _both(
        _replace(
            PLAIN_RUN,
            '<w:commentRangeStart w:id="7"/>' + PLAIN_RUN + '<w:commentRangeEnd w:id="7"/>'
            '<w:r><w:commentReference w:id="7"/></w:r>',
        ),
        _add_part(
            COMMENTS,
            f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}">'
            '<w:comment w:id="7" w:author="Agency" w:date="2026-01-15T10:00:00Z">'
            f"{body}</w:comment></w:comments>",
        ),
        _relationship("rIdHostileComments", "comments", "comments.xml"),
        _replace(
            "</Types>",
            f'<Override PartName="/{COMMENTS}" ContentType="{_CT}comments+xml"/></Types>',
            _TYPES,
        ),
    )


def _alternate(choice: str, fallback: str) -> str:
    return (
        f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="w14">{choice}'
        f"</mc:Choice><mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>"
    )


_BOUND_HEADER = (
    '<w:sdt><w:sdtPr><w:dataBinding w:xpath="/root/text" '
    'w:storeItemID="{11111111-2222-3333-4444-555555555555}"/></w:sdtPr>'
    f"<w:sdtContent>{_paragraph(_run('Draft'))}</w:sdtContent></w:sdt>"
)
_HIDDEN_TEXT_BOX = _paragraph(
    '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
    'style="width:300pt;height:40pt"><v:textbox><w:txbxContent>'
    f"{_paragraph(_run(EXCEPTION, '<w:vanish/>'))}</w:txbxContent></v:textbox></v:shape>"
    "</w:pict></w:r>"
)
_OFF_PAGE = (
    '<w:p><w:pPr><w:framePr w:w="4000" w:h="400" w:hAnchor="page" w:vAnchor="page" '
    f'w:x="-30000" w:y="-30000"/></w:pPr>{_run(NEW)}</w:p>'
)

#: name -> (edit, (kind, clause, part) of the finding review reports)
STORY_CASES: dict[str, tuple[Edit, tuple[str, str | None, str]]] = {
    "footnote-hidden": (
        _footnote(_paragraph(_run("See the policy. ") + _run(EXCEPTION, "<w:vanish/>"))),
        ("hidden", CLAUSE, FOOTNOTES),
    ),
    "footnote-alt-chunk": (
        _footnote(_paragraph(_run("See the policy.")) + '<w:altChunk r:id="rIdChunk"/>'),
        ("alt-chunk", CLAUSE, FOOTNOTES),
    ),
    "header-white": (
        _in_header(_paragraph(_run(NEW, '<w:color w:val="FFFFFF"/>'))),
        ("hidden", None, HEADER),
    ),
    "header-one-point": (
        _in_header(_paragraph(_run(NEW, '<w:sz w:val="2"/>'))),
        ("hidden", None, HEADER),
    ),
    "header-bound": (_in_header(_BOUND_HEADER), ("data-binding", None, HEADER)),
    "header-alternate": (
        _in_header(_alternate(_paragraph(_run(NEW)), "")),
        ("alternate-content", None, HEADER),
    ),
    "footer-quote": (
        _in_footer(
            _paragraph(f"<w:fldSimple w:instr=' QUOTE \"{NEW}\" '>{_run('Draft')}</w:fldSimple>")
        ),
        ("field", None, FOOTER),
    ),
    "comment-hidden": (
        _comment(_paragraph(_run("Fine. ") + _run(EXCEPTION, "<w:vanish/>"))),
        ("hidden", CLAUSE, COMMENTS),
    ),
    "text-box-hidden": (
        _replace(PLAIN_PARAGRAPH, PLAIN_PARAGRAPH + _HIDDEN_TEXT_BOX),
        ("hidden", CLAUSE, DOCUMENT),
    ),
    "paragraph-alternate": (
        _replace(PLAIN_RUN, _alternate(_run(MAY), PLAIN_RUN)),
        ("alternate-content", CLAUSE, DOCUMENT),
    ),
    "highlight": (
        _not_as(_run(NOT, '<w:color w:val="FFFF00"/><w:highlight w:val="yellow"/>')),
        ("hidden", CLAUSE, DOCUMENT),
    ),
    "page-colour": (
        _both(
            _replace("<w:body>", '<w:background w:color="000000"/><w:body>'),
            _not_as(_run(NOT, '<w:color w:val="000000"/>')),
        ),
        ("hidden", CLAUSE, DOCUMENT),
    ),
    "off-page-frame": (
        _replace(PLAIN_PARAGRAPH, PLAIN_PARAGRAPH + _OFF_PAGE),
        ("frame", CLAUSE, DOCUMENT),
    ),
}
