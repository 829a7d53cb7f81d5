"""Strict OOXML (ISO/IEC 29500 Strict) read as Transitional: its namespaces mapped.

A Strict document names its elements and relationship types under
``http://purl.oclc.org/ooxml/``; the elements themselves are the Transitional ones. Mapping
the namespace URIs (and the few relationship type names that differ) when the package is
read lets every reader, the comparison and the redline treat it as an ordinary document;
a redline of a Strict document is written as Transitional.
"""

from __future__ import annotations

STRICT = b"http://purl.oclc.org/ooxml/"
_OOXML = b"http://schemas.openxmlformats.org/"

#: Strict namespace (or relationship type prefix) -> Transitional, longest first
_MAP: tuple[tuple[bytes, bytes], ...] = tuple(
    sorted(
        (
            (STRICT + strict, _OOXML + transitional)
            for strict, transitional in (
                (b"wordprocessingml/main", b"wordprocessingml/2006/main"),
                (
                    b"officeDocument/relationships/extendedProperties",
                    b"officeDocument/2006/relationships/extended-properties",
                ),
                (
                    b"officeDocument/relationships/customProperties",
                    b"officeDocument/2006/relationships/custom-properties",
                ),
                (b"officeDocument/relationships", b"officeDocument/2006/relationships"),
                (b"officeDocument/extendedProperties", b"officeDocument/2006/extended-properties"),
                (b"officeDocument/customProperties", b"officeDocument/2006/custom-properties"),
                (b"officeDocument/docPropsVTypes", b"officeDocument/2006/docPropsVTypes"),
                (b"officeDocument/math", b"officeDocument/2006/math"),
                (b"officeDocument/sharedTypes", b"officeDocument/2006/sharedTypes"),
                (b"officeDocument/customXml", b"officeDocument/2006/customXml"),
                (b"officeDocument/bibliography", b"officeDocument/2006/bibliography"),
                (b"drawingml/main", b"drawingml/2006/main"),
                (b"drawingml/wordprocessingDrawing", b"drawingml/2006/wordprocessingDrawing"),
                (b"drawingml/picture", b"drawingml/2006/picture"),
                (b"drawingml/chart", b"drawingml/2006/chart"),
                (b"drawingml/diagram", b"drawingml/2006/diagram"),
                (b"drawingml/lockedCanvas", b"drawingml/2006/lockedCanvas"),
                (b"drawingml/compatibility", b"drawingml/2006/compatibility"),
                (b"drawingml/chartDrawing", b"drawingml/2006/chartDrawing"),
                (b"schemaLibrary/main", b"schemaLibrary/2006/main"),
            )
        ),
        key=lambda pair: -len(pair[0]),
    )
)


def is_strict(parts: dict[str, bytes]) -> bool:
    return STRICT + b"wordprocessingml/main" in parts.get("word/document.xml", b"")[:8192]


def to_transitional(parts: dict[str, bytes]) -> None:
    """Map, in place, the Strict namespaces of every XML part to Transitional ones."""
    for name, data in parts.items():
        if not (name.endswith((".xml", ".rels")) and STRICT in data):
            continue
        for strict, transitional in _MAP:
            data = data.replace(strict, transitional)
        parts[name] = data
