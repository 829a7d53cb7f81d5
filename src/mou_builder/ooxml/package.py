"""Writing .docx packages reproducibly.

The same parts always give the same bytes: members in a fixed order (``[Content_Types].xml``
first, then ``_rels/.rels``, ``word/document.xml``, then the rest by name), every timestamp
1980-01-01 00:00:00, fixed attributes and one deflate level.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6
_FIRST = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def member_order(names: list[str] | set[str] | Mapping[str, bytes]) -> list[str]:
    present = set(names)
    head = [n for n in _FIRST if n in present]
    return head + sorted(present - set(head))


def write_package(parts: Mapping[str, bytes]) -> bytes:
    """The zip bytes of a package with ``parts`` (name → bytes); reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in member_order(parts):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(
                info, parts[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
            )
    return buffer.getvalue()


def read_parts(data: bytes) -> dict[str, bytes]:
    """All members of a trusted package (one this program wrote) as name → bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
