"""The WordprocessingML names and parts a returned document is read by."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ns import w

if TYPE_CHECKING:
    from .model import RevKind, RevTag

DOCUMENT = "word/document.xml"


COMMENTS = "word/comments.xml"


COMMENTS_EXT = "word/commentsExtended.xml"


P, TBL, TR, TC, R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")


SDT, SDT_CONTENT, BODY = w("sdt"), w("sdtContent"), w("body")


INS, DEL, MOVE_FROM, MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")


T = w("t")


PPR, RPR, TRPR, TCPR = w("pPr"), w("rPr"), w("trPr"), w("tcPr")


RPR_CHANGE, PPR_CHANGE = w("rPrChange"), w("pPrChange")


CELL_INS, CELL_DEL = w("cellIns"), w("cellDel")


C_START, C_END = w("commentRangeStart"), w("commentRangeEnd")


MF_START, MT_START = w("moveFromRangeStart"), w("moveToRangeStart")
MT_END = w("moveToRangeEnd")


ID, AUTHOR, DATE, NAME, VAL = w("id"), w("author"), w("date"), w("name"), w("val")


SKIP = {
    w("instrText"),
    w("delInstrText"),
    RPR,
    w("fldChar"),
    w("commentReference"),
    w("footnoteReference"),
    w("endnoteReference"),
    w("sdtPr"),
    w("sdtEndPr"),
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("proofErr"),
    w("lastRenderedPageBreak"),
}


#: run-level revision wrappers: (kind, tag) of each
WRAPPERS: dict[str, tuple[RevKind, RevTag]] = {
    INS: ("ins", "ins"),
    DEL: ("del", "del"),
    MOVE_TO: ("ins", "moveTo"),
    MOVE_FROM: ("del", "moveFrom"),
}


DATE_UTC = "{http://schemas.microsoft.com/office/word/2023/wordml/word16du}dateUtc"
