"""Which elements a section of a foreign agreement covers, how sure, and the words that show it.

Two kinds of evidence, both deterministic and offline:

1. the element's own words (:mod:`.keywords`): its heading words and weighted body
   patterns; each pattern counts once per section, and what it matched is the evidence;
2. BM25 similarity between the section and the library's clause texts for each element
   (titles, summaries, text, plus the messages and pattern words of the profiles'
   requirements on it): the labelled examples the project already has. It raises an element
   that its words already point to, and it names the closest element of a section nothing
   else places (a warning, never a pass).

A score turns into a confidence ``1 - exp(-score)``. From :data:`CONFIDENT` up the section
covers the element; from :data:`POSSIBLE` up it *may* cover it, which a check reports as a
warning to look at the section. Items of a list of training subjects count for training only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...model.elements import ELEMENTS
from .keywords import HEADING_WEIGHT, HEADINGS, OPENING_ONLY, PATTERNS, TRAINING_LEAD
from .split import RECITAL_HEADS, WHEREAS, ForeignSection

if TYPE_CHECKING:
    from ..library import Library
    from ..profiles import ProfileSet

CONFIDENT = 0.55  # score 0.8 and up
POSSIBLE = 0.35  # score 0.43 and up
BM25_BOOST = 0.35
BM25_ALONE = 0.45
MIN_ALONE_WORDS = 20  # a title and a line of parties is too little to guess from
CAPPED = 0.75  # just under CONFIDENT: "may cover"
K1, B = 1.2, 0.75

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "shall",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "which",
        "who",
        "whom",
        "any",
        "all",
        "each",
        "such",
        "other",
        "under",
        "this",
        "these",
        "those",
        "may",
        "must",
        "not",
        "no",
        "nor",
        "than",
        "then",
        "there",
        "they",
        "them",
        "his",
        "her",
        "he",
        "she",
        "it's",
        "also",
        "upon",
        "into",
        "within",
        "without",
        "between",
        "agreement",
        "sro",
        "sros",
        "school",
        "schools",
        "district",
        "agency",
        "officer",
        "officers",
        "resource",
        "police",
        "department",
        "city",
        "county",
        "board",
        "party",
        "parties",
    ]
)
TOKEN = re.compile(r"[a-z][a-z'-]{2,}")


def stem(word: str) -> str:
    word = word.strip("'-")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


def tokens(text: str) -> list[str]:
    return [stem(t) for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


@dataclass(frozen=True)
class ElementHit:
    element: str
    confidence: float
    evidence: tuple[str, ...]

    @property
    def certain(self) -> bool:
        return self.confidence >= CONFIDENT

    def to_json(self) -> dict[str, Any]:
        return {
            "element": self.element,
            "confidence": round(self.confidence, 2),
            "certain": self.certain,
            "evidence": list(self.evidence),
        }


@dataclass
class Classified:
    section: ForeignSection
    hits: list[ElementHit] = field(default_factory=list)

    @property
    def elements(self) -> list[str]:
        return [h.element for h in self.hits]

    @property
    def placed(self) -> bool:
        return any(h.certain for h in self.hits)


class BM25:
    """Okapi BM25 over a handful of documents (one per element, or one per clause)."""

    def __init__(self, docs: dict[str, list[str]]):
        self.names = list(docs)
        self.tf = {name: Counter(words) for name, words in docs.items()}
        self.length = {name: len(words) for name, words in docs.items()}
        self.avg = (sum(self.length.values()) / len(docs)) if docs else 1.0
        df: Counter[str] = Counter()
        for counts in self.tf.values():
            df.update(counts.keys())
        n = len(docs)
        self.idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in df.items()}

    def scores(self, query: Iterable[str]) -> dict[str, tuple[float, list[str]]]:
        terms = Counter(query)
        out: dict[str, tuple[float, list[str]]] = {}
        for name in self.names:
            tf, length = self.tf[name], self.length[name]
            total = 0.0
            shared: list[tuple[float, str]] = []
            for term in terms:
                f = tf.get(term)
                if not f:
                    continue
                part = self.idf[term] * f * (K1 + 1) / (f + K1 * (1 - B + B * length / self.avg))
                total += part
                shared.append((part, term))
            shared.sort(reverse=True)
            out[name] = (total, [t for _, t in shared[:4]])
        return out


@dataclass
class Examples:
    """The labelled examples: clause texts by element and by clause."""

    by_element: dict[str, list[str]]
    by_clause: dict[str, list[str]]
    clause_elements: dict[str, list[str]]
    clause_text: dict[str, str]


def examples_from(library: Library | None, profiles: ProfileSet | None = None) -> Examples:
    by_element: dict[str, list[str]] = {}
    by_clause: dict[str, list[str]] = {}
    clause_elements: dict[str, list[str]] = {}
    clause_text: dict[str, str] = {}
    for loaded in library.clauses.values() if library is not None else []:
        clause = loaded.clause
        version = clause.latest_approved or clause.latest
        text = " ".join(_block_text(b) for b in version.text)
        text = re.sub(r"\{\{[^}]*\}\}", " ", text)
        words = tokens(f"{clause.title} {clause.summary or ''} {text}")
        by_clause[clause.id] = words
        clause_elements[clause.id] = list(clause.elements)
        clause_text[clause.id] = text
        for element in clause.elements:
            by_element.setdefault(element, []).extend(words)
    if profiles is not None:
        for profile, _ in profiles.profiles.values():
            for req in profile.requirements:
                if req.element:
                    words = [req.message, *(_pattern_words(p) for p in req.patterns or [])]
                    by_element.setdefault(req.element, []).extend(tokens(" ".join(words)))
    return Examples(by_element, by_clause, clause_elements, clause_text)


def _pattern_words(pattern: str) -> str:
    """The plain words of a requirement's pattern ("disabilit|trauma" → "disabilit trauma")."""
    return re.sub(r"\\[a-zA-Z]|[^a-zA-Z' ]+", " ", pattern)


def _block_text(block: Any) -> str:
    if isinstance(block, str):
        return block
    items = getattr(block, "items", None)
    if items:
        return " ".join(items)
    return ""


# (prefilter, pattern, weight): the prefilter is the pattern without its \b assertions, a
# superset that Python's engine scans far faster (a leading \b disables its literal-prefix
# search); the exact pattern runs only where the prefilter found something.
Weighted = tuple[re.Pattern[str], re.Pattern[str], float]


@lru_cache(maxsize=1)
def _compiled() -> tuple[dict[str, re.Pattern[str]], dict[str, list[Weighted]]]:
    # the text is lower-cased once, so no pattern needs re.I
    heads = {e: re.compile(p) for e, p in HEADINGS.items()}
    bodies = {
        e: [(re.compile(p.replace(r"\b", ""), re.M), re.compile(p, re.M), w) for p, w in pats]
        for e, pats in PATTERNS.items()
    }
    return heads, bodies


_TRAINING_LEAD = re.compile(TRAINING_LEAD, re.I)
PURPOSE_HEAD = re.compile(HEADINGS["purpose"], re.I)


class Classifier:
    def __init__(self, examples: Examples | None = None):
        self.examples = examples
        docs = examples.by_element if examples else {}
        self.elements_index = BM25(docs) if docs else None
        self.clause_index = BM25(examples.by_clause) if examples and examples.by_clause else None

    def classify(self, sections: list[ForeignSection]) -> list[Classified]:
        return [self.classify_one(s, self._opening(s, sections)) for s in sections]

    @staticmethod
    def _opening(section: ForeignSection, sections: list[ForeignSection]) -> bool:
        if RECITAL_HEADS.match(section.heading) or PURPOSE_HEAD.search(section.heading):
            return True
        if any(WHEREAS.match(p.text) for p in section.paragraphs):
            return True
        before = sections[: section.index - 1]
        return (
            section.index <= 2
            and not section.number
            and not section.after_gap
            and not any(s.number or s.after_gap for s in before)
        )

    def classify_one(self, section: ForeignSection, opening: bool = False) -> Classified:
        heads, bodies = _compiled()
        scores: dict[str, float] = {}
        strongest: dict[str, float] = {}  # the heaviest single piece of evidence
        evidence: dict[str, list[str]] = {}
        heading = ocr_normal(section.heading).lower()
        for element, pattern in heads.items():
            match = pattern.search(heading) if heading else None
            if match:
                scores[element] = scores.get(element, 0.0) + HEADING_WEIGHT
                strongest[element] = HEADING_WEIGHT
                evidence.setdefault(element, []).append(f"heading '{section.heading[:60]}'")
        general, training_items = self._texts(section)
        lowered = general.lower()
        same = len(lowered) == len(general)  # spans of the lower-cased text fit the original
        with_items = general + "\n" + training_items
        lowered_items = with_items.lower()
        for element, patterns in bodies.items():
            if element in OPENING_ONLY and not opening:
                continue
            text, original = (
                (lowered_items, with_items) if element == "training" else (lowered, general)
            )
            for prefilter, pattern, weight in patterns:
                match = pattern.search(text) if prefilter.search(text) else None
                if match:
                    scores[element] = scores.get(element, 0.0) + weight
                    strongest[element] = max(strongest.get(element, 0.0), weight)
                    start, end = match.span()
                    shown = original[start:end] if same else match.group(0)
                    evidence.setdefault(element, []).append(_snippet(shown))
        self._similarity(section, general, opening, scores, evidence)
        # Under a heading that names an element, another element needs one strong piece of
        # evidence of its own: a passing word ("arrests" in a data clause) only may count.
        headed = (
            bool(heading) and not opening and any(v >= HEADING_WEIGHT for v in strongest.values())
        )
        if headed:
            for element, score in scores.items():
                if strongest.get(element, 0.0) < 1.0:
                    scores[element] = min(score, CAPPED)
        hits = []
        for element, score in scores.items():
            confidence = 1 - math.exp(-score)
            if confidence >= POSSIBLE:
                hits.append(ElementHit(element, confidence, tuple(evidence.get(element, []))))
        hits.sort(key=lambda h: (-h.confidence, list(ELEMENTS).index(h.element)))
        return Classified(section, hits)

    @staticmethod
    def _texts(section: ForeignSection) -> tuple[str, str]:
        """The section's text, and apart from it the items of a list of training subjects."""
        general: list[str] = []
        training: list[str] = []
        for para in section.paragraphs:
            if para.kind == "item" and para.lead and _TRAINING_LEAD.search(para.lead):
                training.append(ocr_normal(para.text))
            else:
                general.append(ocr_normal(para.text))
        return "\n".join(general), "\n".join(training)

    def _similarity(
        self,
        section: ForeignSection,
        text: str,
        opening: bool,
        scores: dict[str, float],
        evidence: dict[str, list[str]],
    ) -> None:
        if self.elements_index is None:
            return
        query = tokens(f"{section.heading} {text}")
        if len(query) < 4:
            return
        alone_allowed = len(query) >= MIN_ALONE_WORDS
        ranked = self.elements_index.scores(query)
        top = max((s for s, _ in ranked.values()), default=0.0)
        if top <= 0:
            return
        confident = any(1 - math.exp(-s) >= CONFIDENT for s in scores.values())
        best = max(ranked, key=lambda e: ranked[e][0])
        for element, (score, shared) in ranked.items():
            relative = score / top
            if element in OPENING_ONLY and not opening:
                continue
            if element in scores and relative >= 0.5:
                scores[element] += BM25_BOOST * relative
                evidence[element].append("like the library's clauses: " + ", ".join(shared))
            elif element == best and not confident and not scores and alone_allowed:
                scores[element] = BM25_ALONE
                evidence[element] = ["only like the library's clauses: " + ", ".join(shared)]

    def closest_clause(
        self, section: ForeignSection, elements: list[str]
    ) -> tuple[str, float] | None:
        """The library clause the section is most like (among its elements' clauses first)."""
        if self.clause_index is None or self.examples is None:
            return None
        query = tokens(section.text)
        if not query:
            return None
        ranked = self.clause_index.scores(query)
        candidates = [
            c for c, els in self.examples.clause_elements.items() if set(els) & set(elements)
        ] or list(ranked)
        best = max(candidates, key=lambda c: ranked[c][0])
        top = max(s for s, _ in ranked.values()) or 1.0
        return best, ranked[best][0] / top


_OCR_ZERO = re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z])")
_OCR_ONE = re.compile(r"(?<=[a-z])1(?=[a-z])|(?<=[a-z])1\b")
_OCR_ELL = re.compile(r"(?<=[A-Z])l(?=[A-Z])|(?<=[A-Z]{2})l\b|\bl(?=[A-Z]{2})")


def ocr_normal(text: str) -> str:
    """Undo the usual OCR confusions inside words before matching (the text itself is kept):
    "SR0" → "SRO", "mode1" → "model", "ARTlCLE" → "ARTICLE"."""
    if not any(c in text for c in "01l"):
        return text
    text = _OCR_ZERO.sub(lambda m: "O", text)
    text = _OCR_ONE.sub("l", text)
    return _OCR_ELL.sub("I", text)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
