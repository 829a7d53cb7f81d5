"""Comments (``word/comments.xml``) with their anchors, replies and resolved state
(``word/commentsExtended.xml``, keyed by ``w14:paraId``/``w15:paraIdParent``)."""

from __future__ import annotations

from typing import Any

from ..ns import W14, W15, w
from ..safezip import Package
from .model import Comment
from .tags import AUTHOR, COMMENTS, COMMENTS_EXT, DATE, ID, P, T
from .walk import Walker


def _comment_text(element: Any) -> tuple[str, str | None]:
    paras = element.findall(P)
    texts = ["".join(t.text or "" for t in p.iter(T)) for p in paras]
    para_id = paras[-1].get(f"{{{W14}}}paraId") if paras else None
    return "\n".join(t for t in texts).strip(), para_id


def read_comments(package: Package, walker: Walker) -> list[Comment]:
    if not package.has(COMMENTS):
        return []
    root = package.xml(COMMENTS)
    extended: dict[str, tuple[str | None, bool]] = {}
    if package.has(COMMENTS_EXT):
        for ex in package.xml(COMMENTS_EXT).iter(f"{{{W15}}}commentEx"):
            pid = ex.get(f"{{{W15}}}paraId")
            if pid:
                extended[pid.upper()] = (
                    (ex.get(f"{{{W15}}}paraIdParent") or "").upper() or None,
                    ex.get(f"{{{W15}}}done") in ("1", "true"),
                )
    all_comments: list[Comment] = []
    by_para: dict[str, Comment] = {}
    for element in root.iter(w("comment")):
        text, para_id = _comment_text(element)
        cid = element.get(ID) or ""
        anchor = "".join(walker.anchors.get(cid, [])).strip()
        if not anchor:
            anchor = "".join(walker.anchor_deleted.get(cid, [])).strip()
        comment = Comment(
            cid,
            element.get(AUTHOR) or "",
            element.get(DATE) or "",
            text,
            anchor,
            walker.anchor_block.get(cid),
            para_id=para_id,
        )
        if para_id:
            parent_id, done = extended.get(para_id.upper(), (None, False))
            comment.parent, comment.resolved = parent_id, done
            by_para[para_id.upper()] = comment
        all_comments.append(comment)
    top: list[Comment] = []
    for comment in all_comments:
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
