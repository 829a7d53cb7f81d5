"""The WordprocessingML names tracked changes are made of (``w:ins``, ``w:pPr`` ...)."""

from __future__ import annotations

from ..ns import w

P, R, T, DEL_TEXT = w("p"), w("r"), w("t"), w("delText")


INSTR, DEL_INSTR = w("instrText"), w("delInstrText")


INS, DEL, MOVE_FROM, MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")


PPR, RPR, TRPR, TCPR = w("pPr"), w("rPr"), w("trPr"), w("tcPr")


TBL, TR, TC, SDT, SDT_CONTENT, BODY = (
    w("tbl"),
    w("tr"),
    w("tc"),
    w("sdt"),
    w("sdtContent"),
    w("body"),
)


SECT_PR, PPR_CHANGE, RPR_CHANGE = w("sectPr"), w("pPrChange"), w("rPrChange")


TBL_PR_EX = w("tblPrEx")


ID, AUTHOR, DATE = w("id"), w("author"), w("date")


MARKERS = frozenset({INS, DEL, MOVE_FROM, MOVE_TO})


PROPERTY_CHANGES = frozenset(
    w(t)
    for t in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "tblPrExChange",
        "numberingChange",
    )
)


MOVE_RANGES = frozenset(
    w(t) for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
)
