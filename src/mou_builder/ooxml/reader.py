"""Compatibility name for :mod:`mou_builder.ooxml.read` (reading a returned .docx)."""

from __future__ import annotations

from .read import (
    ALL,
    Block,
    Comment,
    Para,
    ReturnedDocument,
    Rev,
    Row,
    TrackedChange,
    read_package,
    read_returned,
)

__all__ = [
    "ALL",
    "Block",
    "Comment",
    "Para",
    "ReturnedDocument",
    "Rev",
    "Row",
    "TrackedChange",
    "read_package",
    "read_returned",
]
