"""Writing .docx packages reproducibly (and fast).

The same parts always give the same bytes: members in a fixed order (``[Content_Types].xml``
first, then ``_rels/.rels``, ``word/document.xml``, then the rest by name), every timestamp
1980-01-01 00:00:00, no extra fields, fixed attributes and one deflate level.

The zip is written directly (local headers, data, central directory) rather than through
:mod:`zipfile`, so that parts which never change between builds — a template's styles,
theme, fonts and settings — are deflated once and reused (:class:`DeflateCache`).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

COMPRESS_LEVEL = 6  # parts that repeat between builds: deflated once, so take the best
VOLATILE_LEVEL = 1  # parts generated per build: 5x faster than 6, ~25% larger
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0
_FIRST = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


def member_order(names: list[str] | set[str] | Mapping[str, object]) -> list[str]:
    present = set(names)
    head = [n for n in _FIRST if n in present]
    return head + sorted(present - set(head))


@dataclass(frozen=True)
class Raw:
    """A member copied as it is stored in another zip: no inflating, no deflating."""

    method: int  # zipfile.ZIP_STORED or ZIP_DEFLATED
    crc: int
    size: int  # uncompressed
    payload: bytes


def raw_members(data: bytes, names: set[str] | None = None) -> dict[str, Raw]:
    """The stored (compressed) form of the members of a zip, for copying into another."""
    result: dict[str, Raw] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir() or (names is not None and info.filename not in names):
                continue
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                continue
            if info.flag_bits & 0x1:  # encrypted
                continue
            offset = info.header_offset
            fields = _LOCAL.unpack_from(data, offset)
            if fields[0] != 0x04034B50:
                continue
            start = offset + _LOCAL.size + fields[9] + fields[10]
            payload = data[start : start + info.compress_size]
            if len(payload) != info.compress_size:
                continue
            result[info.filename] = Raw(info.compress_type, info.CRC, info.file_size, payload)
    return result


@dataclass
class DeflateCache:
    """Deflated bytes of parts that repeat between builds (keyed by name, checked by value)."""

    entries: dict[str, tuple[bytes, int, bytes]] = field(default_factory=dict)

    def deflate(self, name: str, data: bytes) -> tuple[int, bytes]:
        hit = self.entries.get(name)
        if hit is not None and (hit[0] is data or hit[0] == data):
            return hit[1], hit[2]
        crc, packed = _deflate(data)
        self.entries[name] = (data, crc, packed)
        return crc, packed


def _deflate(data: bytes, level: int = COMPRESS_LEVEL) -> tuple[int, bytes]:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def write_package(
    parts: Mapping[str, bytes | Raw],
    cache: DeflateCache | None = None,
    volatile: frozenset[str] | set[str] = frozenset(),
) -> bytes:
    """The zip bytes of a package with ``parts`` (name → bytes or :class:`Raw`); reproducible.

    Parts named in ``volatile`` (generated per build) are deflated at a fast level; the
    others at the best level, and with ``cache`` only once.
    """
    out = io.BytesIO()
    central = []
    for name in member_order(parts):
        data = parts[name]
        method = zipfile.ZIP_DEFLATED
        if isinstance(data, Raw):
            method, crc, size, packed = data.method, data.crc, data.size, data.payload
        else:
            size = len(data)
            if name in volatile:
                crc, packed = _deflate(data, VOLATILE_LEVEL)
            elif cache is not None:
                crc, packed = cache.deflate(name, data)
            else:
                crc, packed = _deflate(data)
        raw_name = name.encode("utf-8")
        flags = 0 if raw_name.isascii() else 0x800
        offset = out.tell()
        header = (flags, method, _DOS_TIME, _DOS_DATE, crc, len(packed), size, len(raw_name))
        out.write(_LOCAL.pack(0x04034B50, 20, *header, 0))
        out.write(raw_name)
        out.write(packed)
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, *header, 0, 0, 0, 0, 0, offset))
        central.append(raw_name)
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    count = len(central) // 2  # a header and a name per member
    out.write(_END.pack(0x06054B50, 0, 0, count, count, size, start, 0))
    return out.getvalue()


def read_parts(data: bytes) -> dict[str, bytes]:
    """All members of a trusted package (one this program wrote) as name → bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
