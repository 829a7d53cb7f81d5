"""``word/settings.xml``: Track Changes turned on for whoever edits a redline next."""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element as Element

from .ns import w

#: w:settings children that come before w:trackRevisions in the schema's sequence
_BEFORE_TRACK = frozenset(
    {
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
        "mirrorMargins",
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
    }
)


def track_revisions_on(settings: Element) -> bytes:
    """``word/settings.xml`` with ``<w:trackRevisions/>`` at its place in the sequence."""
    if settings.find(w("trackRevisions")) is None:
        index = 0
        for position, child in enumerate(settings):
            if isinstance(child.tag, str) and etree.QName(child).localname in _BEFORE_TRACK:
                index = position + 1
        settings.insert(index, etree.Element(w("trackRevisions")))
    data: bytes = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data
