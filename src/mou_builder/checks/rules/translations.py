"""Clause translations of an agreement checked in another language (``mou check --lang``):
missing and draft translations are warnings, a stale one (its English changed since) or one
whose blocks or Jinja variables differ from the English is an error."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.language import GOVERNING
from ..findings import Finding
from .base import CheckContext, OptionValue, Read, RuleOptions, Scope

ID = "translations"
DESCRIPTION = "Clause translations exist, are reviewed and translate the current English."
DEFAULTS: dict[str, OptionValue] = {
    "severity": "error",  # stale, or not matching the English's structure
    "missing": "warning",
    "draft": "warning",
}
READS: frozenset[Read] = frozenset({"versions"})
SCOPE: Scope = "section"


def check(ctx: CheckContext, options: RuleOptions) -> Iterator[Finding]:
    lang = ctx.lang
    if lang == GOVERNING:
        return
    # only a check in another language compares translations with the English
    from ...assembly.translate import structure_problems
    from ...assembly.translation_status import translation_state

    for section in ctx.agreement.sections:
        loaded = ctx.library.get(section.clause_id)
        version = loaded.clause.get(section.version) if loaded else None
        if loaded is None or version is None:  # pragma: no cover - assembly refused it
            continue
        where = loaded.version_location(section.version)
        name = f"clause '{section.clause_id}' v{section.version}"
        if section.negotiated:
            yield Finding(
                ID,
                options.severity("missing"),
                f"{name} has negotiated text, which has no {lang} translation; "
                "the section is shown in English",
                clause=section.clause_id,
                location=section.location,
            )
            continue
        state = translation_state(loaded, version, lang)
        if state.state == "missing":
            yield Finding(
                ID,
                options.severity("missing"),
                f"{name} has no {lang} translation; the section is shown in English",
                clause=section.clause_id,
                location=where,
            )
        elif state.state == "stale":
            yield Finding(
                ID,
                options.severity(),
                f"the {lang} translation of {name} is stale, the English changed "
                f"{state.changed}; update it and set 'translates' to the version's hash",
                clause=section.clause_id,
                location=where,
            )
        elif state.state == "draft":
            yield Finding(
                ID,
                options.severity("draft"),
                f"the {lang} translation of {name} is a draft; it is marked as unofficial",
                clause=section.clause_id,
                location=where,
            )
        translation = version.translations.get(lang)
        unusable = translation is not None and structure_problems(version.text, translation.text)
        fallback = "; the section is shown in English" if unusable else ""
        for problem in state.problems:
            yield Finding(
                ID,
                options.severity(),
                f"the {lang} translation of {name} does not match the English: {problem}"
                + fallback,
                clause=section.clause_id,
                location=where,
            )
