"""Batch build benchmark: many generated district agreements, built in worker processes.

Generates N district specs (default 1,000) from the shipped examples (the real clause
library, varied district and agency names, signatories, dates, parameter values and the
state's clause set), then builds them with ``build_many(..., jobs=2)`` (what
``mou build DIR -o out/ --jobs 2`` runs) and prints:

- agreements per second (wall clock, worker start-up included),
- CPU use of the workers (user + system time over wall time, out of ``jobs`` cores),
- peak resident memory of each worker, and its growth from the first to the last tenth of
  the builds (flat memory means no leak per document).

    .venv/bin/python benchmarks/bench_batch.py [--count 1000] [--jobs 2] [--keep DIR]

Target: at least 40 agreements per second on 2 cores (13,000 districts in under 6 minutes).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "mou_builder" / "data"  # what the package ships
EXAMPLES = ROOT / "examples"

FIRST = ["Dana", "Sam", "Marisol", "Lee", "Ana", "Jordan", "Priya", "Tomas", "Grace", "Omar"]
LAST = ["Ruiz", "Ortega", "Chen", "Stone", "Park", "Nguyen", "Okafor", "Walsh", "Haddad", "Berg"]
PLACES = [
    "Oak",
    "Cedar",
    "Maple",
    "River",
    "Pine",
    "Granite",
    "Willow",
    "Aspen",
    "Harbor",
    "Summit",
    "Prairie",
    "Mesa",
    "Lake",
    "Birch",
    "Elm",
    "Falcon",
    "Juniper",
    "Canyon",
]
SUFFIXES = ["view", "dale", "field", "ridge", "wood", "brook", "port", "ton", " Valley", " Hills"]


def _vary_params(params: dict[str, Any], place: str) -> None:
    """Make text parameters district-specific without removing a word any check looks for."""
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("the "):
            params[key] = f"{value} of {place}"


def generate(dest: Path, count: int, seed: int = 2026) -> list[Path]:
    rng = random.Random(seed)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    sources = [p.read_text() for p in sorted(EXAMPLES.glob("*.mou.yaml"))]
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(count):
        spec = yaml.load(sources[n % len(sources)], Loader=loader)
        place = f"{rng.choice(PLACES)}{rng.choice(SUFFIXES)}"
        spec["id"] = f"D{n:05d}-SRO-2026"
        district, agency = spec["parties"]["district"], spec["parties"]["agency"]
        district["name"] = f"{place} Unified School District No. {n}"
        agency["name"] = f"{place} Police Department"
        for party in (district, agency):
            for signatory in party.get("signatories", []):
                signatory["name"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if "board" in spec and "president" in spec["board"]:
            spec["board"]["president"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        for entry in spec["clauses"]:
            if isinstance(entry, dict) and isinstance(entry.get("params"), dict):
                _vary_params(entry["params"], place)
        path = dest / f"district-{n:05d}.mou.yaml"
        path.write_text(yaml.dump(spec, Dumper=dumper, sort_keys=False, allow_unicode=True))
        written.append(path)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write specs and documents here (kept)")
    args = parser.parse_args()

    from mou_builder.workflows.batch import build_many

    work = args.keep or Path(tempfile.mkdtemp(prefix="mou-bench-batch-"))
    specs_dir, out_dir = work / "specs", work / "out"
    shutil.rmtree(out_dir, ignore_errors=True)
    t0 = time.perf_counter()
    generate(specs_dir, args.count)
    print(f"generated {args.count} specs in {time.perf_counter() - t0:.1f} s ({specs_dir})")

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    parent_before = resource.getrusage(resource.RUSAGE_SELF)
    result = build_many([specs_dir], out_dir, args.jobs, library=DATA / "clauses")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    parent_after = resource.getrusage(resource.RUSAGE_SELF)
    parent_cpu = (parent_after.ru_utime - parent_before.ru_utime) + (
        parent_after.ru_stime - parent_before.ru_stime
    )
    wall = result.seconds
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    built = result.built
    not_built = [o for o in result.outcomes if o.status != "built"]
    sample = built[:: max(1, len(built) // 20)]
    for outcome in sample:
        with zipfile.ZipFile(outcome.output or "") as archive:
            assert "word/document.xml" in archive.namelist()

    # outcomes come back in spec order, which is the order they were submitted in
    per_worker: dict[int, list[int]] = defaultdict(list)
    for outcome in result.outcomes:
        if outcome.pid:
            per_worker[outcome.pid].append(outcome.rss_kb)

    print(f"built {len(built)} of {len(result.outcomes)} agreements with {args.jobs} worker(s)")
    for outcome in not_built[:5]:
        print(f"  not built: {outcome.spec}: {outcome.status}: {outcome.reason}")
    print(f"wall time        {wall:8.2f} s")
    print(f"throughput       {len(built) / wall:8.1f} agreements/s   (target >= 40)")
    print(
        f"per document     {1000 * wall / max(len(built), 1):8.1f} ms wall, "
        f"{1000 * sum(o.seconds for o in built) / max(len(built), 1):.1f} ms in the worker"
    )
    print(
        f"worker CPU       {cpu:8.2f} s   = {100 * cpu / wall / args.jobs:.0f}% of "
        f"{args.jobs} core(s)"
    )
    per_doc_cpu = cpu / max(len(built), 1)
    print(
        f"                 {1000 * per_doc_cpu:8.1f} ms CPU per document; parent (scheduling) "
        f"{parent_cpu:.2f} s CPU"
    )
    print(
        f"capacity         {args.jobs / per_doc_cpu:8.1f} agreements/s if the {args.jobs} "
        f"core(s) were free for the workers (load average now "
        f"{os.getloadavg()[0]:.1f})"
    )
    for pid, rss in sorted(per_worker.items()):
        tenth = max(1, len(rss) // 10)
        first, last = max(rss[:tenth]), max(rss[-tenth:])
        print(
            f"worker {pid:<7}  {len(rss):5d} docs  peak RSS {max(rss) / 1024:6.1f} MiB  "
            f"(first tenth {first / 1024:.1f} MiB, last tenth {last / 1024:.1f} MiB, "
            f"growth {(last - first) / 1024:+.1f} MiB)"
        )
    sizes = [Path(o.output or "").stat().st_size for o in sample]
    print(f"document size    {sum(sizes) / max(len(sizes), 1) / 1024:8.1f} KiB average")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not not_built else 1


if __name__ == "__main__":
    sys.exit(main())
