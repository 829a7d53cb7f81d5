"""Core and custom document properties: writing them reproducibly, reading the manifest back.

A built document carries custom properties (``docProps/custom.xml``):

- ``mou.manifest``  JSON of :meth:`Agreement.manifest` (spec hash; each clause's id, version,
  content hash, text hash and section number)
- ``mou.spec_hash``  the spec's hash
- ``mou.agreement``  the agreement id
- ``mou.revision``  the spec's revision label

Word keeps custom property text to 255 characters in some paths (binary round trips, its
properties dialog), so the same manifest JSON is also written as a custom XML data part
(``customXml/itemN.xml`` with root ``<manifest xmlns="urn:mou-builder:manifest:1">``), which
Word and LibreOffice carry through editing untouched and do not show. :func:`read_manifest`
uses the property when it parses and falls back to the part.
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
MANIFEST_NS = "urn:mou-builder:manifest:1"
MANIFEST_ITEM_ID = "{4D4F5542-5549-4C44-4552-4D414E494645}"  # fixed: no random ids

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
    """The manifest of a built package (the ``mou.manifest`` property, else the custom XML
    part), or None if neither is there and readable."""
    for text in (read_custom_properties(package).get(MANIFEST), _manifest_part_text(package)):
        if not text:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue  # e.g. cut to 255 characters by an editor
        if isinstance(data, dict):
            return data
    return None


def _manifest_part_name(package: Any) -> str | None:
    """The custom XML item that carries the manifest, if the package has one."""
    for name in sorted(package.parts):
        if not (name.startswith("customXml/item") and name.endswith(".xml")):
            continue
        if (
            name.startswith("customXml/itemProps")
            or MANIFEST_NS.encode() not in package.parts[name]
        ):
            continue
        if package.xml(name).tag == f"{{{MANIFEST_NS}}}manifest":
            return name
    return None


def _manifest_part_text(package: Any) -> str | None:
    name = _manifest_part_name(package)
    return str(package.xml(name).text or "") if name is not None else None


def manifest_json(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def manifest_part_xml(manifest: dict[str, Any] | str) -> bytes:
    """The custom XML data part carrying the manifest (a dict, or its :func:`manifest_json`)."""
    text = manifest if isinstance(manifest, str) else manifest_json(manifest)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<manifest xmlns="{MANIFEST_NS}">{escape(text)}</manifest>'
    ).encode()


def manifest_part_props_xml() -> bytes:
    """The ``itemProps`` part that goes with :func:`manifest_part_xml`."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{MANIFEST_ITEM_ID}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{MANIFEST_NS}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode()


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
        MANIFEST: manifest_json(manifest),
        SPEC_HASH: str(manifest.get("spec_hash", "")),
        AGREEMENT: str(manifest.get("agreement", "")),
        REVISION: str(manifest.get("revision", "")),
    }


def record_revisions(
    parts: dict[str, bytes],
    package: Any,
    manifest: dict[str, Any] | None,
    revisions: list[dict[str, str]],
    comments: list[dict[str, str | int]] | None = None,
) -> None:
    """Put ``revisions`` (id, author, date of each tracked change a redline carries) into the
    manifest of a built document, in its custom property and its custom XML part, and the
    ``comments`` it carries (author and text of each, and the clause, section and title of the
    clause each sits in, see :mod:`.sentcomments`), when there are any.

    ``mou review`` of the copy that comes back then knows which tracked changes were in the
    document the district sent: any other is the other party's, whatever author it claims;
    and which comments it sent: one gone is a ``comment-missing`` finding.
    ``manifest`` is the package's own (:func:`read_manifest`); a document without one (not
    built by mou) is left as it is.
    """
    if manifest is None:
        return
    updated = {**manifest, "revisions": revisions}
    if comments:
        updated["comments"] = comments
    props = read_custom_properties(package)
    if MANIFEST in props:
        props[MANIFEST] = manifest_json(updated)
        parts[CUSTOM_PART] = custom_xml(props)
    name = _manifest_part_name(package)
    if name is not None:
        parts[name] = manifest_part_xml(updated)
