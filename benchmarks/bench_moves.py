"""Time a redline whose paragraphs moved: pairing deleted and inserted paragraphs as moves.

Usage: .venv/bin/python benchmarks/bench_moves.py [--runs N] [--paragraphs N]

OLD is a .docx of N paragraphs (default 1,200) of 12 to 40 words, no clause markers; NEW
moves 60 of them elsewhere (half of those edited by one word), removes 60 and adds 60.
Reported: best wall time of ``redline_packages`` (.docx → .docx, in-process) and the
revisions it wrote, native moves among them. Each inserted paragraph is compared with every
deleted one still free (``MOVE_PAIR_LIMIT`` bounds the pairs compared by similarity).
"""

from __future__ import annotations

import argparse
import io
import random
import time

import docx

from mou_builder.ooxml.redlining import redline_packages
from mou_builder.ooxml.safezip import open_docx_bytes

WORDS = [
    "officer",
    "district",
    "agency",
    "school",
    "student",
    "records",
    "request",
    "hours",
    "training",
    "consent",
    "parent",
    "law",
    "shall",
    "may",
    "each",
    "every",
    "within",
    "after",
]


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sides(count: int) -> tuple[bytes, bytes]:
    rng = random.Random(7)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    old = [f"{sentence(rng.randint(12, 40))} clause {i}." for i in range(count)]
    new = list(old)
    for _ in range(60):
        moved = new.pop(rng.randrange(len(new)))
        if rng.random() < 0.5:
            moved = moved.replace(" ", " new ", 1)
        new.insert(rng.randrange(len(new)), moved)
    for _ in range(60):
        new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new)), sentence(20))
    return _docx(old), _docx(new)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paragraphs", type=int, default=1200)
    args = parser.parse_args()
    old, new = _sides(args.paragraphs)
    best, counts = float("inf"), {}
    for _ in range(args.runs):
        start = time.perf_counter()
        result = redline_packages(
            open_docx_bytes(old), open_docx_bytes(new), author="A", date="2026-01-01T00:00:00Z"
        )
        best = min(best, time.perf_counter() - start)
        counts = result.counts
    print(
        f"{args.paragraphs} paragraphs, 60 moved (half edited), 60 removed, 60 added: "
        f"best {best:.2f} s of {args.runs}; revisions {dict(sorted(counts.items()))}"
    )


if __name__ == "__main__":
    main()
