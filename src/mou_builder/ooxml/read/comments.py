"""Comments (``word/comments.xml``) with their anchors, replies and resolved state
(``word/commentsExtended.xml``, keyed by ``w14:paraId``/``w15:paraIdParent``)."""

from __future__ import annotations

from lxml.etree import _Element as Element

from ..ns import W14, W15, w
from ..safezip import Package
from .model import Comment
from .tags import AUTHOR, COMMENTS, COMMENTS_EXT, DATE, ID, P, T
from .walk import Walker


def _comment_text(element: Element) -> tuple[str, str | None]:
    paras = element.findall(P)
    texts = ["".join(t.text or "" for t in p.iter(T)) for p in paras]
    para_id = paras[-1].get(f"{{{W14}}}paraId") if paras else None
    return "\n".join(t for t in texts).strip(), para_id


def read_comments(package: Package, walker: Walker) -> list[Comment]:
    """Top-level comments in order, each with its replies (replies to replies included)."""
    if not package.has(COMMENTS):
        return []
    extended = _extended(package)
    every: list[Comment] = []
    by_para: dict[str, Comment] = {}
    for element in package.xml(COMMENTS).iter(w("comment")):
        comment = _comment(element, walker)
        if comment.para_id:
            comment.parent, comment.resolved = extended.get(comment.para_id.upper(), (None, False))
            by_para[comment.para_id.upper()] = comment
        every.append(comment)
    return _threads(every, by_para)


def _extended(package: Package) -> dict[str, tuple[str | None, bool]]:
    """paraId -> (the paraId it answers, resolved) from ``word/commentsExtended.xml``."""
    extended: dict[str, tuple[str | None, bool]] = {}
    if not package.has(COMMENTS_EXT):
        return extended
    for ex in package.xml(COMMENTS_EXT).iter(f"{{{W15}}}commentEx"):
        pid = ex.get(f"{{{W15}}}paraId")
        if pid:
            extended[pid.upper()] = (
                (ex.get(f"{{{W15}}}paraIdParent") or "").upper() or None,
                ex.get(f"{{{W15}}}done") in ("1", "true"),
            )
    return extended


def _comment(element: Element, walker: Walker) -> Comment:
    text, para_id = _comment_text(element)
    cid = element.get(ID) or ""
    anchor = "".join(walker.anchors.get(cid, [])).strip()
    if not anchor:
        anchor = "".join(walker.anchor_deleted.get(cid, [])).strip()
    return Comment(
        id=cid,
        author=element.get(AUTHOR) or "",
        date=element.get(DATE) or "",
        text=text,
        anchor=anchor,
        block=walker.anchor_block.get(cid),
        para_id=para_id,
    )


def _threads(every: list[Comment], by_para: dict[str, Comment]) -> list[Comment]:
    top: list[Comment] = []
    for comment in every:
        parent = by_para.get(comment.parent) if comment.parent else None
        while parent is not None and parent.parent and by_para.get(parent.parent) is not None:
            parent = by_para[parent.parent]  # replies to replies belong to the thread
        if parent is not None and parent is not comment:
            parent.replies.append(comment)
        else:
            top.append(comment)
    for comment in top:
        if comment.block is None:
            comment.block = next((r.block for r in comment.replies if r.block is not None), None)
    return top
