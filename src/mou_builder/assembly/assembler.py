"""Spec + clause library → :class:`~mou_builder.model.agreement.Agreement`.

Numbers the sections, resolves pins (``ID`` means latest approved), fills typed parameters,
resolves cross-references to section numbers and turns clause text into paragraphs of runs.
Every input problem is collected and raised together.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..checks.findings import Finding
from ..errors import InputError, InputErrors, Location
from ..model.agreement import Agreement, Block, Paragraph, Run, Section, Table
from ..model.language import GOVERNING, check_language, phrase
from ..model.params import coerce, display
from ..model.schema import ClauseEntry, ClauseVersion, ItemsBlock, Spec, TableBlock, Translation
from ..model.typography import typeset
from ..sources.library import Library, LoadedClause
from ..sources.specfile import LoadedSpec, load_spec
from .placeholders import find_placeholders
from .textrender import Blank, RenderError, SafeText, parse_markup, render_string
from .translate import choose, column_labels, localized, spec_in


def builtin_context(spec: Spec) -> dict[str, object]:
    """Names every clause may use without declaring them."""
    district, agency = spec.parties.district, spec.parties.agency
    return {
        "district": district.name,
        "district_short": district.short,
        "agency": agency.name,
        "agency_short": agency.short,
        "board": spec.board.name,
        "effective_date": spec.term.effective,
        "expiry_date": spec.term.expires,
        "agreement_title": spec.title,
    }


BUILTIN_NAMES = frozenset(
    {
        "district",
        "district_short",
        "agency",
        "agency_short",
        "board",
        "effective_date",
        "expiry_date",
        "agreement_title",
        "ref",
    }
)


def assemble_file(path: Path, library: Library | None = None, lang: str = GOVERNING) -> Agreement:
    loaded = load_spec(path)
    return assemble(loaded, library or Library.load(), lang)


Resolved = tuple[int, ClauseEntry, LoadedClause, ClauseVersion]


def assemble(loaded: LoadedSpec, library: Library, lang: str = GOVERNING) -> Agreement:
    """The agreement in ``lang``: each section in its translation where the library has
    one (see :mod:`.translate`), else in English, marked so."""
    check_language(lang)
    spec = spec_in(loaded.spec, lang)
    errors: list[InputError] = []
    findings: list[Finding] = find_placeholders(loaded)
    resolved = _resolve_entries(loaded, library, errors)
    numbers, by_element = _numbering(resolved)
    base = builtin_context(spec)
    sections: list[Section] = []
    for number, (index, entry, clause, version) in enumerate(resolved, start=1):
        values, blanks, param_errors = _fill(loaded, index, entry, clause, version)
        errors.extend(param_errors)
        if param_errors:
            continue
        used_blanks: set[str] = set()
        dangling: list[str] = []

        chosen = choose(clause, version, lang, negotiated=entry.text is not None)

        def ref(target: str, _dangling: list[str] = dangling, _lang: str = chosen.lang) -> SafeText:
            target_number = numbers.get(target, by_element.get(target))
            if target_number is None:
                _dangling.append(target)
                return SafeText(f"[Section: {target}]")
            return SafeText(phrase("ref.section", _lang, number=target_number))

        context = dict(base)
        context.update(localized(values, version, chosen.translation))
        context.update({name: Blank(name, used_blanks) for name in blanks})
        context["ref"] = ref
        source = clause.version_location(version.version)
        text = entry.text if entry.text is not None else chosen.text
        try:
            blocks = render_blocks(text, context, values, version, chosen.lang, chosen.translation)
        except RenderError as exc:
            where = loaded.entry_location(index) if entry.text is not None else source
            part = f" ({chosen.lang} translation)" if chosen.lang != GOVERNING else ""
            errors.append(
                InputError(f"clause '{clause.id}' v{version.version}{part}: {exc}", where)
            )
            continue
        findings.extend(_dangling(loaded, index, clause.id, dangling))
        sections.append(
            Section(
                number=number,
                clause_id=clause.id,
                version=version.version,
                title=typeset(chosen.title or entry.title or clause.clause.title),
                elements=list(clause.clause.elements),
                blocks=blocks,
                status=version.status,
                citations=list(version.citations),
                locked=version.locked,
                content_hash=version.hash or "",
                params=values,
                blanks=sorted(set(blanks) & used_blanks | set(_table_blanks(version, blanks))),
                pinned=entry.version is not None,
                negotiated=entry.text is not None,
                location=loaded.entry_location(index),
                source=source,
                lang=chosen.lang,
                translation=chosen.state,
            )
        )
    if errors:
        raise InputErrors(errors)
    return Agreement(
        spec=spec,
        sections=sections,
        spec_path=str(loaded.path),
        spec_hash=loaded.hash,
        findings=findings,
        locations={key: loaded.key_location(key) for key in ("term", "clauses", "profiles")},
        lang=lang,
    )


def _resolve_entries(
    loaded: LoadedSpec, library: Library, errors: list[InputError]
) -> list[Resolved]:
    """Each spec entry with its clause and version; problems are collected in ``errors``."""
    resolved: list[Resolved] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(loaded.spec.clauses):
        where = loaded.entry_location(index)
        if entry.id in seen:
            errors.append(
                InputError(
                    f"clause '{entry.id}' is listed twice (also entry {seen[entry.id] + 1})",
                    where,
                    "keep one entry",
                )
            )
            continue
        seen[entry.id] = index
        try:
            clause = library.require(entry.id, where)
            version = _version_of(entry, clause, where)
        except InputError as exc:
            errors.append(exc)
            continue
        resolved.append((index, entry, clause, version))
    return resolved


def _version_of(entry: ClauseEntry, clause: LoadedClause, where: Location) -> ClauseVersion:
    """The pinned version, or the latest approved one for an unpinned entry."""
    if entry.version is None:
        version = clause.clause.latest_approved
        if version is None:
            raise InputError(
                f"clause '{entry.id}' has no approved version", where, "pin a version with ID@N"
            )
        return version
    found = clause.clause.get(entry.version)
    if found is None:
        available = ", ".join(str(v.version) for v in clause.clause.versions)
        raise InputError(
            f"clause '{entry.id}' has no version {entry.version}",
            where,
            f"available versions: {available}",
        )
    return found


def _numbering(resolved: list[Resolved]) -> tuple[dict[str, int], dict[str, int]]:
    """Section number of each clause id, and of the first clause covering each element."""
    numbers: dict[str, int] = {}
    by_element: dict[str, int] = {}
    for number, (_, _, clause, _) in enumerate(resolved, start=1):
        numbers[clause.id] = number
        for element in clause.clause.elements:
            by_element.setdefault(element, number)
    return numbers, by_element


def _dangling(loaded: LoadedSpec, index: int, clause_id: str, targets: list[str]) -> list[Finding]:
    return [
        Finding(
            "dangling-reference",
            "error",
            f"clause '{clause_id}' refers to '{target}', which is not in this agreement",
            clause=clause_id,
            location=loaded.entry_location(index),
        )
        for target in targets
    ]


def _table_blanks(version: ClauseVersion, blanks: list[str]) -> list[str]:
    used = {b.table for b in version.text if isinstance(b, TableBlock)}
    return [b for b in blanks if b in used]


def _fill(
    loaded: LoadedSpec,
    index: int,
    entry: ClauseEntry,
    clause: LoadedClause,
    version: ClauseVersion,
) -> tuple[dict[str, Any], list[str], list[InputError]]:
    spec = loaded.spec
    errors: list[InputError] = []
    values: dict[str, Any] = {}
    blanks: list[str] = []
    for name in entry.params:
        if name not in version.params:
            known = ", ".join(sorted(version.params)) or "none"
            errors.append(
                InputError(
                    f"clause '{clause.id}' v{version.version} has no parameter '{name}'",
                    loaded.param_location(index, name),
                    f"its parameters: {known}",
                )
            )
    for name, param in version.params.items():
        where: Location | None
        if name in entry.params:
            raw, where = entry.params[name], loaded.param_location(index, name)
        elif name in spec.params:
            raw, where = spec.params[name], loaded.global_param_location(name)
        else:
            raw, where = param.default, clause.version_location(version.version)
        if raw is None:
            blanks.append(name)
            continue
        try:
            values[name] = coerce(param, raw)
        except ValueError as exc:
            errors.append(
                InputError(
                    f"parameter '{name}' of clause '{clause.id}': {exc}",
                    where,
                    f"expected {param.type}: {param.help}",
                )
            )
    return values, blanks, errors


def render_blocks(
    text: Sequence[Any],
    context: dict[str, object],
    values: dict[str, Any],
    version: ClauseVersion | None,
    lang: str = GOVERNING,
    translation: Translation | None = None,
) -> list[Block]:
    blocks: list[Block] = []
    for block in text:
        if isinstance(block, str):
            blocks.append(_paragraph(render_string(block, context, lang), "text"))
        elif isinstance(block, ItemsBlock):
            blocks.extend(_paragraph(render_string(i, context, lang), "item") for i in block.items)
        elif isinstance(block, TableBlock):
            labels = column_labels(translation, block.table)
            blocks.append(_table(block.table, values, version, lang, labels))
    return blocks


def _paragraph(rendered: str, kind: str) -> Paragraph:
    runs = list(_runs(typeset(rendered)))
    return Paragraph(runs=runs, kind="item" if kind == "item" else "text")


@lru_cache(maxsize=8192)  # agreements built in one process (a batch) share most paragraphs
def _runs(text: str) -> tuple[Run, ...]:
    if "*" not in text and "\\" not in text:  # no markup: one plain run (or none)
        return (Run(text),) if text else ()
    return tuple(Run(s.text, s.bold, s.italic) for s in parse_markup(text))


def _table(
    name: str,
    values: dict[str, Any],
    version: ClauseVersion | None,
    lang: str = GOVERNING,
    labels: dict[str, str] | None = None,
) -> Table:
    param = version.params.get(name) if version else None
    if param is None or param.columns is None:
        raise RenderError(f"table '{name}' is not a table parameter of this clause")
    labels = labels or {}
    columns = [typeset(labels.get(c.key, c.label)) for c in param.columns]
    rows = [
        [typeset(_cell(display(row[c.key], lang), labels)) for c in param.columns]
        for row in values.get(name) or []
    ]
    return Table(columns=columns, rows=rows)


def _cell(text: str, shown: dict[str, str]) -> str:
    return shown.get(text, text)


def preview(clause: LoadedClause, version: ClauseVersion) -> list[Block]:
    """A clause version on its own: defaults filled, other blanks and references shown."""
    used: set[str] = set()
    context: dict[str, object] = {n: Blank(n, used) for n in BUILTIN_NAMES}
    values: dict[str, Any] = {}
    for name, param in version.params.items():
        if param.default is not None:
            values[name] = coerce(param, param.default)
            context[name] = values[name]
        else:
            context[name] = Blank(name, used)
    context["ref"] = lambda target: SafeText(f"[Section: {target}]")
    try:
        return render_blocks(version.text, context, values, version)
    except RenderError as exc:  # hostile or broken clause text: one line, exit 2
        raise InputError(
            f"clause '{clause.id}' v{version.version}: {exc}",
            clause.version_location(version.version),
        ) from None
