"""An agreement file to lines: UTF-8 text, Markdown, Word (through ooxml) or a PDF's text layer.

Every problem a user's file can cause is one :class:`~mou_builder.errors.InputError` line
(exit 2): a missing or oversized file, text that is not UTF-8, an encrypted or bomb-like
.docx or PDF, a PDF with no text layer (scanned pages need OCR first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DocumentError, InputError, Location

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PDF_PAGES = 2_000
MAX_CHARS = 5_000_000  # extracted text of one agreement
NO_TEXT_LAYER = "no text layer; run OCR first (for example ocrmypdf)"


@dataclass(frozen=True)
class SourceLine:
    """One line of the source (a paragraph for .docx, whose lines are whole paragraphs)."""

    text: str
    line: int  # 1-based: the line of a text file, the paragraph of a .docx, the line on a page
    page: int = 1
    style: str | None = None  # a .docx style name or "Heading N" for a Markdown heading
    whole: bool = False  # already one whole paragraph (no joining with the next line)


@dataclass
class ForeignText:
    path: str
    kind: str  # "txt" | "md" | "docx" | "pdf"
    lines: list[SourceLine] = field(default_factory=list)
    pages: int = 1


def read_foreign(path: Path | str) -> ForeignText:
    """Lines of the agreement at ``path``, by its suffix."""
    path = Path(path)
    where = Location(str(path))
    if not path.exists():
        raise InputError("file not found", where, "check the path")
    if path.is_dir():
        raise InputError("is a directory, expected an agreement file", where)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix in (".md", ".markdown"):
        return _read_markdown(path)
    if suffix == ".txt":
        return _read_text(path)
    raise InputError(
        f"cannot read '{path.suffix}' files",
        where,
        "save the agreement as .docx or PDF (or .txt, .md) and give that",
    )


def _decode(path: Path) -> str:
    where = Location(str(path))
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InputError(f"file is {size:,} bytes; the limit is {MAX_TEXT_BYTES:,}", where)
    data = path.read_bytes()
    if data.startswith(b"%PDF") or data.startswith(b"PK\x03\x04"):
        raise InputError("this is a PDF or a zip package, not text", where, "rename it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", where, "save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError("the file holds NUL bytes: not a text file", where)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_text(path: Path) -> ForeignText:
    text = _decode(path)
    doc = ForeignText(str(path), "txt")
    page = 1
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:  # a form feed starts a new page
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        doc.lines.append(SourceLine(raw.rstrip(), number, page))
    doc.pages = page
    return doc


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _read_markdown(path: Path) -> ForeignText:
    doc = _read_text(path)
    doc.kind = "md"
    lines: list[SourceLine] = []
    for line in doc.lines:
        text = _MD_EMPHASIS.sub(r"\2", line.text)
        match = _MD_HEADING.match(text)
        if match:
            level = len(match.group(1))
            lines.append(SourceLine(match.group(2), line.line, line.page, f"Heading {level}", True))
        else:
            lines.append(SourceLine(text, line.line, line.page))
    doc.lines = lines
    return doc


def _read_docx(path: Path) -> ForeignText:
    from ...ooxml.plaintext import docx_paragraphs

    doc = ForeignText(str(path), "docx")
    chars = 0
    for number, para in enumerate(docx_paragraphs(path), start=1):
        text = para.text.replace("\n", " ")
        if para.label and para.label != "•":
            text = f"{para.label} {text}"
        elif para.label == "•":
            text = f"• {text}"
        chars += len(text)
        if chars > MAX_CHARS:
            raise DocumentError("the document's text is too long to read", Location(str(path)))
        doc.lines.append(SourceLine(text, number, 1, para.style, True))
    return doc


def _read_pdf(path: Path) -> ForeignText:
    import logging
    import warnings

    where = Location(str(path))
    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        raise DocumentError(f"file is {size:,} bytes; the limit is {MAX_PDF_BYTES:,}", where)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF" not in head:
        raise DocumentError("not a PDF file (no %PDF header)", where)
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    doc = ForeignText(str(path), "pdf")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(path)
            if reader.is_encrypted:
                raise DocumentError(
                    "the PDF is encrypted (password-protected)",
                    where,
                    "save an unprotected copy and read that",
                )
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise DocumentError(
                    f"the PDF has {count:,} pages; the limit is {MAX_PDF_PAGES:,}", where
                )
            chars = 0
            running = 0  # line numbers run on across pages, as in a text file
            for page_number, page in enumerate(reader.pages, start=1):
                text = page.extract_text() or ""
                chars += len(text)
                if chars > MAX_CHARS:
                    raise DocumentError("the PDF's text is too long to read", where)
                for raw in text.split("\n"):
                    running += 1
                    doc.lines.append(SourceLine(raw.rstrip(), running, page_number))
            doc.pages = count
    except DocumentError:
        raise
    except LimitReachedError:
        raise DocumentError(
            "the PDF expands beyond the size limit (decompression bomb?)", where
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise DocumentError(f"not a readable PDF ({type(exc).__name__}: {exc})", where) from None
    except (MemoryError, OSError) as exc:
        raise DocumentError(f"the PDF could not be read ({type(exc).__name__})", where) from None
    if sum(len(line.text.strip()) for line in doc.lines) < 20:
        raise InputError(NO_TEXT_LAYER, where)
    return doc
