"""Time `mou redline` on two 300-clause agreements that differ in about 10% of paragraphs.

Usage: .venv/bin/python benchmarks/bench_redline.py [--runs N] [--redlines-python PATH]

Inputs are generated into a temporary directory with ``bench_build.generate`` (a library of
300 clauses: numbered heading, a paragraph with parameters, bold and italic text and a
cross-reference, two lettered items, every 20th clause a table; about 1,200 paragraphs).
NEW changes a parameter in 120 clauses (one word in one paragraph each; removing clauses
would renumber the cross-references of most others); both are built to .docx with the Word
writer. Reported:

- ``redline .docx → .docx``: read both packages, compare, write the redline (in-process);
  median and best wall time, and peak Python heap (tracemalloc) of one run;
- ``redline spec → spec``: the same plus assembling and building both sides;
- peak resident memory of this process (ru_maxrss);
- ``python-redlines`` (Docxodus engine, a .NET comparer run as a subprocess) on the same two
  .docx files, when a Python with it installed is given (default ``/tmp/redlines-venv``;
  install it there with ``pip install "python-redlines[docxodus]"``, never in the project's
  own venv), and the time ratio. If it cannot run, the reason is printed.

Targets (issue 4): under 1 s and under 200 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import generate  # noqa: E402

DEFAULT_REDLINES = Path("/tmp/redlines-venv/bin/python")

_FRESH = r"""
import sys
def hwm():  # peak RSS in MB (ru_maxrss after fork+exec can report the parent's peak)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
from mou_builder.ooxml.redlining import redline_packages
from mou_builder.ooxml.safezip import open_docx
before = hwm()
redline_packages(open_docx(sys.argv[1]), open_docx(sys.argv[2]), author="a",
                 date="2026-06-01T00:00:00Z")
print(f"{before:.0f} {hwm():.0f}")
"""

_PEER = r"""
import json, resource, sys, time
from python_redlines.engines import DocxodusEngine
old, new, out = sys.argv[1:4]
engine = DocxodusEngine()
times = []
for _ in range(int(sys.argv[4])):
    start = time.perf_counter()
    data, _, _ = engine.run_redline("mou-builder", old, new)
    times.append(time.perf_counter() - start)
open(out, "wb").write(data)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"times": times, "peak_mb": peak, "bytes": len(data)}))
"""


def make_new(spec_path: Path) -> tuple[Path, int]:
    data = yaml.safe_load(spec_path.read_text())
    entries = []
    changed = 0
    for n, entry in enumerate(data["clauses"]):
        if n % 5 in (1, 3) and changed < 120 and n % 20:
            clause_id = entry.split("@")[0] if isinstance(entry, str) else entry["id"]
            entry = {"id": clause_id, "version": 1, "params": {"hours": 9}}
            changed += 1
        entries.append(entry)
    data["clauses"] = entries
    path = spec_path.with_name("bench-300-new.mou.yaml")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path, changed


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--redlines-python", type=Path, default=DEFAULT_REDLINES)
    args = parser.parse_args()

    from mou_builder.assembly.assembler import assemble_file
    from mou_builder.ooxml.redlining import redline_packages
    from mou_builder.ooxml.safezip import open_docx
    from mou_builder.ooxml.write import build_docx
    from mou_builder.sources.library import Library
    from mou_builder.workflows.redline import load_side, redline_bytes

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old_spec = generate(work)
        new_spec, changed = make_new(old_spec)
        library = Library.load(work / "clauses")
        old_agreement = assemble_file(old_spec, library)
        new_agreement = assemble_file(new_spec, library)
        old_docx, new_docx = work / "old.docx", work / "new.docx"
        old_docx.write_bytes(build_docx(old_agreement))
        new_docx.write_bytes(build_docx(new_agreement))
        paragraphs = sum(1 + len(s.blocks) for s in old_agreement.sections)
        print(
            f"inputs: {len(old_agreement.sections)} vs {len(new_agreement.sections)} clauses, "
            f"{paragraphs} clause paragraphs/tables in OLD, {changed} changed "
            f"({100 * changed / paragraphs:.0f}%)"
        )

        def docx_to_docx() -> object:
            return redline_packages(
                open_docx(old_docx),
                open_docx(new_docx),
                author="mou-builder",
                date="2026-06-01T00:00:00Z",
            )

        def spec_to_spec() -> object:
            return redline_bytes(load_side(old_spec, library), load_side(new_spec, library))

        result = docx_to_docx()
        (work / "redline.docx").write_bytes(result.data)  # type: ignore[attr-defined]
        print(
            f"redline: {result.revisions} revisions "  # type: ignore[attr-defined]
            f"{result.counts}, {len(result.data):,} bytes"
        )  # type: ignore[attr-defined]
        ours = timed(docx_to_docx, args.runs)
        print(
            f"redline .docx → .docx: median {statistics.median(ours):.3f} s, "
            f"best {min(ours):.3f} s ({args.runs} runs)"
        )
        specs = timed(spec_to_spec, args.runs)
        print(
            f"redline spec → spec:   median {statistics.median(specs):.3f} s, "
            f"best {min(specs):.3f} s (assemble + build both + redline)"
        )
        tracemalloc.start()
        docx_to_docx()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        fresh = subprocess.run(
            [sys.executable, "-c", _FRESH, str(old_docx), str(new_docx)],
            capture_output=True,
            text=True,
            check=True,
        )
        before, after = (float(x) for x in fresh.stdout.split())
        print(
            f"peak RSS of a fresh process running one .docx → .docx redline: {after:.0f} MB "
            f"(after the imports alone: {before:.0f} MB); Python heap of the redline "
            f"(tracemalloc, libxml2 not counted): {peak / 2**20:.1f} MB; this benchmark "
            f"process: {rss:.0f} MB"
        )

        peer = args.redlines_python
        if not peer.exists():
            print(
                f"python-redlines: not run ({peer} does not exist; create a throwaway venv "
                "and pip install 'python-redlines[docxodus]' there)"
            )
            return
        runs = max(1, min(args.runs, 3))
        proc = subprocess.run(
            [
                str(peer),
                "-c",
                _PEER,
                str(old_docx),
                str(new_docx),
                str(work / "peer.docx"),
                str(runs),
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if proc.returncode != 0:
            reason = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"python-redlines: cannot run here: {reason}")
            return
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        theirs = figures["times"]
        print(
            f"python-redlines (Docxodus): median {statistics.median(theirs):.3f} s, "
            f"best {min(theirs):.3f} s ({runs} runs), engine peak RSS "
            f"{figures['peak_mb']:.0f} MB"
        )
        print(
            f"ratio python-redlines / mou redline (.docx → .docx, medians): "
            f"{statistics.median(theirs) / statistics.median(ours):.1f}x"
        )


if __name__ == "__main__":
    main()
