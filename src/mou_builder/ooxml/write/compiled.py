"""A compiled template: what every document built from one template shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError, Location
from ..package import DeflateCache, Raw

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


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
    dropped: list[str] = field(default_factory=list)  # hostile content left out (sanitize)
    unseen: list[str] = field(default_factory=list)  # hidden or unread content it carries


def template_error(path: Path, message: str, hint: str | None = None) -> InputError:
    return InputError(f"template: {message}", Location(str(path)), hint)


def where_in_template(path: Path, part: str, needles: list[str], *, last: bool = False) -> str:
    """ " in paragraph 3 ('Call {{ phone }} now')": the template paragraph holding one of
    ``needles`` (the last such with ``last``), or "" when none can be found."""
    import re

    from ..safezip import open_docx
    from ..text import paragraph_text

    try:
        root = open_docx(path).xml(part)
    except Exception:  # the location is a courtesy: never hide the real error
        return ""
    found = ""
    for number, paragraph in enumerate(root.iter(f"{{{_W}}}p"), start=1):
        text = paragraph_text(paragraph)
        squeezed = re.sub(r"\s+", "", text)
        if any(re.sub(r"\s+", "", n) in squeezed for n in needles):
            shown = text if len(text) <= 60 else text[:57] + "..."
            found = f" in paragraph {number} ({shown!r})"
            if not last:
                break
    return found


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def jinja_env() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )


def from_code(env: Any, code: Any) -> Any:
    return env.template_class.from_code(env, code, env.make_globals(None))
