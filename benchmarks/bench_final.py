"""Time the board clerk's commands: `mou final`, `mou verify`, `mou packet`, `mou status`.

Usage: .venv/bin/python benchmarks/bench_final.py [--runs N] [--specs N]

Inputs are generated into a temporary directory: the 300-clause agreement of
``bench_build.py`` (about 1,200 paragraphs), a prior version of it with every tenth
clause's parameter changed (for the packet's redline and memo), and a tree of N copies of
the shipped example with staggered expiry dates (for ``mou status``). Reports the median
and best in-process wall time of

- ``make_final`` (gate: assemble + check; write; inspect the bytes; manifest; atomic writes),
- ``verify`` of the untouched copy (hash only) and of a copy with one character changed
  (every clause extracted by its marker and compared),
- ``make_packet`` without PDF (agreement, matrix, redline, memo),
- ``collect`` (status) over the tree,

and, when LibreOffice is installed, one ``to_pdf`` conversion of the 300-clause copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "mou_builder" / "data"  # what the package ships
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import generate  # noqa: E402


def timed(label: str, fn: Callable[[], object], runs: int) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    print(f"{label:<52} median {statistics.median(times):7.3f} s   best {min(times):7.3f} s")


def edit_one_character(source: Path, target: Path) -> None:
    with zipfile.ZipFile(source) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "word/document.xml":
                data = data.replace(b"works 8 hours", b"works 9 hours", 1)
            out.writestr(info, data)
    target.write_bytes(buffer.getvalue())


def status_tree(root: Path, count: int) -> None:
    example = (ROOT / "examples" / "oakview-ca.mou.yaml").read_text()
    for n in range(count):
        expires = dt.date(2026, 7, 1) + dt.timedelta(days=30 * (n % 40))
        text = example.replace("expires: 2027-06-30", f"expires: {expires.isoformat()}")
        folder = root / f"district-{n // 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"agreement-{n:03d}.mou.yaml").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--specs", type=int, default=100)
    args = parser.parse_args()

    from mou_builder.sources.library import Library
    from mou_builder.workflows.final import make_final
    from mou_builder.workflows.packet import make_packet
    from mou_builder.workflows.status import collect
    from mou_builder.workflows.verify import verify

    with tempfile.TemporaryDirectory(prefix="mou-bench-final-") as tmp:
        work = Path(tmp)
        spec = generate(work)
        library = Library.load(work / "clauses")
        prior = work / "prior.mou.yaml"
        prior.write_text(spec.read_text().replace("the principal", "the assistant principal"))
        board = dt.date(2026, 6, 15)
        counter = iter(range(10_000))

        def final_once() -> None:
            make_final(
                spec,
                work / f"final-{next(counter)}",
                board_date=board,
                agenda_item="7.2",
                library=library,
            )

        timed("final (300 clauses)", final_once, args.runs)
        outcome = make_final(
            spec, work / "record", board_date=board, agenda_item="7.2", library=library
        )
        print(
            f"  {len(outcome.manifest['clauses'])} clauses, "
            f"{outcome.manifest['document']['bytes']:,} bytes"
        )
        timed("verify untouched (300 clauses)", lambda: verify(outcome.docx), args.runs)
        edited = work / "record" / "returned.docx"
        edit_one_character(outcome.docx, edited)
        report = verify(edited, manifest=outcome.manifest_path)
        assert not report.verified and report.clause_diffs, "the edit was not detected"
        timed(
            "verify one-character change (300 clauses)",
            lambda: verify(edited, manifest=outcome.manifest_path),
            args.runs,
        )
        timed(
            "packet without PDF (300 clauses)",
            lambda: make_packet(spec, prior, work / "packet", library=library, pdf=False),
            args.runs,
        )

        shipped = Library.load(DATA / "clauses")
        tree = work / "tree"
        status_tree(tree, args.specs)
        timed(
            f"status over {args.specs} agreements",
            lambda: collect(tree, shipped),
            max(1, args.runs // 2),
        )

        if shutil.which("soffice"):
            from mou_builder.util.pdf import to_pdf

            timed(
                "to_pdf, PDF/A (300 clauses, LibreOffice)",
                lambda: to_pdf(outcome.docx, work / "pdf"),
                1,
            )
        else:
            print("LibreOffice not installed: PDF not timed")


if __name__ == "__main__":
    main()
