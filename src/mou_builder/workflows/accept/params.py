"""Accepted text read back as parameter values: ``six`` → ``eight`` where ``hours_per_day``
was ``six``, a row added to a table parameter; verified by re-assembling the clause."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ...compare.worddiff import diff_tokens, hunks, tokenize
from ...errors import InputError
from ...model.agreement import Section, Table
from ...model.params import display
from ...model.schema import Param
from ...sources.library import Library
from ..review import Review, lines_of
from .model import ParamValue, TableRow

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}

# name -> (value sent, value accepted)
ParamEdit = dict[str, tuple[object, ParamValue]]


def _scalar_params(section: Section, library: Library) -> dict[str, Param]:
    loaded = library.get(section.clause_id)
    version = loaded.clause.get(section.version) if loaded else None
    if version is None:
        return {}
    return {name: version.params[name] for name in section.params if name in version.params}


def _parse_value(param: Param, text: str) -> ParamValue:
    text = text.strip()
    if param.type == "int":
        if re.fullmatch(r"\d+", text):
            return int(text)
        word = NUMBER_WORDS.get(text.lower())
        if word is None:
            raise ValueError(text)
        return word
    if param.type in ("str", "enum"):
        if param.type == "enum" and text not in (param.choices or []):
            raise ValueError(text)
        return text
    if param.type == "date":
        return dt.date.fromisoformat(text)
    raise ValueError(text)


def parameter_edit(
    result: Review,
    section: Section,
    body: list[str],
    library: Library,
) -> ParamEdit | None:
    """New parameter values that turn the sent text into ``body``, verified by re-assembly."""
    params = _scalar_params(section, library)
    if not params:
        return None
    table_changes = _table_edit(section, body, params)
    if table_changes is None:
        return None
    if table_changes:
        return _verify(result, section, dict(table_changes), body, library)
    new_values = _scalar_edit(section, body, params)
    if not new_values:
        return None
    return _verify(result, section, new_values, body, library)


def _scalar_edit(
    section: Section, body: list[str], params: dict[str, Param]
) -> dict[str, ParamValue] | None:
    """Each differing word a shown parameter value, replaced by a valid new value."""
    scalar = {n: p for n, p in params.items() if p.type not in ("table", "list", "bool")}
    shown: dict[str, str] = {display(section.params[n]): n for n in scalar}
    old = "\n".join(lines_of(section.text))
    new = "\n".join(body)
    new_values: dict[str, ParamValue] = {}
    for hunk in hunks(diff_tokens(tokenize(old), tokenize(new))):
        name = shown.get(hunk.removed.strip())
        if name is None or not hunk.added.strip():
            return None
        try:
            value = _parse_value(scalar[name], hunk.added)
        except ValueError:
            return None
        if name in new_values and new_values[name] != value:
            return None
        new_values[name] = value
    return new_values


def _table_edit(
    section: Section,
    body: list[str],
    params: dict[str, Param],
) -> dict[str, ParamValue] | None:
    """Table parameters whose rows changed ({} when no table changed; None: cannot say)."""
    tables = [b for b in section.blocks if isinstance(b, Table)]
    table_params = [n for n, p in params.items() if p.type == "table"]
    if len(tables) != 1 or len(table_params) != 1:
        return {}
    table = tables[0]
    name = table_params[0]
    rows_new = _new_rows(table, lines_of(section.text), body)
    if rows_new is None or rows_new == table.rows:
        return {}
    values: list[TableRow] = []
    for cells in rows_new:
        row: TableRow = {}
        for column, cell in zip(params[name].columns or [], cells, strict=False):
            row[column.key] = int(cell) if column.type == "int" and cell.isdigit() else cell
        values.append(row)
    return {name: values}


def _new_rows(table: Table, sent_lines: list[str], body: list[str]) -> list[list[str]] | None:
    """The table's rows in ``body`` when only they differ from the sent lines (else None)."""
    header = "\t".join(table.columns)
    try:
        start_sent = sent_lines.index(header)
        start_new = body.index(header)
    except ValueError:
        return None
    count = 1 + len(table.rows)
    if sent_lines[:start_sent] != body[:start_new]:
        return None
    width = len(table.columns)
    after_table = sent_lines[start_sent + count :]
    rows_new: list[list[str]] = []
    j = start_new + 1
    while j < len(body) and body[j].count("\t") == width - 1 and body[j] not in after_table:
        rows_new.append(body[j].split("\t"))
        j += 1
    if body[j:] != after_table:
        return None
    return rows_new


def _verify(
    result: Review,
    section: Section,
    values: dict[str, ParamValue],
    body: list[str],
    library: Library,
) -> ParamEdit | None:
    from ...assembly.assembler import assemble
    from ...sources.specfile import LoadedSpec

    assert result.agreement is not None
    spec = result.agreement.spec
    entries = []
    for entry in spec.clauses:
        if entry.id == section.clause_id:
            merged = dict(entry.params)
            merged.update(values)
            entry = entry.model_copy(update={"params": merged, "version": section.version})
        entries.append(entry)
    new_spec = spec.model_copy(update={"clauses": entries})
    try:
        agreement = assemble(
            LoadedSpec(new_spec, Path(result.agreement.spec_path), {}, ""), library
        )
    except InputError:
        return None
    rebuilt = agreement.section_for(section.clause_id)
    if rebuilt is None or lines_of(rebuilt.text) != body:
        return None
    return {name: (section.params.get(name), value) for name, value in values.items()}
