"""Agreements mou did not write: read (.txt, .md, .docx, .pdf), clean, split into sections
and decide which elements of the taxonomy each section covers.

- :mod:`.reading`: the file to lines, with style names and list labels where the format has
  them, hostile files refused with one line;
- :mod:`.cleanup`: running headers and footers, page numbers and line-break hyphenation
  removed, lines joined into paragraphs;
- :mod:`.split`: paragraphs to sections by headings and numbering;
- :mod:`.classify`: each section's elements, with a confidence and the words relied on.
"""

from __future__ import annotations

FOREIGN_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")
# formats an agreement may come in that are read only once saved as one of the above
OTHER_SUFFIXES = (".doc", ".odt", ".rtf", ".wpd", ".pages")


def is_foreign(path: str) -> bool:
    """Whether ``path`` names an agreement to read as text (not a ``*.mou.yaml`` spec)."""
    return path.lower().endswith(FOREIGN_SUFFIXES + OTHER_SUFFIXES)
