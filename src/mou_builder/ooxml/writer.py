"""Compatibility name for :mod:`mou_builder.ooxml.write` (building a .docx)."""

from __future__ import annotations

from .write import (
    _CACHE,
    BODY_PLACEHOLDER,
    CONTEXT_NAMES,
    DEFAULT_TEMPLATE,
    DRAFT_STAMP,
    CompiledTemplate,
    body_xml,
    build_docx,
    item_lists_numbering,
    load_template,
    template_context,
)

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
