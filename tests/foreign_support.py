"""Helpers for the foreign-agreement tests: PDFs and .docx files made on the fly."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from mou_builder.sources.foreign.split import ForeignSection

HERE = Path(__file__).resolve().parent
FOREIGN = HERE / "fixtures" / "foreign"
# the real agreements (outside material: read in place, never copied into the project)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "mous"


def _escape_pdf(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: list[list[str]], *, compress: bool = False, raw_streams: list[bytes] | None = None
) -> bytes:
    """A small PDF, one text line per entry (Helvetica), built by hand with a correct xref."""
    streams: list[bytes] = []
    if raw_streams is not None:
        streams = raw_streams
    else:
        for lines in pages:
            ops = ["BT", "/F1 10 Tf", "14 TL", "50 760 Td"]
            for line in lines:
                ops.append(f"({_escape_pdf(line)}) Tj T*")
            ops.append("ET")
            streams.append("\n".join(ops).encode("latin-1"))
    count = len(streams)
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    font_ref = 3 + 2 * count
    for i, stream in enumerate(streams):
        content_ref = 4 + 2 * i
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_ref} 0 R "
                f"/Resources << /Font << /F1 {font_ref} 0 R >> >> >>"
            ).encode()
        )
        if compress:
            data = zlib.compress(stream, 9)
            head = f"<< /Length {len(data)} /Filter /FlateDecode >>".encode()
        else:
            data = stream
            head = f"<< /Length {len(data)} >>".encode()
        objects.append(head + b"\nstream\n" + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(body: str, styles: str = "", numbering: str = "") -> bytes:
    """A minimal .docx: ``body`` is the XML inside ``w:body``."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}>'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    if styles:
        parts["word/styles.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}>{styles}</w:styles>'
        )
    if numbering:
        parts["word/numbering.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{numbering}</w:numbering>'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def para(text: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    ppr = ""
    if style or num:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


STYLES = (
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
)
NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="(%2)"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)


def headings(sections: list[ForeignSection]) -> list[str]:
    return [s.heading for s in sections]
