"""``mou translations status``: the state of each clause version's translations.

Which versions: with a spec, the versions the agreement uses; otherwise every version of
every clause in the library except withdrawn ones. A stale translation, or one whose blocks
differ from the English, is an error (exit 1); with ``strict`` so are missing and draft ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..assembly.assembler import assemble
from ..assembly.translation_status import translation_state
from ..model.language import GOVERNING, LANGUAGES, check_language
from ..model.schema import ClauseVersion, TranslationReport, TranslationRow
from ..sources.library import Library, LoadedClause
from ..sources.specfile import load_spec


def _versions(library: Library, spec: Path | None) -> list[tuple[LoadedClause, ClauseVersion]]:
    if spec is None:
        return [
            (loaded, version)
            for _, loaded in sorted(library.clauses.items())
            for version in loaded.clause.versions
            if version.status != "withdrawn"
        ]
    agreement = assemble(load_spec(spec), library)
    chosen = []
    for section in agreement.sections:
        loaded = library.require(section.clause_id)
        version = loaded.clause.get(section.version)
        if version is not None:
            chosen.append((loaded, version))
    return chosen


def translation_report(
    library: Library,
    langs: Sequence[str] | None = None,
    *,
    spec: Path | str | None = None,
    strict: bool = False,
) -> TranslationReport:
    languages = [check_language(c) for c in langs] if langs else list(LANGUAGES)
    languages = [c for c in dict.fromkeys(languages) if c != GOVERNING]
    rows: list[TranslationRow] = []
    for loaded, version in _versions(library, Path(spec) if spec else None):
        for lang in languages:
            state = translation_state(loaded, version, lang)
            if state.state == "governing":  # pragma: no cover - English is never listed
                continue
            rows.append(
                TranslationRow(
                    clause=state.clause,
                    version=state.version,
                    version_status=version.status,
                    lang=lang,
                    state=state.state,
                    translates=state.translates,
                    changed=state.changed,
                    problems=state.problems,
                    reviewer=state.reviewer,
                )
            )
    counts = {s: sum(r.state == s for r in rows) for s in ("missing", "stale", "draft", "approved")}
    failing = {"stale", "missing", "draft"} if strict else {"stale"}
    ok = not any(r.state in failing or r.problems for r in rows)
    return TranslationReport(ok=ok, languages=languages, counts=counts, translations=rows)
