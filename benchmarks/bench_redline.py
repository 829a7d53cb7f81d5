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

- the CLI as fresh processes, side by side with Docxodus fresh processes (interleaved,
  medians of ``--fresh-runs``): ``mou redline OLD NEW -o OUT`` against python-redlines
  in a new interpreter, on the 300-clause pair and on a 36-clause pair (the example
  agreement against a copy edited in its XML: one word in every eighth text run), with
  the time ratio and the peak resident memory ratio (the process tree's, from wait4).

Targets: under 1 s and under 200 MB (issue 4); fresh ``mou redline`` at least 20x faster
than a fresh Docxodus on each pair, with at most a third of its peak memory (issue 19).
"""

from __future__ import annotations

import argparse
import io
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


_PEER_ONCE = r"""
import sys
from python_redlines.engines import DocxodusEngine
data, _, _ = DocxodusEngine().run_redline("mou-builder", sys.argv[1], sys.argv[2])
open(sys.argv[3], "wb").write(data)
"""
#: the least a `mou redline` process does: start Python and import click (the CLI), lxml
#: (the XML) and zipfile (the package)
FLOOR = [sys.executable, "-c", "import click, lxml.etree, zipfile"]
EXAMPLE = HERE.parent / "examples" / "oakview-ca.mou.yaml"
SPEED_TARGET, MEMORY_TARGET = 20.0, 1 / 3


def edited_copy(source: Path, target: Path, every: int = 8) -> int:
    """``source`` with one word changed in every ``every``-th text run of its body (as a
    counterparty would edit it in Word); returns how many runs were edited."""
    import zipfile

    from lxml import etree

    w_t = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
    with zipfile.ZipFile(source) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    edited = 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                texts = [t for t in root.iter(w_t) if len((t.text or "").split()) >= 4]
                for t in texts[::every]:
                    words = (t.text or "").split(" ")
                    words[len(words) // 2] = "revised"
                    t.text = " ".join(words)
                    edited += 1
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, data)
    target.write_bytes(buffer.getvalue())
    return edited


def example_pair(work: Path) -> tuple[Path, Path, int]:
    """The example agreement (36 clauses) built to .docx, and an edited copy of it."""
    from mou_builder.assembly.assembler import assemble_file
    from mou_builder.ooxml.write import build_docx
    from mou_builder.sources.library import Library

    old = work / "example-old.docx"
    old.write_bytes(build_docx(assemble_file(EXAMPLE, Library.load())))
    new = work / "example-new.docx"
    return old, new, edited_copy(old, new)


#: forks and times one command from a small interpreter: a child forked from this (large)
#: benchmark process would report this process's resident memory as its own peak
_LAUNCH = r"""
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def run_fresh(cmd: list[str]) -> tuple[float, float, int]:
    """Wall time, peak resident MB of the process tree (wait4) and exit code of ``cmd``."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCH, *cmd], capture_output=True, text=True, check=True
    )
    elapsed, peak, code = out.stdout.split()
    return float(elapsed), float(peak), int(code)


def fresh_comparison(
    name: str, old: Path, new: Path, work: Path, peer: Path | None, runs: int
) -> bool:
    """Fresh ``mou redline`` against fresh Docxodus on one pair, interleaved; True if both
    targets are met (or the peer cannot run, which is reported)."""
    script = Path(sys.executable).with_name("mou")
    mou = [str(script)] if script.exists() else [sys.executable, "-m", "mou_builder"]
    ours_cmd = [*mou, "redline", str(old), str(new), "-o", str(work / f"{name}-mou.docx")]
    peer_cmd = (
        [str(peer), "-c", _PEER_ONCE, str(old), str(new), str(work / f"{name}-peer.docx")]
        if peer is not None
        else None
    )
    run_fresh(ours_cmd)  # warm-up: the OS file cache, as for a user's second command
    ours: list[tuple[float, float, int]] = []
    theirs: list[tuple[float, float, int]] = []
    floor: list[tuple[float, float, int]] = []
    for _ in range(runs):
        ours.append(run_fresh(ours_cmd))
        floor.append(run_fresh(FLOOR))
        if peer_cmd is not None:
            theirs.append(run_fresh(peer_cmd))
    mine = statistics.median(t for t, _, _ in ours)
    mine_mb = max(m for _, m, _ in ours)
    line = f"fresh {name}: mou redline median {mine:.3f} s, peak {mine_mb:.0f} MB"
    if any(code != 0 for _, _, code in ours):
        print(f"{line}; FAIL: mou redline exited with an error")
        return False
    if peer_cmd is None or any(code != 0 for _, _, code in theirs):
        print(f"{line}; Docxodus not run (no working python-redlines)")
        return True
    peer_time = statistics.median(t for t, _, _ in theirs)
    peer_mb = max(m for _, m, _ in theirs)
    speed, memory = peer_time / mine, mine_mb / peer_mb
    ok = speed >= SPEED_TARGET and memory <= MEMORY_TARGET
    print(
        f"{line}; Docxodus median {peer_time:.3f} s, peak {peer_mb:.0f} MB ({runs} runs "
        f"each, interleaved): {speed:.1f}x faster (target {SPEED_TARGET:.0f}x), "
        f"{memory:.2f} of its memory (target {MEMORY_TARGET:.2f}): {'PASS' if ok else 'FAIL'}"
    )
    start_up = statistics.median(t for t, _, _ in floor)
    needed = peer_time / SPEED_TARGET
    print(
        f"  floor: a Python that only imports click, lxml and zipfile, median "
        f"{start_up:.3f} s (interleaved); {SPEED_TARGET:.0f}x Docxodus needs {needed:.3f} s "
        f"= {needed / start_up:.2f} of that floor, leaving {max(needed - start_up, 0):.3f} s "
        f"for reading, comparing and writing (mou spends {max(mine - start_up, 0):.3f} s)"
    )
    return ok


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
    parser.add_argument(
        "--fresh-runs", type=int, default=5, help="fresh-process runs per side and pair"
    )
    parser.add_argument(
        "--fresh-only", action="store_true", help="only the fresh-process comparison"
    )
    args = parser.parse_args()
    if args.fresh_only:
        with tempfile.TemporaryDirectory() as tmp:
            fresh_section(Path(tmp), args)
        return

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

        in_process_peer(args, old_docx, new_docx, work, statistics.median(ours))
        fresh_section(work, args, (old_docx, new_docx))


def fresh_section(
    work: Path, args: argparse.Namespace, large: tuple[Path, Path] | None = None
) -> bool:
    """The fresh-process comparison on the 300-clause pair and the example pair; True
    when every target is met."""
    if large is None:
        from mou_builder.assembly.assembler import assemble_file
        from mou_builder.ooxml.write import build_docx
        from mou_builder.sources.library import Library

        old_spec = generate(work)
        new_spec, _ = make_new(old_spec)
        library = Library.load(work / "clauses")
        large = work / "old.docx", work / "new.docx"
        large[0].write_bytes(build_docx(assemble_file(old_spec, library)))
        large[1].write_bytes(build_docx(assemble_file(new_spec, library)))
    old, new, edited = example_pair(work)
    print(f"example pair: {EXAMPLE.name} built, against a copy with {edited} runs edited")
    peer = args.redlines_python if args.redlines_python.exists() else None
    results = [
        fresh_comparison(name, a, b, work, peer, args.fresh_runs)
        for name, (a, b) in (("300-clause pair", large), ("36-clause pair", (old, new)))
    ]
    print(f"fresh-process redline targets (20x, 1/3 memory): {'PASS' if all(results) else 'FAIL'}")
    return all(results)


def in_process_peer(
    args: argparse.Namespace, old_docx: Path, new_docx: Path, work: Path, ours: float
) -> None:
    """python-redlines called from its own interpreter, several runs in one process."""
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
        f"ratio python-redlines / mou redline (.docx → .docx, in process, medians): "
        f"{statistics.median(theirs) / ours:.1f}x"
    )


if __name__ == "__main__":
    main()
