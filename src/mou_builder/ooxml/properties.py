"""Core and custom document properties: writing them reproducibly, reading the manifest back.

A built document carries custom properties (``docProps/custom.xml``):

- ``mou.manifest``  JSON of :meth:`Agreement.manifest` (spec hash; each clause's id, version,
  content hash, text hash and section number)
- ``mou.spec_hash``  the spec's hash
- ``mou.agreement``  the agreement id
- ``mou.revision``  the spec's revision label
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .ns import CP, CUSTOM, DC, DCTERMS, VT, XSI

MANIFEST = "mou.manifest"
SPEC_HASH = "mou.spec_hash"
AGREEMENT = "mou.agreement"
REVISION = "mou.revision"
CUSTOM_PART = "docProps/custom.xml"
CORE_PART = "docProps/core.xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

_CUSTOM_REL_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """XML-escape text (xml.sax.saxutils would pull in urllib at import time)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for key, value in (entities or {}).items():
        text = text.replace(key, value)
    return text


def read_custom_properties(package: Any) -> dict[str, str]:
    """All custom properties of a :class:`safezip.Package` as name → text ({} if none)."""
    if not package.has(CUSTOM_PART):
        return {}
    root = package.xml(CUSTOM_PART)
    result: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM}}}property"):
        name = prop.get("name")
        if not name:
            continue
        value = next(iter(prop), None)
        result[name] = (value.text or "") if value is not None else ""
    return result


def read_manifest(package: Any) -> dict[str, Any] | None:
    """The ``mou.manifest`` JSON of a package, or None if absent or unreadable."""
    text = read_custom_properties(package).get(MANIFEST)
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def read_core_properties(package: Any) -> dict[str, str]:
    """Core properties (title, subject, creator, revision, created, modified ...) as text."""
    if not package.has(CORE_PART):
        return {}
    root = package.xml(CORE_PART)
    result: dict[str, str] = {}
    for child in root:
        if isinstance(child.tag, str):
            result[child.tag.rsplit("}", 1)[-1]] = child.text or ""
    return result


def custom_xml(props: dict[str, str]) -> bytes:
    """``docProps/custom.xml`` holding ``props`` as text properties, in the given order."""
    items = []
    for pid, (name, value) in enumerate(props.items(), start=2):
        items.append(
            f'<property fmtid="{FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
            f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CUSTOM}" xmlns:vt="{VT}">{"".join(items)}</Properties>'
    ).encode()


def _stamp(when: dt.date) -> str:
    return f"{when.isoformat()}T00:00:00Z"


def core_xml(
    *,
    title: str,
    subject: str,
    author: str,
    revision: str,
    date: dt.date,
    keywords: str = "",
    description: str = "",
    category: str = "",
) -> bytes:
    """``docProps/core.xml`` with created/modified fixed to ``date`` (reproducible)."""
    stamp = _stamp(date)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<cp:coreProperties xmlns:cp="{CP}" xmlns:dc="{DC}" xmlns:dcterms="{DCTERMS}" '
        f'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="{XSI}">'
        f"<dc:title>{escape(title)}</dc:title>"
        f"<dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(author)}</dc:creator>"
        f"<cp:keywords>{escape(keywords)}</cp:keywords>"
        f"<dc:description>{escape(description)}</dc:description>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>"
        f"<cp:revision>{escape(revision)}</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<cp:category>{escape(category)}</cp:category>"
        "</cp:coreProperties>"
    ).encode()


def manifest_properties(manifest: dict[str, Any]) -> dict[str, str]:
    """The custom properties a built document carries for its manifest."""
    return {
        MANIFEST: json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
        SPEC_HASH: str(manifest.get("spec_hash", "")),
        AGREEMENT: str(manifest.get("agreement", "")),
        REVISION: str(manifest.get("revision", "")),
    }
