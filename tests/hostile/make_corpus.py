"""Generate the binary (and oversized) part of the hostile corpus, reproducibly.

Every file here is built from scratch with fixed zip timestamps, so the same bytes come out
on every run. The tests call :func:`generate` into a temporary directory; run this script
to write the files somewhere for a look or as seeds for a fuzzer:

    .venv/bin/python tests/hostile/make_corpus.py /tmp/hostile-corpus

Each file's expected outcome is listed in ``cases.yaml`` beside this script.
"""

from __future__ import annotations

import io
import struct
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STAMP = (2026, 1, 1, 0, 0, 0)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(text: str = "This Agreement is between the District and the Agency.") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "<w:sectPr/></w:body></w:document>"
    )


def zip_bytes(
    members: list[tuple[str, bytes | str]], compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are written on purpose
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name, STAMP)
                info.compress_type = compression
                archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def docx(
    extra: list[tuple[str, bytes | str]] | None = None, document: str | bytes | None = None
) -> bytes:
    members: list[tuple[str, bytes | str]] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document if document is not None else document_xml()),
    ]
    return zip_bytes(members + (extra or []))


def _patch_central_sizes(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in the central directory (and local header)."""
    raw = bytearray(data)
    encoded = name.encode()
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46 : pos + 46 + name_len]) == encoded:
            struct.pack_into("<I", raw, pos + 24, size)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    local = raw.find(b"PK\x03\x04" + b"")
    while local != -1:
        name_len = struct.unpack_from("<H", raw, local + 26)[0]
        if bytes(raw[local + 30 : local + 30 + name_len]) == encoded:
            struct.pack_into("<I", raw, local + 22, size)
        local = raw.find(b"PK\x03\x04", local + 4)
    return bytes(raw)


def _set_encrypted_flag(data: bytes, name: str) -> bytes:
    raw = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, name_len_at, name_at in (
        (b"PK\x01\x02", 8, 28, 46),
        (b"PK\x03\x04", 6, 26, 30),
    ):
        pos = raw.find(signature)
        while pos != -1:
            name_len = struct.unpack_from("<H", raw, pos + name_len_at)[0]
            if bytes(raw[pos + name_at : pos + name_at + name_len]) == encoded:
                flags = struct.unpack_from("<H", raw, pos + flag_at)[0]
                struct.pack_into("<H", raw, pos + flag_at, flags | 0x1)
            pos = raw.find(signature, pos + 4)
    return bytes(raw)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
XXE_FILE = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/mou-hostile.dtd">\n'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
# An entity declared after a long harmless prefix (so a quick look at the head misses it).
LATE_ENTITY = (
    '<?xml version="1.0"?>\n<!-- ' + "padding " * 12_000 + "-->\n"
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
XXE_COMMENTS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:comments [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="x"><w:p><w:r><w:t>&xxe;'
    "</w:t></w:r></w:p></w:comment></w:comments>"
)
DEEP_XML = (
    '<?xml version="1.0"?>\n'
    f'<w:document xmlns:w="{W_NS}"><w:body>'
    + "<w:p>" * 5000
    + "</w:p>" * 5000
    + "</w:body></w:document>"
)


def _ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"EncryptedPackage" * 64


def _truncated() -> bytes:
    data = docx(document=document_xml("x" * 4000))
    return data[: len(data) // 2]


def _truncated_xml() -> bytes:
    xml = document_xml()
    return docx(document=xml[: len(xml) // 2])


def _zip_bomb_ratio() -> bytes:
    return docx([("word/media/image1.png", b"\0" * (40 * 1024 * 1024))])


def _zip_bomb_declared() -> bytes:
    return _patch_central_sizes(
        docx([("word/media/big.bin", b"\0" * 1000)]), "word/media/big.bin", 3_000_000_000
    )


def _lying_size() -> bytes:
    data = docx([("word/media/small.bin", b"A" * 3_000_000)])
    return _patch_central_sizes(data, "word/media/small.bin", 1000)


def _many_members() -> bytes:
    return docx([(f"word/media/m{i}.bin", b"") for i in range(2_500)])


def _traversal() -> bytes:
    return docx(
        [
            ("../../evil.txt", "escaped"),
            ("/etc/evil.txt", "absolute"),
            ("C:/evil.txt", "drive"),
            ("word\\..\\..\\evil.txt", "backslash"),
            ("", "a member without a name (found by atheris: broke ZipInfo.is_dir)"),
        ]
    )


def _duplicate_document() -> bytes:
    return docx([("word/document.xml", document_xml("A different text for another reader."))])


def _odt() -> bytes:
    return zip_bytes(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                '<?xml version="1.0"?><office:document-content '
                'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            ),
        ],
        compression=zipfile.ZIP_STORED,
    )


CORPUS: dict[str, Callable[[], bytes]] = {
    "not-a-zip.docx": lambda: b"This is plain text pretending to be a Word document.\n",
    "empty.docx": lambda: b"",
    "encrypted-ole.docx": _ole,
    "encrypted-member.docx": lambda: _set_encrypted_flag(docx(), "word/document.xml"),
    "odt-renamed.docx": _odt,
    "missing-document.docx": lambda: zip_bytes([("[Content_Types].xml", CONTENT_TYPES)]),
    "truncated-zip.docx": _truncated,
    "truncated-xml.docx": _truncated_xml,
    "billion-laughs.docx": lambda: docx(document=BILLION_LAUGHS),
    "xxe-passwd.docx": lambda: docx(document=XXE_FILE),
    "external-dtd.docx": lambda: docx(document=EXTERNAL_DTD),
    "late-entity.docx": lambda: docx(document=LATE_ENTITY),
    "xxe-comments.docx": lambda: docx([("word/comments.xml", XXE_COMMENTS)]),
    "deep-xml.docx": lambda: docx(document=DEEP_XML),
    "zip-bomb-ratio.docx": _zip_bomb_ratio,
    "zip-bomb-declared.docx": _zip_bomb_declared,
    "lying-size.docx": _lying_size,
    "many-members.docx": _many_members,
    "path-traversal.docx": _traversal,
    "duplicate-document.docx": _duplicate_document,
    "not-utf8-xml.docx": lambda: docx(document=document_xml("caf\xe9").encode("latin-1")),
}

# Oversized or deeply nested YAML: too big to keep in the repository as files.
YAML_CORPUS: dict[str, Callable[[], bytes]] = {
    "huge.mou.yaml": lambda: b"id: huge\ntitle: '" + b"x" * (6 * 1024 * 1024) + b"'\n",
    "deep-flow.mou.yaml": lambda: b"id: " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
    "deep-block.mou.yaml": lambda: b"id: x\nclauses:\n" + b"- " * 20_000 + b"purpose@1\n",
    "long-line.mou.yaml": lambda: b"id: '" + b"y" * (4 * 1024 * 1024) + b"'\n",
}


def generate(dest: Path) -> dict[str, Path]:
    """Write every generated corpus file into ``dest``; returns name -> path."""
    dest.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, make in {**CORPUS, **YAML_CORPUS}.items():
        path = dest / name
        path.write_bytes(make())
        written[name] = path
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name, path in generate(target).items():
        print(f"{path}  {path.stat().st_size:,} bytes  ({name})")
