"""``mou import AGREEMENT -o SPEC.mou.yaml``: a spec from an agreement the district already has.

A negotiated-text entry needs the id of a clause the library has, and the assembler takes a
section's elements from that clause. Text from outside has no library clause, so the import
ships its own: beside ``SPEC.mou.yaml`` it writes ``SPEC.clauses/``, a small clause library
with one *draft* clause per imported section (id ``imported-NN-slug``, the section's heading
as title, the elements the classifier found, and a one-line placeholder text). The spec
lists each section as an entry of that clause with the section's own words as negotiated
text, so building it reproduces the original section by section, and ``mou check`` flags
each as negotiated, draft text to be replaced by approved clauses over time. With
``--suggest`` the library clauses that would fill each missing element are listed, commented
out, and their files are copied into ``SPEC.clauses/`` so that uncommenting one is enough:

    mou --library SPEC.clauses build SPEC.mou.yaml

Facts the text states (parties, signatories, date, term) are filled in; each one not found
is a placeholder with a ``# not found in the text`` comment.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..compare.worddiff import diff_words
from ..errors import Location, OutputError
from ..model.elements import ELEMENTS
from ..sources.foreign.classify import Classified, tokens
from ..sources.foreign.pipeline import Analysis, analyse
from ..sources.library import Library
from ..sources.profiles import ProfileSet
from ..util.atomic import write_text_atomic
from ..util.outputs import check_output
from .foreign import counted, facts_of

# the elements of the first taxonomy: what `--suggest` fills when no profile is named
CORE_ELEMENTS = list(ELEMENTS)[: list(ELEMENTS).index("staff_training") + 1]
NOT_FOUND = "  # not found in the text: fill in"
PLACEHOLDER = (
    "Placeholder for a section of an agreement read by mou import; the spec's negotiated "
    "text replaces it."
)


@dataclass
class ImportPlan:
    spec_path: Path
    clauses_dir: Path
    spec_text: str
    clause_files: dict[str, str] = field(default_factory=dict)  # file name -> YAML text
    copied: dict[str, Path] = field(default_factory=dict)  # file name -> library file
    entries: list[str] = field(default_factory=list)  # clause ids, in section order


def clauses_dir_for(spec_path: Path) -> Path:
    name = spec_path.name
    for suffix in (".mou.yaml", ".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return spec_path.with_name(f"{name}.clauses")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    text = text.replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " ")
    return json.dumps(text, ensure_ascii=False)


def escape_markup(text: str) -> str:
    """Foreign text as clause text: no placeholder, no emphasis marker may come from it."""
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    return text.replace("{", '{{ "{" }}') if "{" in text else text


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = "-".join(words)[:30].strip("-")
    return out or "section"


def clause_id_for(classified: Classified) -> str:
    section = classified.section
    elements = classified.elements
    basis = section.heading or (
        "recitals" if "recitals" in elements else (elements[0] if elements else "section")
    )
    return f"imported-{section.index:02d}-{slug(basis)}".rstrip("-")


def elements_for(classified: Classified, analysis: Analysis) -> tuple[list[str], bool]:
    """The section's elements as a check counts them (see :func:`.foreign.counted`); for a
    section nothing placed, the closest one (guessed)."""
    chosen = counted(classified, analysis.elements(certain_only=True))
    if chosen:
        return chosen, False
    index = analysis.classifier.elements_index
    if index is not None:
        ranked = index.scores(tokens(classified.section.text))
        return [max(ranked, key=lambda e: ranked[e][0])], True
    return ["purpose"], True


def clause_yaml(classified: Classified, clause_id: str, elements: list[str], source: str) -> str:
    section = classified.section
    title = section.heading or section.title
    lines = [
        f"# Section {section.index} of {source} (line {section.line}), read by mou import.",
        f"id: {clause_id}",
        f"title: {q(title[:200])}",
        f"elements: [{', '.join(elements)}]",
        f"summary: {q(f'Section {section.index} of an existing agreement ({source}).')}",
        "versions:",
        "  - version: 1",
        "    status: draft",
        "    text:",
        f"      - {q(PLACEHOLDER)}",
        "",
    ]
    return "\n".join(lines)


def _facts_lines(
    analysis: Analysis, path: Path, output: Path, profiles: list[str], today: dt.date
) -> list[str]:
    facts = facts_of(analysis)
    effective = facts.effective
    expires = facts.expires
    folder = clauses_dir_for(output).name
    lines = [
        f"# Imported from {path.name} by `mou import` on {today.isoformat()}.",
        "# Each section of the original is a negotiated-text entry of a draft clause in",
        f"# {folder}/ beside this file. Build it with",
        f"#   mou --library {folder} build {output.name}",
    ]
    stem_id = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._") or "imported"
    lines.append(f"id: {stem_id[:80]}")
    title = facts.title or f"Agreement imported from {path.name}"
    lines.append(f"title: {q(title)}" + ("" if facts.title else NOT_FOUND))
    lines.append('revision: "1"')
    date = facts.date or effective
    lines.append(f"date: {(date or today).isoformat()}" + ("" if date else NOT_FOUND))
    lines.append(f"profiles: [{', '.join(profiles)}]")
    lines.append("parties:")
    for side, party, default_short in (
        ("district", facts.district, "District"),
        ("agency", facts.agency, "Agency"),
    ):
        lines.append(f"  {side}:")
        if party:
            lines.append(f"    name: {q(party.name)}")
        else:
            lines.append(f"    name: {q(f'[{side} name]')}{NOT_FOUND}")
        short = party.short if party and party.short else default_short
        lines.append(f"    short: {q(short)}")
        signatories = facts.signatories.get(side, [])
        lines.append("    signatories:")
        if signatories:
            for name, role in signatories:
                lines.append(f"      - {{name: {q(name)}, title: {q(role)}}}")
        else:
            lines.append(f'      - {{name: "[name]", title: "[title]"}}{NOT_FOUND}')
    lines.append("term:")
    start = effective or today
    end = expires or (start.replace(year=start.year + 1) - dt.timedelta(days=1))
    lines.append(f"  effective: {start.isoformat()}" + ("" if effective else NOT_FOUND))
    lines.append(f"  expires: {end.isoformat()}" + ("" if expires else NOT_FOUND))
    lines.append("params: {}")
    return lines


def _entry_lines(
    classified: Classified, clause_id: str, source: str, guessed: list[str] | None
) -> list[str]:
    section = classified.section
    shown = ", ".join(
        f"{h.element} {h.confidence:.2f}" + ("" if h.certain else "?") for h in classified.hits
    )
    note = shown
    if guessed and not shown:
        note = f"no element placed; tagged {', '.join(guessed)}, the closest (check it)"
    lines = [f"  # section {section.index} (line {section.line}): {note}"]
    lines.append(f"  - id: {clause_id}")
    lines.append("    version: 1")
    if section.heading:
        lines.append(f"    title: {q(section.heading)}")
    where = f"section {section.index}" + (f" ({section.number})" if section.number else "")
    lines.append(f"    negotiated: {q(f'text of {where} of {source}, as read by mou import')}")
    lines.append("    text:")
    for para in section.paragraphs:
        lines.append(f"      - {q(escape_markup(para.text))}")
    return lines


def missing_elements(analysis: Analysis, required: list[str]) -> list[str]:
    covered = analysis.elements(certain_only=False)
    wanted = required or CORE_ELEMENTS
    return [e for e in wanted if e not in covered]


def plan_import(
    path: Path,
    output: Path,
    library: Library,
    profiles: ProfileSet,
    profile_ids: list[str],
    suggest: bool,
    today: dt.date,
) -> ImportPlan:
    analysis = analyse(path, library, profiles)
    source = path.name
    lines = _facts_lines(analysis, path, output, profile_ids, today)
    lines.append("clauses:")
    plan = ImportPlan(output, clauses_dir_for(output), "")
    for classified in analysis.classified:
        clause_id = clause_id_for(classified)
        elements, guessed = elements_for(classified, analysis)
        plan.clause_files[f"{clause_id}.yaml"] = clause_yaml(
            classified, clause_id, elements, source
        )
        plan.entries.append(clause_id)
        lines.extend(_entry_lines(classified, clause_id, source, elements if guessed else None))
    if suggest:
        lines.extend(_suggestions(analysis, library, profiles, profile_ids, plan))
    plan.spec_text = "\n".join(lines) + "\n"
    return plan


def _required(profiles: ProfileSet, profile_ids: list[str]) -> list[str]:
    required: list[str] = []
    for pid in profile_ids:
        resolved = profiles.resolve(pid)
        for req in resolved.requirements:
            if req.check == "element" and req.element and req.element not in required:
                required.append(req.element)
    return required


def _suggestions(
    analysis: Analysis,
    library: Library,
    profiles: ProfileSet,
    profile_ids: list[str],
    plan: ImportPlan,
) -> list[str]:
    missing = missing_elements(analysis, _required(profiles, profile_ids))
    if not missing:
        return ["  # --suggest: every element is covered"]
    lines = [
        "  # --suggest: library clauses that would fill the missing elements (uncomment one;",
        "  # their files are copied into the clause folder beside this spec)",
    ]
    for element in missing:
        candidates = sorted(library.by_element.get(element, []))
        if not candidates:
            lines.append(f"  # {element}: no library clause covers it yet")
            continue
        for clause_id in candidates:
            loaded = library.clauses[clause_id]
            version = loaded.clause.latest_approved or loaded.clause.latest
            lines.append(
                f"  # - {clause_id}@{version.version}    # {element}: {loaded.clause.title}"
            )
            plan.copied[loaded.path.name] = loaded.path
    return lines


def write_import(plan: ImportPlan, inputs: list[Path], library: Library, force: bool) -> None:
    """Write the spec and its clause folder; nothing is written if any target is refused."""
    check_output(plan.spec_path, inputs=inputs, library=library.root)
    check_output(plan.clauses_dir, inputs=inputs, library=library.root)
    if not force:
        for target in (plan.spec_path, plan.clauses_dir):
            if target.exists():
                raise OutputError(
                    "already exists", Location(str(target)), "pass --force to replace it"
                )
    if plan.clauses_dir.exists() and not plan.clauses_dir.is_dir():
        raise OutputError("exists and is not a directory", Location(str(plan.clauses_dir)))
    plan.clauses_dir.mkdir(parents=True, exist_ok=True)
    for stale in plan.clauses_dir.glob("imported-*.yaml"):
        if stale.name not in plan.clause_files:
            stale.unlink()
    for name, text in plan.clause_files.items():
        write_text_atomic(plan.clauses_dir / name, text)
    for name, source in plan.copied.items():
        shutil.copyfile(source, plan.clauses_dir / name)
    write_text_atomic(plan.spec_path, plan.spec_text)


# --------------------------------------------------------------------------- --map


@dataclass
class MapRow:
    section: Classified
    clause: str | None
    similarity: float
    diff: str


def map_sections(path: Path, library: Library, profiles: ProfileSet) -> list[MapRow]:
    from ..assembly.assembler import preview

    analysis = analyse(path, library, profiles)
    rows: list[MapRow] = []
    for classified in analysis.classified:
        found = analysis.classifier.closest_clause(classified.section, classified.elements)
        if found is None:
            rows.append(MapRow(classified, None, 0.0, ""))
            continue
        clause_id, _ = found
        loaded = library.clauses[clause_id]
        version = loaded.clause.latest_approved or loaded.clause.latest
        library_text = " ".join(b.text for b in preview(loaded, version))
        own = " ".join(classified.section.body.split())
        similarity = overlap(own, library_text)
        rows.append(MapRow(classified, clause_id, similarity, word_diff(library_text, own)))
    return rows


def word_diff(old: str, new: str) -> str:
    """``[-library words-]{+agreement words+}`` inline, equal runs kept."""
    out: list[str] = []
    for piece in diff_words(old, new):
        if piece.op == "equal":
            out.append(piece.text)
        elif piece.op == "delete":
            out.append(f"[-{piece.text}-]")
        else:
            out.append(f"{{+{piece.text}+}}")
    return "".join(out)


def overlap(text: str, other: str) -> float:
    """Share of the distinct words of ``text`` (stemmed, no stop words) found in ``other``."""
    mine, theirs = set(tokens(text)), set(tokens(other))
    return len(mine & theirs) / len(mine) if mine else 0.0
