"""Time `mou check` on the shipped example and on a generated 300-clause agreement.

Usage: .venv/bin/python benchmarks/bench_check.py [--runs N]

Generates its inputs into a temporary directory (a library of 300 clauses, each with two
paragraphs, a lettered list and two parameters, and a spec that uses all of them), then
reports the median wall time of the CLI (a fresh process each run: what a user waits for)
and of the in-process check (assemble + rules), and confirms that no Word library is imported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import ELEMENTS, write_clause, write_spec

ROOT = Path(__file__).resolve().parents[1]
MOU = [sys.executable, "-m", "mou_builder"]


def generate(directory: Path, clauses: int = 300) -> Path:
    library = directory / "clauses"
    library.mkdir()
    entries = []
    for n in range(clauses):
        clause_id = f"clause-{n:03d}"
        data = {
            "id": clause_id,
            "title": f"Generated clause {n}",
            "elements": [ELEMENTS[n % len(ELEMENTS)]],
            "versions": [
                {
                    "version": 1,
                    "status": "approved",
                    "effective": "2025-01-01",
                    "citations": [f"Test Code {n}"],
                    "params": {
                        "hours": {
                            "type": "int",
                            "min": 0,
                            "max": 100,
                            "help": "hours",
                            "default": 8,
                        },
                        "office": {"type": "str", "help": "office"},
                    },
                    "text": [
                        f"Paragraph one of clause {n}: {{{{ district }}}} and "
                        "{{ agency }} agree that the officer works {{ hours }} hours "
                        "and reports to {{ office }}.",
                        f"Paragraph two of clause {n} refers to "
                        f"{{{{ ref('clause-{(n + 1) % clauses:03d}') }}}} and says the "
                        "*District* keeps **student discipline** with administrators.",
                        {
                            "items": [
                                "first item of the list;",
                                "second item of the list;",
                                "third item of the list.",
                            ]
                        },
                    ],
                }
            ],
        }
        write_clause(library, data)
        entries.append(f"{clause_id}@1")
    path = directory / "bench-300.mou.yaml"
    return write_spec(path, "BENCH-300", entries, params={"office": "the principal"})


def command_times(cmd: list[str], runs: int) -> list[float]:
    """Wall time of a fresh process each run (what a user waits for)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def cli_times(args: list[str], runs: int) -> list[float]:
    return command_times(MOU + args, runs)


def in_process(spec: Path, library: Path, runs: int) -> list[float]:
    from mou_builder.assembly.assembler import assemble
    from mou_builder.checks.engine import run_check
    from mou_builder.sources.library import Library
    from mou_builder.sources.specfile import load_spec

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lib = Library.load(library)
        run_check(assemble(load_spec(spec), lib), lib)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    example = ROOT / "examples" / "oakview-ca.mou.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        spec = generate(Path(tmp))
        library = Path(tmp) / "clauses"
        rows = [
            (
                "python startup + import click (floor)",
                command_times([sys.executable, "-c", "import click"], runs),
            ),
            (f"mou check {example.name} (CLI)", cli_times(["check", str(example)], runs)),
            (
                "mou check 300 clauses (CLI)",
                cli_times(["--library", str(library), "check", str(spec)], runs),
            ),
            ("check 300 clauses (in-process)", in_process(spec, library, runs)),
        ]
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from mou_builder.cli import main; sys.argv=['mou','check',"
                f"{str(example)!r}];\ntry: main()\nexcept SystemExit: pass\n"
                "print(sorted(m for m in sys.modules if m.split('.')[0] in "
                "('docx','docxtpl','lxml')))",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    print(f"{'measurement':<45} {'median':>8} {'min':>8}   (runs={runs})")
    for name, times in rows:
        print(f"{name:<45} {statistics.median(times):8.3f} {min(times):8.3f} s")
    print(f"Word libraries imported by `mou check`: {probe.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
