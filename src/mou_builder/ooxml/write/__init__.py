"""The Word writer: an :class:`~mou_builder.model.agreement.Agreement` → complete .docx bytes.

How a document is made:

1. The template (a docxtpl .docx: cover page, running header/footer, signature page, board
   approval block) is read once per (path, mtime, size) and compiled (:mod:`.template`):
   docxtpl's ``patch_xml`` turns its body, headers and footers into Jinja source, which is
   compiled in a sandboxed, autoescaping environment (:mod:`.fresh`). Style ids, a numbering
   definition for the clauses and the package plumbing for custom properties are worked out
   at the same time (:mod:`.parts`). The result (Jinja code, changed parts, style ids) is also
   kept in a disk cache keyed by the template's bytes (:mod:`.cache`; ``$MOU_CACHE_DIR``,
   default ``~/.cache/mou-builder``; ``off`` disables it), so a CLI build neither imports
   lxml, python-docx and docxtpl nor recompiles; unchanged parts are copied still compressed.
2. Per document the compiled Jinja renders the template parts with the cover values; the
   paragraph holding ``{{ clauses }}`` is replaced by the clause body, generated in one pass as
   an XML string (:func:`body_xml`, :mod:`.body`) — no python-docx call per paragraph.
3. Core properties (dates from the spec) and custom properties (the manifest) are written,
   and the package is zipped reproducibly (:mod:`.docx`, :mod:`..package`).

Clause body markup: each clause's heading carries a bookmark over the clause and an empty
content control tagged with the clause (see :mod:`..markers`); the heading is in the
built-in Heading 1 style with ``w:numPr`` level 0 of a list whose level 1 is the lettered
sub-items, so (a), (b) ... restart in every section, and outline level 2 under the title's 1
(H2 and H1 in a tagged PDF; :mod:`.tagging` says what else a tagged PDF is made from: the
language, pictures' alternative text).
"""

from __future__ import annotations

from .body import body_xml
from .compiled import CompiledTemplate
from .docx import CONTEXT_NAMES, DRAFT_STAMP, build_docx, template_context
from .fresh import BODY_PLACEHOLDER
from .parts import item_lists_numbering
from .template import _CACHE, DEFAULT_TEMPLATE, load_template

__all__ = [
    "BODY_PLACEHOLDER",
    "CONTEXT_NAMES",
    "DEFAULT_TEMPLATE",
    "DRAFT_STAMP",
    "_CACHE",
    "CompiledTemplate",
    "body_xml",
    "build_docx",
    "item_lists_numbering",
    "load_template",
    "template_context",
]
