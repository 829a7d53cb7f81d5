"""Accepted clause text as negotiated spec source: paragraphs with their bold and italic
kept where the words are unchanged, lettered items grouped, tables by their parameter."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import cast

from ...model.agreement import Paragraph, Section, Table
from ...sources.library import Library
from .model import ItemsBlock, SourceBlock, TableRef


@dataclass(frozen=True)
class _TableLine:
    """A sent line that belongs to the table filled from parameter ``name``."""

    name: str | None


_Origin = Paragraph | _TableLine


def escape(text: str) -> str:
    """Literal text as clause source: markup and template characters escaped."""
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    return re.sub(r"[{}]", lambda m: "{{ '" + m.group(0) + "' }}", text)


def _markup(paragraph: Paragraph) -> str:
    out = []
    for run in paragraph.runs:
        text = escape(run.text)
        if run.bold and text.strip():
            text = f"**{text}**"
        if run.italic and text.strip():
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def _restyle(old: Paragraph | None, line: str) -> str:
    """A changed line as source, re-applying the bold/italic of the old paragraph's runs
    where the same words are still there."""
    source = escape(line)
    if old is None:
        return source
    for run in old.runs:
        if not (run.bold or run.italic) or not run.text.strip():
            continue
        literal = escape(run.text)
        mark = "**" if run.bold else "*"
        at = source.find(literal)
        if at >= 0:
            source = source[:at] + mark + literal + mark + source[at + len(literal) :]
    return source


def _sent_lines(section: Section, library: Library) -> list[tuple[str, _Origin]]:
    """Each line of the sent clause with the block it comes from."""
    lines: list[tuple[str, _Origin]] = []
    table_names = _table_names(section, library)
    table_index = 0
    for sent_block in section.blocks:
        if isinstance(sent_block, Table):
            name = table_names[table_index] if table_index < len(table_names) else None
            table_index += 1
            origin = _TableLine(name)
            lines.extend((line, origin) for line in sent_block.text.split("\n"))
        else:
            lines.append((sent_block.text, sent_block))
    return lines


def _owners(
    old_lines: list[tuple[str, _Origin]], body: list[str]
) -> list[tuple[_Origin | None, bool]]:
    """For each body line: the sent block it replaces or keeps (and whether unchanged)."""
    matcher = difflib.SequenceMatcher(None, [line for line, _ in old_lines], body, autojunk=False)
    owner: list[tuple[_Origin | None, bool]] = [(None, False)] * len(body)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(j2 - j1):
                owner[j1 + offset] = (old_lines[i1 + offset][1], tag == "equal")
    return owner


def source_blocks(section: Section, body: list[str], library: Library) -> list[SourceBlock]:
    """The accepted body lines as clause text blocks (items grouped, tables by parameter)."""
    blocks: list[SourceBlock] = []
    previous: _Origin | None = None
    emitted_tables: set[str | None] = set()
    for line, (block, same) in zip(body, _owners(_sent_lines(section, library), body), strict=True):
        if isinstance(block, _TableLine):  # a table line: the table block once
            if block.name not in emitted_tables:
                emitted_tables.add(block.name)
                blocks.append(TableRef(table=block.name))
            previous = block
            continue
        paragraph = block if isinstance(block, Paragraph) else None
        kind_source = paragraph or (previous if isinstance(previous, Paragraph) else None)
        source = _markup(paragraph) if paragraph is not None and same else _restyle(paragraph, line)
        _append(blocks, source, kind_source is not None and kind_source.kind == "item")
        previous = block if block is not None else previous
    return blocks


def _append(blocks: list[SourceBlock], source: str, item: bool) -> None:
    last = blocks[-1] if blocks else None
    if not item:
        blocks.append(source)
    elif isinstance(last, dict) and "items" in last:
        cast(ItemsBlock, last)["items"].append(source)
    else:
        blocks.append(ItemsBlock(items=[source]))


def _table_names(section: Section, library: Library) -> list[str]:
    from ...model.schema import TableBlock

    loaded = library.get(section.clause_id)
    version = loaded.clause.get(section.version) if loaded else None
    if version is None:
        return []
    return [b.table for b in version.text if isinstance(b, TableBlock)]
