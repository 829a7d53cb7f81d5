"""``mou check AGREEMENT.docx|.pdf|.txt|.md``: an agreement mou did not write, checked.

The foreign text becomes an :class:`~mou_builder.model.agreement.Agreement`: one section per
split section, its text as found, its elements from the classifier. The existing engine then
runs unchanged; of its findings only those that read the text are kept (the profiles'
requirements, the consent rule, discipline duties, and the term dates when the text states
them), since versions, hashes and library alternates mean nothing for a document from
outside. Two findings are added: each element a section only *may* cover (a warning to look
at it, never a silent pass), and an agreement of which fewer than half the sections could be
placed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks.engine import CheckResult, run_check, today
from ..checks.findings import Finding, sort_key
from ..errors import Location
from ..model.agreement import Agreement, Paragraph, Run, Section
from ..model.elements import ELEMENTS
from ..model.schema import Spec
from ..sources.foreign.classify import Classified
from ..sources.foreign.facts import Facts, read_facts
from ..sources.foreign.pipeline import Analysis, analyse
from ..sources.library import Library
from ..sources.profiles import ProfileSet

TEXT_RULES = frozenset(
    {
        "required-element",
        "required-param",
        "required-text",
        "forbidden-text",
        "required-citation",
        "upcoming-requirement",
        "consent-rule",
        "discipline-duties",
    }
)
TERM_PARAMS = ("term_years", "term_days", "review_years", "review_interval_years")
UNCERTAIN = "uncertain-element"
CORE_ELEMENTS = list(ELEMENTS)[: list(ELEMENTS).index("staff_training") + 1]
UNPLACED = "unplaced-sections"


@dataclass
class ForeignCheck:
    analysis: Analysis
    facts: Facts
    result: CheckResult

    def to_json(self, strict: bool = False) -> dict[str, Any]:
        payload = self.result.to_json()
        payload["ok"] = self.result.ok(strict)
        payload["sections"] = [
            {
                "index": c.section.index,
                "number": c.section.number or None,  # as printed; None when unnumbered
                "heading": c.section.heading,
                "line": c.section.line,
                "elements": [h.to_json() for h in c.hits],
            }
            for c in self.analysis.classified
        ]
        return payload


FACTS_OPENING = 4_000  # characters of the opening searched for the parties and the date
FACTS_WHOLE = 200_000  # characters searched for the term and the signatories


def opening_text(analysis: Analysis) -> str:
    return "\n".join(s.text for s in analysis.sections[:3])[:FACTS_OPENING]


def facts_of(analysis: Analysis) -> Facts:
    whole = "\n".join(s.text for s in analysis.sections)
    whole = (
        whole
        if len(whole) <= FACTS_WHOLE
        else whole[: FACTS_WHOLE // 2] + whole[-FACTS_WHOLE // 2 :]
    )
    first = analysis.sections[0]
    title = first.heading if first.heading and len(first.heading) <= 120 else None
    return read_facts(opening_text(analysis), whole, title)


def _party(
    facts_party: Any, default: str, short: str, signatories: list[tuple[str, str]]
) -> dict[str, object]:
    return {
        "name": facts_party.name if facts_party else default,
        "short": (facts_party.short if facts_party and facts_party.short else short),
        "signatories": [{"name": n, "title": t} for n, t in signatories]
        or [{"name": "[not found]", "title": "[not found]"}],
    }


def spec_for(path: Path, facts: Facts, on: dt.date) -> Spec:
    """A stand-in spec carrying the facts read (placeholders where the text states none)."""
    effective = facts.effective or on
    expires = facts.expires or effective.replace(year=effective.year + 1) - dt.timedelta(days=1)
    stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in path.stem).strip("-._")
    return Spec.model_validate(
        {
            "id": (stem or "imported")[:80],
            "title": facts.title or f"Agreement read from {path.name}",
            "date": facts.date or effective,
            "parties": {
                "district": _party(
                    facts.district, "[district]", "District", facts.signatories.get("district", [])
                ),
                "agency": _party(
                    facts.agency, "[agency]", "Agency", facts.signatories.get("agency", [])
                ),
            },
            "term": {"effective": effective, "expires": expires},
            "clauses": [{"id": "imported"}],
        }
    )


def counted(classified: Classified, certain: set[str]) -> list[str]:
    """The elements a section stands for in the check: those it surely covers, and those it
    may cover that no section covers surely (each with a warning); a passing mention of an
    element another section covers adds nothing."""
    return [h.element for h in classified.hits if h.certain or h.element not in certain]


def section_of(classified: Classified, path: Path, certain: set[str] | None = None) -> Section:
    foreign = classified.section
    blocks = [
        Paragraph([Run(p.text)], "item" if p.kind == "item" else "text") for p in foreign.paragraphs
    ]
    return Section(
        number=foreign.index,
        clause_id=f"section-{foreign.index}",
        version=1,
        title=foreign.title,
        elements=counted(classified, certain or set()),
        blocks=list(blocks),
        status="approved",
        pinned=True,
        negotiated=False,
        location=Location(str(path), foreign.line, 1),
    )


def agreement_of(analysis: Analysis, path: Path, facts: Facts, on: dt.date) -> Agreement:
    certain = analysis.elements(certain_only=True)
    sections = [section_of(c, path, certain) for c in analysis.classified]
    where = Location(str(path))
    return Agreement(
        spec=spec_for(path, facts, on),
        sections=sections,
        spec_path=str(path),
        locations={"term": where, "clauses": where},
    )


def label(classified: Classified) -> str:
    """How findings name a section: its position, and its heading or number as printed."""
    section = classified.section
    shown = section.heading or (f"numbered {section.number}" if section.number else "")
    return f'{section.index} ("{shown[:40]}")' if shown else str(section.index)


def extra_findings(
    analysis: Analysis, path: Path, required: list[str] | None = None
) -> list[Finding]:
    """Warnings for the elements that pass only on a section that may cover them (of those
    the profiles require; of the first taxonomy when no profile is named), and for an
    agreement of which most sections could not be placed."""
    findings: list[Finding] = []
    certain = analysis.elements(certain_only=True)
    watched = set(required) if required else set(CORE_ELEMENTS)
    for classified in analysis.classified:
        for hit in classified.hits:
            if hit.certain or hit.element in certain or hit.element not in watched:
                continue
            shown = "; ".join(hit.evidence[:3])
            findings.append(
                Finding(
                    UNCERTAIN,
                    "warning",
                    f"section {label(classified)} may cover {hit.element}: check it "
                    f"(confidence {hit.confidence:.2f}: {shown})",
                    element=hit.element,
                    clause=f"section-{classified.section.index}",
                    location=Location(str(path), classified.section.line, 1),
                )
            )
    total = len(analysis.classified)
    if total and analysis.placed * 2 < total:
        findings.append(
            Finding(
                UNPLACED,
                "warning",
                f"only {analysis.placed} of {total} sections could be placed under an element; "
                "the coverage below is unreliable: check the sections by hand",
                location=Location(str(path)),
            )
        )
    return findings


def check_foreign(
    path: Path | str,
    library: Library | None = None,
    profile_ids: list[str] | None = None,
    *,
    profiles: ProfileSet | None = None,
    on: dt.date | None = None,
) -> ForeignCheck:
    path = Path(path)
    library = library or Library.load()
    profiles = profiles or ProfileSet.load()
    day = on or today()
    analysis = analyse(path, library, profiles)
    facts = facts_of(analysis)
    agreement = agreement_of(analysis, path, facts, day)
    result = run_check(agreement, library, list(profile_ids or []), profiles=profiles, on=day)
    term_known = facts.effective is not None and facts.expires is not None
    kept = [f for f in result.findings if _keep(f, term_known)]
    kept.extend(extra_findings(analysis, path, result.required_elements() if profile_ids else None))
    if not term_known:
        kept.append(
            Finding(
                "term-dates",
                "info",
                "the text states no term dates that could be read; requirements on the term "
                "were checked as of today",
                element="term_renewal",
                location=Location(str(path)),
            )
        )
    kept.sort(key=sort_key)
    result.findings = kept
    return ForeignCheck(analysis, facts, result)


def _keep(finding: Finding, term_known: bool) -> bool:
    if finding.rule == "term-dates":
        return term_known
    if finding.rule not in TEXT_RULES:
        return False
    return not (
        finding.rule == "required-param"
        and not term_known
        and any(
            f"'{name}'" in finding.message or f"{name} is" in finding.message
            for name in TERM_PARAMS
        )
    )
