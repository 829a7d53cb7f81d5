"""Time `mou check` on a thirty-page agreement mou did not write (.txt and .pdf).

Usage: .venv/bin/python benchmarks/bench_check_foreign.py [--runs N]

Builds the agreement from the project's own test agreements (tests/fixtures/foreign) until
it holds 15,000 words (thirty pages of 500), writes it as text and as a PDF with a text
layer, and reports the median wall time of the CLI (a fresh process each run) and of the
in-process check (read, split, classify, run the profile's requirements).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOREIGN = ROOT / "tests" / "fixtures" / "foreign"
MOU = [sys.executable, "-m", "mou_builder"]
WORDS = 15_000


def agreement_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(FOREIGN.glob("*.txt"))]
    chunks: list[str] = []
    while sum(len(c.split()) for c in chunks) < WORDS:
        chunks.append(parts[len(chunks) % len(parts)])
    return "\n\n".join(chunks)


def write_pdf(text: str, path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from foreign_support import make_pdf

    lines = [line[:95] for line in text.splitlines()]
    pages = [lines[i : i + 50] for i in range(0, len(lines), 50)]
    path.write_bytes(make_pdf(pages, compress=True))


def median_cli(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*MOU, "check", str(path), "--profile", "national-2020"], capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_in_process(path: Path, runs: int) -> float:
    from mou_builder.sources.library import Library
    from mou_builder.sources.profiles import ProfileSet
    from mou_builder.workflows.foreign import check_foreign

    library, profiles = Library.load(), ProfileSet.load()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_foreign(path, library, ["national-2020"], profiles=profiles)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text = agreement_text()
        txt = Path(tmp) / "agreement.txt"
        txt.write_text(text, encoding="utf-8")
        pdf = Path(tmp) / "agreement.pdf"
        write_pdf(text, pdf)
        print(f"agreement: {len(text.split()):,} words")
        for path in (txt, pdf):
            cli = median_cli(path, args.runs)
            inner = median_in_process(path, args.runs)
            print(f"{path.suffix}: mou check {cli:.2f} s (CLI), {inner:.2f} s (in process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
