"""One line per performance target: the figure, its peer or floor, the ratio, pass or fail.

Usage: .venv/bin/python benchmarks/summary.py [--runs N] [--quick] [--only GROUP ...]

GROUP is one of ``startup``, ``linearity``, ``build``, ``batch`` (default: all of them).

Every ratio is measured side by side in one run (interleaved runs, medians), because the
machine is shared and absolute timings are noisy. Targets:

- ``mou check`` of the example within 6x ``python -c pass``; ``mou --help`` within 4x;
- ``mou build`` of the example within 1.5x ``python -c "import docxtpl, lxml"``;
  (a repeated check or build is replayed by the verdict cache; the "not replayed" rows
  time the same commands with ``MOU_VERDICTS=off``, as after an edit);
- ``mou check`` and ``review --spec`` linear in size: time per clause at 5,000 clauses
  within 1.3x that at 500 (``--quick``: 2,000 against 200);
- the in-process ``build()`` of 300 clauses no slower than a bare docxtpl render of the
  same text (:mod:`bench_build`'s baseline);
- ``build_many`` at least 150 agreements/s on 2 workers (wall clock, and what the workers'
  processor time allows on two free cores).

The redline target (against python-redlines' Docxodus, installed in a throwaway venv) is
measured by ``bench_redline.py``, not here.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "oakview-ca.mou.yaml"
PY = sys.executable
MOU = [PY, "-m", "mou_builder"]

Row = tuple[str, float, str, float, float, bool]  # name, figure, peer, peer value, ratio, ok
GROUPS = ("startup", "linearity", "build", "batch")


def _run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def interleaved(a: list[str], b: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall time of two commands, run alternately after one warm-up each."""
    _run(a, env), _run(b, env)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(_run(a, env))
        tb.append(_run(b, env))
    return statistics.median(ta), statistics.median(tb)


def median_time(func: Callable[[], object], runs: int, warm: bool = False) -> float:
    if warm:  # a user's second run: OS file cache and the parsed-input cache filled
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup_rows(runs: int, env: dict[str, str]) -> list[Row]:
    out = tempfile.mkdtemp(prefix="mou-summary-build-")
    check = ([*MOU, "check", str(EXAMPLE)], [PY, "-c", "pass"], "python -c pass", 6.0)
    helped = ([*MOU, "--help"], [PY, "-c", "pass"], "python -c pass", 4.0)
    build = (
        [*MOU, "build", str(EXAMPLE), "-o", out + "/"],
        [PY, "-c", "import docxtpl, lxml"],
        "import docxtpl, lxml",
        1.5,
    )
    # check and build again with the verdict cache off: what a first run (an edit) costs
    cold = {**env, "MOU_VERDICTS": "off"}
    measured = [
        ("mou check example", check, env),
        ("mou --help", helped, env),
        ("mou build example", build, env),
        ("  check, not replayed", check, cold),
        ("  build, not replayed", build, cold),
    ]
    rows: list[Row] = []
    for name, (ours, floor_cmd, floor_name, limit), environ in measured:
        figure, floor = interleaved(ours, floor_cmd, runs, environ)
        rows.append((name, figure, floor_name, floor, figure / floor, figure / floor <= limit))
    return rows


def linearity_rows(small: int, large: int, runs: int, env: dict[str, str]) -> list[Row]:
    from bench_check import generate
    from bench_review import generate_inputs, make_returned

    from mou_builder.assembly.assembler import assemble
    from mou_builder.ooxml.write import build_docx
    from mou_builder.sources.library import Library
    from mou_builder.sources.specfile import load_spec

    per_clause: dict[tuple[str, int], float] = {}
    env = dict(env, MOU_VERDICTS="off")  # time the checking, not the replay of its verdict
    for size in (small, large):
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            spec = generate(tmp, size)
            cmd = [*MOU, "--library", str(tmp / "clauses"), "check", str(spec)]
            per_clause[("check", size)] = (
                median_time(lambda c=cmd: _run(c, env), runs, warm=True) / size
            )
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            library_path, spec_path = generate_inputs(tmp, size)
            library = Library.load(library_path)
            agreement = assemble(load_spec(spec_path), library)
            returned = tmp / "returned.docx"
            changes = max(2, size // 5 * 2)  # a tenth of the clauses changed, a twentieth
            comments = max(1, size // 20)  # commented
            returned.write_bytes(make_returned(build_docx(agreement), changes, comments))
            cmd = [*MOU, "review", str(returned), "--spec", str(spec_path), "--format", "json"]
            review_env = dict(env, MOU_CLAUSES=str(library_path))
            per_clause[("review --spec", size)] = (
                median_time(lambda c=cmd, e=review_env: _run(c, e), runs, warm=True) / size
            )
    rows: list[Row] = []
    for name in ("check", "review --spec"):
        big, little = per_clause[(name, large)], per_clause[(name, small)]
        rows.append(
            (
                f"mou {name}: time/clause at {large}",
                big * 1000,
                f"time/clause at {small} (ms)",
                little * 1000,
                big / little,
                big / little <= 1.3,
            )
        )
    return rows


def build_row(runs: int) -> list[Row]:
    from bench_build import baseline_context, baseline_template
    from bench_build import generate as generate_build
    from docxtpl import DocxTemplate

    from mou_builder.sources.library import Library
    from mou_builder.workflows.build import build

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        spec = generate_build(tmp)
        library = Library.load(tmp / "clauses")
        from mou_builder.assembly.assembler import assemble
        from mou_builder.sources.specfile import load_spec

        context = baseline_context(assemble(load_spec(spec), library))
        template = tmp / "baseline.docx"
        baseline_template(template)

        def bare() -> None:
            document = DocxTemplate(str(template))
            document.render(context, autoescape=True)
            document.save(io.BytesIO())

        def ours() -> None:
            build(spec, tmp / "out", library=library)

        ours(), bare()
        a, b = [], []
        for _ in range(runs):
            a.append(median_time(ours, 1))
            b.append(median_time(bare, 1))
    mine, peer = statistics.median(a), statistics.median(b)
    return [("build() 300 clauses", mine, "bare docxtpl render", peer, mine / peer, mine <= peer)]


def batch_row(count: int) -> list[Row]:
    """Wall-clock throughput, and the throughput the workers' processor time allows on two
    free cores (on a shared machine the first mostly measures the other users)."""
    import resource

    from bench_batch import DATA, generate

    from mou_builder.workflows.batch import build_many

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        generate(tmp / "specs", count)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = build_many([tmp / "specs"], tmp / "out", 2, library=DATA / "clauses")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rate = len(result.built) / result.seconds
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    capacity = 2 * len(result.built) / cpu if cpu else 0.0
    return [
        ("batch, 2 workers (agreements/s)", rate, "target", 150.0, rate / 150, rate >= 150),
        (
            "batch, by worker CPU (agreements/s)",
            capacity,
            "target",
            150.0,
            capacity / 150,
            capacity >= 150,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (2,000 vs 200)")
    parser.add_argument(
        "--only", action="append", choices=GROUPS, help="measure only this group (repeatable)"
    )
    args = parser.parse_args()
    groups = args.only or list(GROUPS)
    sys.path.insert(0, str(Path(__file__).parent))
    with tempfile.TemporaryDirectory(prefix="mou-summary-") as cache:
        env = dict(os.environ, MOU_CACHE_DIR=cache)
        os.environ["MOU_CACHE_DIR"] = cache
        rows: list[Row] = []
        if "startup" in groups:
            rows += startup_rows(args.runs, env)
        if "linearity" in groups:
            small, large = (200, 2000) if args.quick else (500, 5000)
            rows += linearity_rows(small, large, 3, env)
        if "build" in groups:
            rows += build_row(args.runs)
        if "batch" in groups:
            rows += batch_row(300)
    print(f"{'target':<36} {'figure':>9}  {'peer or floor':<28} {'value':>9} {'ratio':>7}  ok")
    for name, figure, peer, value, ratio, ok in rows:
        print(
            f"{name:<36} {figure:9.3f}  {peer:<28} {value:9.3f} {ratio:6.2f}x  "
            f"{'pass' if ok else 'FAIL'}"
        )
    print(f"load average {os.getloadavg()[0]:.1f} (2 shared cores: ratios, not seconds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
