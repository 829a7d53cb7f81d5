"""Reading .docx files from outside, defensively.

A returned document is untrusted. Before any XML is parsed this module checks that the
file is a zip (and not an encrypted OLE compound file), bounds the member count and the
total and per-member uncompressed sizes (and the compression ratio), ignores member names
that try to leave the package, and parses XML with entity expansion, DTD loading and
network access off, refusing any document that declares a DOCTYPE.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from ..errors import DocumentError, Location
from .strict import is_strict, to_transitional

MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members larger than 1 MiB
MAX_FILE_BYTES = 100 * 1024 * 1024

#: bounds on one XML part, checked before it is parsed (work stays linear and bounded)
MAX_XML_BYTES = 24 * 1024 * 1024
MAX_PARAGRAPHS = 100_000
MAX_RUNS = 400_000
_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")
_RUN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?r[\s/>]")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
)


@dataclass
class Package:
    """The members of a .docx, read into memory after the size checks."""

    path: str
    parts: dict[str, bytes] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)  # unsafe member names skipped

    def has(self, name: str) -> bool:
        return name in self.parts

    def xml(self, name: str) -> Any:
        """Parse one member as XML (safely); raises DocumentError if missing or bad."""
        data = self.parts.get(name)
        if data is None:
            raise DocumentError(
                f"the document has no {name}", Location(self.path), "is this a Word document?"
            )
        return parse_xml(data, f"{self.path}!{name}")


def check_bounds(data: bytes, name: str) -> None:
    """Refuse an XML part too large to read in bounded time and memory."""
    found = []
    if len(data) > MAX_XML_BYTES:
        found.append(f"{len(data):,} bytes (the limit is {MAX_XML_BYTES:,})")
    elif data.count(b"<") > min(MAX_PARAGRAPHS, MAX_RUNS):  # fewer tags: under both bounds
        paragraphs = len(_PARAGRAPH.findall(data))
        if paragraphs > MAX_PARAGRAPHS:
            found.append(f"{paragraphs:,} paragraphs (the limit is {MAX_PARAGRAPHS:,})")
        runs = len(_RUN.findall(data))
        if runs > MAX_RUNS:
            found.append(f"{runs:,} runs (the limit is {MAX_RUNS:,})")
    if found:
        raise DocumentError(
            f"the part is too large to review: {'; '.join(found)}",
            Location(name),
            "split the document, or save it again without hidden or generated content",
        )


def parse_xml(data: bytes, name: str) -> Any:
    check_bounds(data, name)
    head = data[:2048].lstrip()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data[:65536]:
        raise DocumentError(
            "XML declares a DOCTYPE or entities, which are refused",
            Location(name),
            "save the file again from Word or LibreOffice",
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        col = exc.position[1] if exc.position else None
        raise DocumentError(
            f"malformed XML: {exc.msg}",
            Location(name, line, col),
            "open the document in Word or LibreOffice and save it again",
        ) from None
    if root.getroottree().docinfo.doctype:
        raise DocumentError("XML declares a DOCTYPE, which is refused", Location(name))
    return root


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    return ".." not in parts and not (parts and ":" in parts[0])


def open_docx(path: Path | str) -> Package:
    """Read a .docx from disk with every bound enforced; DocumentError (exit 2) otherwise."""
    path = Path(path)
    where = Location(str(path))
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentError("is a directory, expected a .docx file", where)
        with path.open("rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise DocumentError("file not found", where, "check the path") from None
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror}", where) from None
    if magic == OLE_MAGIC:
        raise DocumentError(
            "the document is password-protected (encrypted) or an old binary .doc",
            where,
            "remove the password in Word (File > Info > Protect Document) and save as .docx",
        )
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", where)
    if not magic.startswith(b"PK"):
        raise DocumentError(
            "not a .docx file (not a zip package)", where, "save the document as Word .docx"
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise DocumentError(f"not a readable .docx (broken zip: {exc})", where) from None
    with archive:
        return _read_members(archive, str(path))


def _read_members(archive: zipfile.ZipFile, name: str) -> Package:
    where = Location(name)
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise DocumentError(
            f"the package has {len(infos):,} members; the limit is {MAX_MEMBERS:,}",
            where,
            "this is not an ordinary Word document",
        )
    package = Package(name)
    total = 0
    for info in infos:
        if not _safe_name(info.filename):  # checked first: an empty name breaks is_dir()
            package.ignored.append(info.filename)
            continue
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise DocumentError(
                "the package is encrypted", where, "remove the password and save as .docx"
            )
        declared = info.file_size
        if declared > MAX_MEMBER_BYTES or total + declared > MAX_TOTAL_BYTES:
            raise DocumentError("the package expands beyond the size limit (zip bomb?)", where)
        if declared > 1024 * 1024 and declared > MAX_RATIO * max(info.compress_size, 1):
            raise DocumentError("a member is compressed suspiciously well (zip bomb?)", where)
        try:
            with archive.open(info) as member:
                data = member.read(MAX_MEMBER_BYTES + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
        ) as exc:
            raise DocumentError(f"broken member {info.filename}: {exc}", where) from None
        except RuntimeError as exc:  # encrypted member
            raise DocumentError(f"cannot read {info.filename}: {exc}", where) from None
        if len(data) > MAX_MEMBER_BYTES or total + len(data) > MAX_TOTAL_BYTES:
            raise DocumentError("the package expands beyond the size limit (zip bomb?)", where)
        total += len(data)
        if info.filename in package.parts:  # two readers could see two different documents
            raise DocumentError(
                f"the package has two members named {info.filename}",
                where,
                "save the document again from Word or LibreOffice",
            )
        package.parts[info.filename] = data
    if "word/document.xml" not in package.parts:
        kind = "an OpenDocument file" if "content.xml" in package.parts else "a zip"
        raise DocumentError(
            f"not a .docx: {kind} with no word/document.xml",
            where,
            "save the document as Word .docx",
        )
    if is_strict(package.parts):
        to_transitional(package.parts)
    return package


def open_docx_bytes(data: bytes, name: str = "<docx>") -> Package:
    import io

    if data[:8] == OLE_MAGIC:
        raise DocumentError("the document is password-protected (encrypted)", Location(name))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, NotImplementedError) as exc:
        raise DocumentError(f"not a .docx file ({exc})", Location(name)) from None
    with archive:
        return _read_members(archive, name)
