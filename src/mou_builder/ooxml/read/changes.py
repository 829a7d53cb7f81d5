"""Revision elements grouped into the tracked changes a reviewer sees, with their context."""

from __future__ import annotations

from .model import Block, Para, ReturnedDocument, Rev, TrackedChange, visible
from .walk import Walker


def tracked_changes(doc: ReturnedDocument, walker: Walker) -> list[TrackedChange]:
    revs = doc.revs
    key_block: dict[int, int] = {}
    key_text: dict[int, list[str]] = {}
    for block in doc.blocks:
        for row in block.rows or []:
            if row.rev is not None:
                key_block.setdefault(row.rev, block.index)
        for para in block.paras():
            if para.mark is not None:
                key_block.setdefault(para.mark, block.index)
            for text, keys in para.segments:
                for key in keys:
                    key_block.setdefault(key, block.index)
                if keys:
                    key_text.setdefault(keys[-1], []).append(text)
    consumed: set[int] = set()
    changes: list[TrackedChange] = []

    # whole paragraphs / rows inserted or deleted: one change each
    for block in doc.blocks:
        for row in block.rows or []:
            if row.rev is None:
                continue
            rev = revs[row.rev]
            row_keys = [row.rev]
            for cell in row.cells:
                for para in cell:
                    if para.mark is not None and revs[para.mark].kind == rev.kind:
                        row_keys.append(para.mark)
                    row_keys += _same_kind_keys(para, rev.kind, revs)
            consumed.update(row_keys)
            text = " | ".join(" ".join(p.all_text() for p in cell).strip() for cell in row.cells)
            changes.append(
                TrackedChange(
                    rev.id,
                    f"paragraph-{'insert' if rev.kind == 'ins' else 'delete'}",
                    rev.author,
                    rev.date,
                    text,
                    block.index,
                    row_keys,
                    detail="table row",
                )
            )
        for para in block.paras():
            if para.mark is None:
                continue
            mark = revs[para.mark]
            if mark.key in consumed or mark.tag.startswith("mark-move"):
                continue
            content = _same_kind_keys(para, mark.kind, revs)
            whole = all(
                seg and any(revs[k].kind == mark.kind for k in seg) for _, seg in para.segments
            )
            if whole:
                group = [mark.key, *content]
                consumed.update(group)
                kind = "paragraph-insert" if mark.kind == "ins" else "paragraph-delete"
                changes.append(
                    TrackedChange(
                        mark.id, kind, mark.author, mark.date, para.all_text(), block.index, group
                    )
                )
            elif (
                mark.kind == "ins"
                and block.para is para
                and (nxt := _wholly_inserted_next(doc, block, mark)) is not None
            ):
                # LibreOffice marks the paragraph break *before* a new paragraph as inserted
                new_para: Para = nxt.para  # type: ignore[assignment]
                group = [mark.key, *_same_kind_keys(new_para, "ins", revs)]
                consumed.update(group)
                changes.append(
                    TrackedChange(
                        mark.id,
                        "paragraph-insert",
                        mark.author,
                        mark.date,
                        new_para.all_text(),
                        nxt.index,
                        group,
                    )
                )
            else:
                consumed.add(mark.key)
                kind = "insert" if mark.kind == "ins" else "delete"
                changes.append(
                    TrackedChange(
                        mark.id,
                        kind,
                        mark.author,
                        mark.date,
                        "¶",
                        block.index,
                        [mark.key],
                        detail="paragraph break",
                    )
                )

    # moves: every moveFrom/moveTo (and moved paragraph marks) with the same name together
    moves: dict[str, TrackedChange] = {}
    for rev in revs:
        if rev.key in consumed or rev.tag not in (
            "moveFrom",
            "moveTo",
            "mark-moveFrom",
            "mark-moveTo",
        ):
            continue
        name = rev.move or f"unnamed-{rev.author}-{rev.date}"
        change = moves.get(name)
        at = key_block.get(rev.key, 0)
        if change is None:
            change = TrackedChange(rev.id, "move", rev.author, rev.date, "", at, [])
            moves[name] = change
            changes.append(change)
        change.keys.append(rev.key)
        consumed.add(rev.key)
        if rev.tag == "moveFrom":
            change.id = change.id if change.text else rev.id
            change.block = at if not change.text else change.block
            change.text += "".join(key_text.get(rev.key, []))
        elif rev.tag == "moveTo" and change.to_block is None:
            change.to_block = at

    # the remaining insertions and deletions, one change per element
    for rev in revs:
        if rev.key in consumed or rev.tag not in ("ins", "del", "cell-ins", "cell-del"):
            continue
        consumed.add(rev.key)
        kind = "insert" if rev.kind == "ins" else "delete"
        text = "".join(key_text.get(rev.key, []))
        if not text and rev.tag in ("ins", "del"):
            continue  # e.g. LibreOffice records the comment anchor it added as an insertion
        changes.append(
            TrackedChange(
                rev.id,
                kind,
                rev.author,
                rev.date,
                text,
                key_block.get(rev.key, 0),
                [rev.key],
                detail="table cell" if rev.tag.startswith("cell") else "",
            )
        )

    # formatting changes: adjacent runs of one paragraph with the same change are one
    last: tuple[int, str, str, str] | None = None
    for fmt in walker.formats:
        signature = (fmt.para, fmt.author, fmt.date, fmt.detail)
        if last == signature and changes and changes[-1].kind == "format":
            changes[-1].text += fmt.text
            continue
        last = signature
        changes.append(
            TrackedChange(
                fmt.key_id,
                "format",
                fmt.author,
                fmt.date,
                fmt.text,
                max(fmt.block, 0),
                [],
                detail=fmt.detail,
            )
        )

    changes.sort(key=lambda c: (c.block, _first_key(c)))
    _unique_ids(changes)
    for change in changes:
        change.context = _context(doc, change)
    return changes


def _wholly_inserted_next(doc: ReturnedDocument, block: Block, mark: Rev) -> Block | None:
    if block.index + 1 >= len(doc.blocks):
        return None
    nxt = doc.blocks[block.index + 1]
    para = nxt.para
    if para is None or not para.segments or para.mark is not None:
        return None
    for _, keys in para.segments:
        if not keys or not all(
            doc.revs[k].kind == "ins"
            and doc.revs[k].tag == "ins"
            and doc.revs[k].author == mark.author
            for k in keys
        ):
            return None
    return nxt


def _first_key(change: TrackedChange) -> int:
    return min(change.keys) if change.keys else 1 << 30


def _same_kind_keys(para: Para, kind: str, revs: list[Rev]) -> list[int]:
    keys: list[int] = []
    for _, seg_keys in para.segments:
        for key in seg_keys:
            if revs[key].kind == kind and key not in keys and not revs[key].tag.startswith("move"):
                keys.append(key)
    return keys


def _unique_ids(changes: list[TrackedChange]) -> None:
    """Revision ids should be unique, but not every editor obliges: make them so."""
    seen: set[str] = set()
    for change in changes:
        base = change.id or "r"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}.{n}"
        change.id = candidate
        seen.add(candidate)


def _context(doc: ReturnedDocument, change: TrackedChange) -> str:
    """The paragraph around a change as sent (reject-all), the change marked [-x-] / {+y+}."""
    if change.kind == "format":
        return change.detail
    if change.kind in ("paragraph-insert", "paragraph-delete"):
        return change.detail or (
            "new paragraph" if change.kind == "paragraph-insert" else "paragraph removed"
        )
    if change.kind == "move":
        return f"moved to block {change.to_block}" if change.to_block is not None else "moved"
    block = doc.blocks[change.block] if change.block < len(doc.blocks) else None
    if block is None:
        return ""
    own = set(change.keys)
    for para in block.paras():
        if not any(k in own for _, keys in para.segments for k in keys) and para.mark not in own:
            continue
        before: list[str] = []
        marked: list[str] = []
        after: list[str] = []
        for text, keys in para.segments:
            if any(k in own for k in keys):
                marked.append(text)
            elif visible(keys, frozenset(), doc.revs):
                (after if marked else before).append(text)
        if para.mark in own:
            marked.append("¶")
        inner = "".join(marked)
        shown = f"{{+{inner}+}}" if change.kind == "insert" else f"[-{inner}-]"
        head, tail = "".join(before), "".join(after)
        if len(head) > 60:
            head = "…" + head[-59:].lstrip()
        if len(tail) > 60:
            tail = tail[:59].rstrip() + "…"
        if block.rows is not None:  # a table cell: show the row it is in
            return _row_context(doc, block, para, head + shown + tail)
        return head + shown + tail
    return ""


def _row_context(doc: ReturnedDocument, block: Block, para: Para, marked: str) -> str:
    for row in block.rows or []:
        for cell in row.cells:
            if any(p is para for p in cell):
                cells = []
                for other in row.cells:
                    if other is cell:
                        cells.append(marked)
                    else:
                        cells.append(" ".join(p.text(frozenset(), doc.revs) for p in other))
                return "table row: " + " | ".join(c.strip() for c in cells)
    return marked
