"""Hostile edits of a built agreement, made without Track Changes: each case rewrites the
returned package the way an editor (or a script) could, around one sentence of the
Oakview draft."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

SENTENCE = (
    "The Agency shall not assign an officer as an SRO unless the District's members of the "
    "panel have agreed to the selection, except for temporary leave coverage."
)
HEAD, NOT, TAIL = SENTENCE.partition("not ")
CLAUSE = "qualifications-selection"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PLAIN_RUN = f'<w:r><w:t xml:space="preserve">{SENTENCE}</w:t></w:r>'


def _run(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _format_not(rpr: str) -> Callable[[str], str]:
    def edit(xml: str) -> str:
        return xml.replace(PLAIN_RUN, _run(HEAD) + _run(NOT, rpr) + _run(TAIL), 1)

    return edit


def _characters(new: str) -> Callable[[str], str]:
    def edit(xml: str) -> str:
        return xml.replace(PLAIN_RUN, _run(new), 1)

    return edit


def _tracked_insert(text: str) -> Callable[[str], str]:
    def edit(xml: str) -> str:
        ins = (
            '<w:ins w:id="9001" w:author="Agency" w:date="2026-01-15T10:00:00Z">'
            + _run(" " + text)
            + "</w:ins>"
        )
        return xml.replace(PLAIN_RUN, PLAIN_RUN + ins, 1)

    return edit


#: name -> (document.xml edit, what a reader sees changed)
CASES: dict[str, tuple[Callable[[str], str], str]] = {
    "vanish": (_format_not("<w:vanish/>"), "The Agency shall assign"),
    "white": (_format_not('<w:color w:val="FFFFFF"/>'), "The Agency shall assign"),
    "one-point": (_format_not('<w:sz w:val="2"/>'), "The Agency shall assign"),
    "zero-width": (_characters(SENTENCE.replace("not", "no\u200bt", 1)), "not"),
    "word-joiner": (_characters(SENTENCE.replace("not", "n\u2060ot", 1)), "not"),
    "bidi": (_characters(SENTENCE.replace("not ", "\u202etno ", 1)), "not"),
    "homoglyph": (_characters(SENTENCE.replace("not", "n\u043et", 1)), "not"),
    "dress-code-homoglyph": (
        _tracked_insert("The SRO shall enf\u043erce the dress c\u043ede."),
        "dress code",
    ),
}


def edit_docx(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    """Copy ``source`` to ``target`` with ``edit`` applied to word/document.xml."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zo:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                before = data.decode("utf-8")
                after = edit(before)
                assert after != before, "the edit did not apply"
                data = after.encode("utf-8")
            zo.writestr(item, data)
    return target
