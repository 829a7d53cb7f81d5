"""A legend at the top of a redline: what was compared with what, and how to read it.

A separate step after the redline is made (:func:`with_legend` takes the finished package),
so the redline writer itself stays as it is. The legend is plain (untracked) text in a
shaded box before the first paragraph of the body.
"""

from __future__ import annotations

import re

from ..package import read_parts, write_package
from .body import _esc

_BODY = re.compile(r"<w:body>|<w:body\s[^>]*>")
_SHADE = (
    '<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="808080"/>'
    '<w:left w:val="single" w:sz="4" w:space="4" w:color="808080"/>'
    '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="808080"/>'
    '<w:right w:val="single" w:sz="4" w:space="4" w:color="808080"/></w:pBdr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
)


def legend_xml(lines: list[str]) -> str:
    """The legend's paragraphs: the first line bold, the others plain, all in one box."""
    out = []
    for index, line in enumerate(lines):
        rpr = "<w:rPr><w:b/></w:rPr>" if index == 0 else ""
        last = '<w:spacing w:after="240"/>' if index == len(lines) - 1 else ""
        out.append(
            f"<w:p><w:pPr>{_SHADE}<w:keepNext/>{last}</w:pPr>"
            f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(line)}</w:t></w:r></w:p>'
        )
    return "".join(out)


def with_legend(data: bytes, lines: list[str]) -> bytes:
    """The package ``data`` with the legend ``lines`` first in its body."""
    if not lines:
        return data
    parts = read_parts(data)
    text = parts["word/document.xml"].decode("utf-8")
    found = _BODY.search(text)
    if found is None:
        return data
    text = text[: found.end()] + legend_xml(lines) + text[found.end() :]
    parts["word/document.xml"] = text.encode("utf-8")
    return write_package(parts)
