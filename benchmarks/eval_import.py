"""Precision and recall of `mou check AGREEMENT` element detection on real agreements.

Reads the hand-labelled development set (``../shared/corpus/mous`` beside the repository, or
the folder given as the first argument), runs the reader, splitter and classifier on each
file, and prints one row per element: true positives, false positives, false negatives,
precision and recall, then the totals over the labelled present elements. A prediction is an
element some section covers with confidence (``--possible`` also counts the "may cover" ones).

    .venv/bin/python benchmarks/eval_import.py [CORPUS_DIR] [--possible]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "mous"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def evaluate(corpus: Path, possible: bool = False) -> tuple[dict[str, Tally], Tally]:
    from mou_builder.model.elements import ELEMENTS
    from mou_builder.sources.foreign.pipeline import analyse
    from mou_builder.sources.library import Library
    from mou_builder.sources.profiles import ProfileSet

    library, profiles = Library.load(), ProfileSet.load()
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    per: dict[str, Tally] = {}
    total = Tally()
    core = list(ELEMENTS)[: list(ELEMENTS).index("staff_training") + 1]
    for entry in labels:
        analysis = analyse(corpus / entry["file"], library, profiles)
        found = analysis.elements(certain_only=not possible)
        if "present" in entry:  # the project's own fixtures: a list of the present elements
            entry["elements"] = {e: {"present": e in entry["present"]} for e in core}
        for element, label in entry["elements"].items():
            tally = per.setdefault(element, Tally())
            present, predicted = bool(label["present"]), element in found
            if present and predicted:
                tally.tp += 1
                total.tp += 1
            elif predicted:
                tally.fp += 1
                total.fp += 1
                tally.misses.append(f"+{entry['file'][:2]}")
            elif present:
                tally.fn += 1
                total.fn += 1
                tally.misses.append(f"-{entry['file'][:2]}")
    return per, total


def table(per: dict[str, Tally], total: Tally) -> list[str]:
    lines = [f"{'element':30} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>6}  files"]
    for element, t in per.items():
        if t.tp + t.fp + t.fn == 0:
            continue
        lines.append(
            f"{element:30} {t.tp:3} {t.fp:3} {t.fn:3} {t.precision:9.2f} {t.recall:6.2f}  "
            + " ".join(t.misses)
        )
    lines.append(
        f"{'overall':30} {total.tp:3} {total.fp:3} {total.fn:3} "
        f"{total.precision:9.2f} {total.recall:6.2f}"
    )
    return lines


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else CORPUS
    if not (corpus / "labels.yaml").is_file():
        print(f"no labelled corpus at {corpus}")
        return 2
    per, total = evaluate(corpus, possible="--possible" in argv)
    for line in table(per, total):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
