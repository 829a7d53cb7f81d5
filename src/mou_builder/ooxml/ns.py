"""Namespaces and qualified-name helpers."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XML = "http://www.w3.org/XML/1998/namespace"

NSMAP = {"w": W, "r": R, "w14": W14, "w15": W15}


def w(tag: str) -> str:
    """Clark name for a ``w:`` tag or attribute: ``w("p")`` → ``{...main}p``."""
    return f"{{{W}}}{tag}"


def qn(name: str) -> str:
    """Clark name for a prefixed name such as ``"w15:commentEx"``."""
    prefix, _, local = name.partition(":")
    uri = {
        "w": W,
        "r": R,
        "w14": W14,
        "w15": W15,
        "cp": CP,
        "dc": DC,
        "dcterms": DCTERMS,
        "vt": VT,
        "xml": XML,
    }[prefix]
    return f"{{{uri}}}{local}"


def turned_off(val: str | None) -> bool:
    """Whether an on/off property's ``w:val`` (ST_OnOff, any case) turns it off; a property
    written without a value is on."""
    return val is not None and val.lower() in ("0", "false", "off")
