"""``mou accept``: carry accepted proposals of a returned .docx into the next spec revision.

For each clause with accepted changes the clause text is rebuilt from the returned document
(only the accepted tracked changes applied; untracked edits kept or reverted as a whole).
Then, in order of preference:

1. nothing but filled parameter values differ (``six`` → ``eight`` where ``hours_per_day``
   was ``six``; a row added to a table parameter): the new values become parameters of that
   clause's entry, and re-assembling the clause must give exactly the accepted text;
2. otherwise the accepted text becomes negotiated text of the entry (``text:`` blocks plus a
   ``negotiated:`` note naming the document, the date and the change ids), which ``mou check``
   reports as a deviation from the library (an error on ``locked`` clauses).

The new spec is written with ruamel.yaml (comments and layout of the original kept), its
revision label bumped, and checked; ``SPEC`` itself is never modified.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...compare.worddiff import diff_tokens, hunks, tokenize
from ...errors import CheckFailed, InputError, UsageError
from ...model.agreement import Paragraph, Section, Table
from ...model.params import display
from ...sources.library import Library
from ..review import Change, ClauseView, Review, clause_text, lines_of, review

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


@dataclass
class ClauseOutcome:
    clause: str
    how: str  # "parameters" | "negotiated" | "title" | "removed"
    changes: list[str]
    params: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (old, new)
    note: str = ""


@dataclass
class AcceptOutcome:
    output: Path
    spec: Path
    document: str
    accepted: list[Change]
    rejected: list[Change]
    untouched: list[Change]
    clauses: list[ClauseOutcome]
    revision: tuple[str, str]
    check: Any = None  # CheckResult
    skipped: list[str] = field(default_factory=list)  # accepted but without effect on text
    comments: int = 0

    def raise_if_failed(self) -> None:
        if self.check is not None and not self.check.ok():
            raise CheckFailed(f"{self.output}: the new revision fails mou check")


def accept(
    returned: Path | str,
    *,
    spec: Path | str,
    output: Path | str,
    accept: list[str] | None = None,
    accept_all: bool = False,
    reject: list[str] | None = None,
    library: Library | None = None,
) -> AcceptOutcome:
    from ...sources.specfile import load_spec

    spec_path, out_path = Path(spec), Path(output)
    if _same_file(spec_path, out_path):
        raise UsageError(f"-o {output} is the spec itself; write the next revision to a new file")
    accept, reject = list(accept or []), list(reject or [])
    if not accept and not accept_all and not reject:
        raise UsageError(
            "name the changes to accept with --change ID, or pass --all",
            hint="`mou review` lists the ids",
        )
    library = library or Library.load()
    from ...util.outputs import check_output

    check_output(out_path, inputs=[spec_path, returned], library=library.root)
    loaded = load_spec(spec_path)  # bad spec: error before the document is read
    result = review(returned, spec=spec_path, library=library, flags=False)
    known = {c.id for c in result.changes}
    unknown = [i for i in [*accept, *reject] if i not in known]
    if unknown:
        raise UsageError(
            f"{returned}: no change with id {', '.join(map(repr, unknown))}",
            hint="`mou review` lists the ids: "
            + (", ".join(c.id for c in result.changes) or "there are none"),
        )
    both = sorted(set(accept) & set(reject))
    if both:
        raise UsageError(f"change {', '.join(both)} is both accepted and rejected")
    accepted_ids = (
        {c.id for c in result.changes if c.id not in reject} if accept_all else set(accept)
    )
    accepted = [c for c in result.changes if c.id in accepted_ids]
    rejected = [c for c in result.changes if c.id in reject]
    untouched = [c for c in result.changes if c.id not in accepted_ids and c.id not in reject]

    edits, outcomes, skipped = _plan(result, accepted, library, returned)
    text, old_rev, new_rev = _write_yaml(loaded.text, edits)
    from ...assemble.assembler import assemble
    from ...checks.engine import run_check
    from ...model.schema import Spec
    from ...sources.specfile import LoadedSpec
    from ...sources.validate import validate
    from ...sources.yamlio import loads

    raw = loads(text, str(out_path))
    new_spec = validate(Spec, raw, str(out_path))
    agreement = assemble(LoadedSpec(new_spec, out_path, raw, text), library)
    check = run_check(agreement, library)
    from ...util.atomic import write_text_atomic

    write_text_atomic(out_path, text)
    return AcceptOutcome(
        out_path,
        spec_path,
        str(returned),
        accepted,
        rejected,
        untouched,
        outcomes,
        (old_rev, new_rev),
        check,
        skipped,
        len(result.comments),
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


# --------------------------------------------------------------------------- planning


@dataclass
class _Edit:
    clause: str
    version: int
    params: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    text: list[Any] | None = None
    negotiated: str | None = None
    remove: bool = False


def _plan(
    result: Review,
    accepted: list[Change],
    library: Library,
    returned: Path | str,
) -> tuple[list[_Edit], list[ClauseOutcome], list[str]]:
    assert result.agreement is not None
    by_clause: dict[str, list[Change]] = {}
    skipped: list[str] = []
    for change in accepted:
        if change.kind == "format":
            skipped.append(f"{change.id}: formatting is not carried into the spec")
            continue
        if change.clause is None:
            skipped.append(f"{change.id}: outside the clauses (cover or signature page)")
            continue
        by_clause.setdefault(change.clause, []).append(change)
    # a move accepted in one clause also changes the clause it lands in
    for change in list(accepted):
        if change.kind == "move":
            for cid, view in result.clauses.items():
                if cid != change.clause and _touches(view, set(change.keys)):
                    by_clause.setdefault(cid, []).append(change)
    edits: list[_Edit] = []
    outcomes: list[ClauseOutcome] = []
    for cid, changes in by_clause.items():
        section = result.agreement.section_for(cid)
        if section is None:
            skipped.append(f"{', '.join(c.id for c in changes)}: clause '{cid}' is not in the spec")
            continue
        ids = [c.id for c in changes]
        found = result.clauses.get(cid)
        untracked = [c for c in result.changes if c.clause == cid and c.kind == "untracked"]
        if found is None:  # the clause is missing from the document and that was accepted
            edits.append(_Edit(cid, section.version, remove=True))
            outcomes.append(ClauseOutcome(cid, "removed", ids))
            continue
        view = found
        title, body = _accepted_text(result, view, section, changes, untracked)
        if not title and not any(line.strip() for line in body):
            edits.append(_Edit(cid, section.version, remove=True))
            outcomes.append(ClauseOutcome(cid, "removed", ids))
            continue
        edit = _Edit(cid, section.version)
        outcome = ClauseOutcome(cid, "title", ids)
        if title and title != section.title:
            edit.title = title
        sent_body = lines_of(section.text)
        if body != sent_body:
            params = _parameter_edit(result, section, body, library)
            if params is not None:
                edit.params = {k: new for k, (_, new) in params.items()}
                outcome.how, outcome.params = "parameters", params
            else:
                edit.text = _blocks(section, body, library)
                dates = sorted(c.date[:10] for c in changes if c.date)
                when = dates[-1] if dates else dt.date.today().isoformat()
                edit.negotiated = (
                    f"from {Path(str(returned)).name} on {when}, changes {', '.join(ids)}"
                )
                outcome.how, outcome.note = "negotiated", edit.negotiated
        edits.append(edit)
        outcomes.append(outcome)
    return edits, outcomes, skipped


def _touches(view: ClauseView, keys: set[int]) -> bool:
    for block in view.blocks:
        for para in block.paras():
            if para.mark in keys or any(k in keys for _, ks in para.segments for k in ks):
                return True
    return False


def _accepted_text(
    result: Review,
    view: ClauseView,
    section: Section,
    changes: list[Change],
    untracked: list[Change],
) -> tuple[str, list[str]]:
    keys = frozenset(k for c in changes for k in c.keys)
    title, body = clause_text(result.doc, view, keys)
    if not untracked:
        return title, body
    taken = [c for c in untracked if c in changes]
    if taken and len(taken) != len(untracked):
        raise UsageError(
            f"accept or reject the untracked edits of '{view.clause}' together: "
            f"{', '.join(c.id for c in untracked)}"
        )
    if taken:
        return title, body
    # untracked edits rejected: apply the accepted tracked changes to the text that was sent
    base_title, base_body = clause_text(result.doc, view, None)
    base = base_title + "\n" + "\n".join(base_body)
    mine = title + "\n" + "\n".join(body)
    sent = section.title + "\n" + "\n".join(lines_of(section.text))
    merged = _merge3(base, sent, mine)
    if merged is None:
        raise UsageError(
            f"in '{view.clause}' an accepted change overlaps an untracked edit "
            f"({', '.join(c.id for c in untracked)}); accept the untracked edits too, or "
            "edit the spec by hand"
        )
    lines = merged.split("\n")
    return lines[0], lines[1:]


def _merge3(base: str, theirs: str, mine: str) -> str | None:
    """Token-level three-way merge: the edits base→theirs and base→mine, or None on overlap."""
    b, t, m = tokenize(base), tokenize(theirs), tokenize(mine)

    def edits(other: list[str]) -> list[tuple[int, int, list[str]]]:
        matcher = difflib.SequenceMatcher(None, b, other, autojunk=False)
        return [
            (i1, i2, other[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]

    combined = sorted(edits(t) + edits(m), key=lambda e: (e[0], e[1]))
    out: list[str] = []
    pos = 0
    for i1, i2, replacement in combined:
        if i1 < pos:
            return None  # both sides edit the same words
        out.extend(b[pos:i1])
        out.extend(replacement)
        pos = i2
    out.extend(b[pos:])
    return "".join(out)


def _scalar_params(section: Section, library: Library) -> dict[str, Any]:
    loaded = library.get(section.clause_id)
    version = loaded.clause.get(section.version) if loaded else None
    if version is None:
        return {}
    return {name: version.params[name] for name in section.params if name in version.params}


def _parse_value(param: Any, text: str) -> Any:
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


def _parameter_edit(
    result: Review,
    section: Section,
    body: list[str],
    library: Library,
) -> dict[str, tuple[Any, Any]] | None:
    """New parameter values that turn the sent text into ``body``, verified by re-assembly."""
    params = _scalar_params(section, library)
    if not params:
        return None
    new_values: dict[str, Any] = {}
    sent_lines = lines_of(section.text)
    table_changes = _table_edit(section, body, params)
    if table_changes is None:
        return None
    new_values.update(table_changes)
    scalar = {n: p for n, p in params.items() if p.type not in ("table", "list", "bool")}
    shown: dict[str, str] = {display(section.params[n]): n for n in scalar}
    old = "\n".join(sent_lines)
    new = "\n".join(body)
    if table_changes:
        return _verify(result, section, new_values, body, library)
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
    if not new_values:
        return None
    return _verify(result, section, new_values, body, library)


def _table_edit(
    section: Section,
    body: list[str],
    params: dict[str, Any],
) -> dict[str, Any] | None:
    """Table parameters whose rows changed ({} when no table changed; None: cannot say)."""
    tables = [(i, b) for i, b in enumerate(section.blocks) if isinstance(b, Table)]
    if not tables:
        return {}
    table_params = [n for n, p in params.items() if p.type == "table"]
    if len(tables) != 1 or len(table_params) != 1:
        return {}
    _, table = tables[0]
    name = table_params[0]
    param = params[name]
    sent_lines = lines_of(section.text)
    header = "\t".join(table.columns)
    try:
        start_sent = sent_lines.index(header)
        start_new = body.index(header)
    except ValueError:
        return {}
    count = 1 + len(table.rows)
    before_same = sent_lines[:start_sent] == body[:start_new]
    if not before_same:
        return {}
    width = len(table.columns)
    rows_new: list[list[str]] = []
    j = start_new + 1
    while (
        j < len(body)
        and body[j].count("\t") == width - 1
        and body[j] not in sent_lines[start_sent + count :]
    ):
        rows_new.append(body[j].split("\t"))
        j += 1
    if body[j:] != sent_lines[start_sent + count :]:
        return {}
    if rows_new == table.rows:
        return {}
    values = []
    for cells in rows_new:
        row: dict[str, Any] = {}
        for column, cell in zip(param.columns or [], cells, strict=False):
            row[column.key] = int(cell) if column.type == "int" and cell.isdigit() else cell
        values.append(row)
    return {name: values}


def _verify(
    result: Review, section: Section, values: dict[str, Any], body: list[str], library: Library
) -> dict[str, tuple[Any, Any]] | None:
    from ...assemble.assembler import assemble

    assert result.agreement is not None
    spec = result.agreement.spec
    entries = []
    for entry in spec.clauses:
        if entry.id == section.clause_id:
            merged = dict(entry.params)
            merged.update(values)
            entry = entry.model_copy(update={"params": merged, "version": section.version})
        entries.append(entry)
    from ...sources.specfile import LoadedSpec

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


# --------------------------------------------------------------------------- negotiated text


def _escape(text: str) -> str:
    """Literal text as clause source: markup and template characters escaped."""
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    return re.sub(r"[{}]", lambda m: "{{ '" + m.group(0) + "' }}", text)


def _markup(paragraph: Paragraph) -> str:
    out = []
    for run in paragraph.runs:
        text = _escape(run.text)
        if run.bold and text.strip():
            text = f"**{text}**"
        if run.italic and text.strip():
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def _restyle(old: Paragraph | None, line: str) -> str:
    """A changed line as source, re-applying the bold/italic of the old paragraph's runs
    where the same words are still there."""
    source = _escape(line)
    if old is None:
        return source
    for run in old.runs:
        if not (run.bold or run.italic) or not run.text.strip():
            continue
        literal = _escape(run.text)
        mark = "**" if run.bold else "*"
        at = source.find(literal)
        if at >= 0:
            source = source[:at] + mark + literal + mark + source[at + len(literal) :]
    return source


def _blocks(section: Section, body: list[str], library: Library) -> list[Any]:
    """The accepted body lines as clause text blocks (items grouped, tables by parameter)."""
    old_lines: list[tuple[str, Any]] = []  # (line, block)
    table_names = _table_names(section, library)
    table_index = 0
    for sent_block in section.blocks:
        if isinstance(sent_block, Table):
            name = table_names[table_index] if table_index < len(table_names) else None
            table_index += 1
            for line in sent_block.text.split("\n"):
                old_lines.append((line, ("table", name)))
        else:
            old_lines.append((sent_block.text, sent_block))
    matcher = difflib.SequenceMatcher(None, [line for line, _ in old_lines], body, autojunk=False)
    owner: list[Any] = [None] * len(body)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(j2 - j1):
                owner[j1 + offset] = (old_lines[i1 + offset][1], tag == "equal")
    blocks: list[Any] = []
    previous: Any = None
    emitted_tables: set[str | None] = set()
    for line, hit in zip(body, owner, strict=True):
        source_block: Any
        source_block, same = hit if hit is not None else (None, False)
        block = source_block
        if isinstance(block, tuple):  # a table line: the table block once
            if block[1] not in emitted_tables:
                emitted_tables.add(block[1])
                blocks.append({"table": block[1]})
            previous = block
            continue
        kind_source = (
            block
            if isinstance(block, Paragraph)
            else (previous if isinstance(previous, Paragraph) else None)
        )
        if isinstance(block, Paragraph) and same:
            source = _markup(block)
        else:
            source = _restyle(block if isinstance(block, Paragraph) else None, line)
        if kind_source is not None and kind_source.kind == "item":
            if blocks and isinstance(blocks[-1], dict) and "items" in blocks[-1]:
                blocks[-1]["items"].append(source)
            else:
                blocks.append({"items": [source]})
        else:
            blocks.append(source)
        previous = block if block is not None else previous
    return blocks


def _table_names(section: Section, library: Library) -> list[str]:
    from ...model.schema import TableBlock

    loaded = library.get(section.clause_id)
    version = loaded.clause.get(section.version) if loaded else None
    if version is None:
        return []
    return [b.table for b in version.text if isinstance(b, TableBlock)]


# --------------------------------------------------------------------------- YAML


def bump_revision(label: str) -> str:
    """ "1" → "2", "draft-3" → "draft-4", "A" → "A.2"."""
    match = re.search(r"(\d+)(?!.*\d)", label)
    if match:
        return label[: match.start()] + str(int(match.group(1)) + 1) + label[match.end() :]
    return f"{label}.2"


def _write_yaml(source: str, edits: list[_Edit]) -> tuple[str, str, str]:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # one line per paragraph: no folding
    yaml.indent(mapping=2, sequence=4, offset=2)
    data: Any = yaml.load(source)
    old_rev = str(data.get("revision", "1"))
    new_rev = bump_revision(old_rev)
    if "revision" in data:
        data["revision"] = (
            type(data["revision"])(new_rev) if isinstance(data["revision"], str) else new_rev
        )
    else:
        keys = list(data.keys())
        data.insert(keys.index("title") + 1 if "title" in keys else 0, "revision", new_rev)
    clauses = data["clauses"]
    by_id: dict[str, int] = {}
    for index, entry in enumerate(clauses):
        cid = entry.get("id") if isinstance(entry, dict) else str(entry).split("@")[0].strip()
        by_id[str(cid)] = index
    removals: list[int] = []
    for edit in edits:
        index = by_id[edit.clause]
        entry = clauses[index]
        if edit.remove:
            removals.append(index)
            continue
        if not isinstance(entry, dict):
            new_entry = CommentedMap()
            new_entry["id"] = edit.clause
            new_entry["version"] = edit.version
            clauses[index] = new_entry
            entry = new_entry
        elif "version" not in entry:
            entry.insert(1, "version", edit.version)  # type: ignore[attr-defined]
        if edit.title is not None:
            entry["title"] = edit.title
        if edit.params:
            params = entry.get("params")
            if params is None:
                params = CommentedMap()
                entry["params"] = params
            for name, value in edit.params.items():
                params[name] = _yaml_value(value)
        if edit.text is not None:
            seq = CommentedSeq()
            for block in edit.text:
                if isinstance(block, dict) and "items" in block:
                    item = CommentedMap()
                    item["items"] = CommentedSeq(block["items"])
                    seq.append(item)
                elif isinstance(block, dict):
                    item = CommentedMap()
                    item["table"] = block["table"]
                    seq.append(item)
                else:
                    seq.append(block)
            entry["text"] = seq
            entry["negotiated"] = edit.negotiated
    for index in sorted(removals, reverse=True):
        del clauses[index]
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue(), old_rev, new_rev


def _yaml_value(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, list):
        seq = CommentedSeq()
        for item in value:
            seq.append(_yaml_value(item))
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _yaml_value(item)
        mapping.fa.set_flow_style()
        return mapping
    return value


# --------------------------------------------------------------------------- report


def report_lines(outcome: AcceptOutcome) -> list[str]:
    from ...render.coverage import summary_line

    lines = [
        f"{outcome.output}: revision {outcome.revision[0]} → {outcome.revision[1]} "
        f"(from {outcome.spec}, {outcome.document})"
    ]
    for clause in outcome.clauses:
        ids = ", ".join(clause.changes)
        if clause.how == "parameters":
            values = "; ".join(
                f"{name}: {old!r} → {new!r}" for name, (old, new) in clause.params.items()
            )
            lines.append(f"  {clause.clause}: parameters {values} (changes {ids})")
        elif clause.how == "negotiated":
            lines.append(f"  {clause.clause}: negotiated text ({clause.note})")
        elif clause.how == "removed":
            lines.append(f"  {clause.clause}: removed from the agreement (changes {ids})")
        else:
            lines.append(f"  {clause.clause}: heading changed (changes {ids})")
    for note in outcome.skipped:
        lines.append(f"  not carried: {note}")
    lines.append(f"accepted: {', '.join(c.id for c in outcome.accepted) or 'none'}")
    lines.append(f"rejected: {', '.join(c.id for c in outcome.rejected) or 'none'}")
    if outcome.comments:
        lines.append(
            f"comments ({outcome.comments}) are not carried into the spec; answer them "
            "in the next draft"
        )
    if outcome.untouched:
        lines.append("left open (neither accepted nor rejected):")
        for change in outcome.untouched:
            lines.append(
                f'  [{change.id}] {change.kind} in {change.clause or "-"}: "{change.text[:70]}"'
            )
    else:
        lines.append("left open: none")
    if outcome.check is not None:
        from ...render.coverage import findings_text

        for line in findings_text(outcome.check):
            lines.append(line)
        lines.append(summary_line(outcome.check))
    return lines
