"""Time `mou build` on the shipped example and on a generated 300-clause agreement.

Usage: .venv/bin/python benchmarks/bench_build.py [--runs N]

Generates its inputs into a temporary directory: a library of 300 clauses (each a numbered
heading, one paragraph with parameters, bold and italic text and a cross-reference, and two
lettered items; every 20th clause also a three-row table) and a spec using all of them:
about 1,200 paragraphs. Reports the median and best wall time of

- the Word writer in-process (``build_docx``): template compiled in memory; loaded from the
  disk cache; compiled from scratch (docxtpl patching, lxml, Jinja compile),
- the whole in-process build (assemble + checks + write),
- the CLI (a fresh process per run: what a user waits for),
- the baseline a user would write by hand: a bare docxtpl template with ``{%p for %}`` loops
  over the same sections and paragraphs (numbers typed), rendered and saved,

and the ratio baseline / writer. Targets (issue 3): 300 clauses in-process under 0.3 s and at
least 2x faster than the baseline; CLI build of the example under 0.8 s.
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
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "mou_builder" / "data"  # what the package ships
MOU = [sys.executable, "-m", "mou_builder"]
ELEMENTS = [
    "purpose",
    "roles",
    "supervision",
    "information_sharing",
    "training",
    "hours",
    "performance_monitoring",
    "nondiscrimination",
    "data_reporting",
    "complaints",
]


def write_clause(library: Path, data: dict[str, Any]) -> None:
    """Record each version's hash (as `mou clauses stamp` would) and write the clause file."""
    from mou_builder.model.hashing import version_hash
    from mou_builder.model.schema import Clause

    for version, model in zip(data["versions"], Clause.model_validate(data).versions, strict=True):
        version["hash"] = version_hash(model)
    (library / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def write_spec(
    path: Path, spec_id: str, entries: list[Any], params: dict[str, Any] | None = None
) -> Path:
    """An agreement spec between two generated parties using ``entries`` as its clauses."""
    spec = {
        "id": spec_id,
        "title": "Generated agreement",
        "date": "2026-06-01",
        "parties": {
            "district": {
                "name": "Bench District",
                "short": "District",
                "signatories": [{"name": "A. Person", "title": "Superintendent"}],
            },
            "agency": {
                "name": "Bench Police",
                "short": "Agency",
                "signatories": [{"name": "B. Person", "title": "Chief"}],
            },
        },
        "term": {"effective": "2026-07-01", "expires": "2027-06-30"},
        "params": params or {},
        "clauses": entries,
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def generate(directory: Path, clauses: int = 300) -> Path:
    library = directory / "clauses"
    library.mkdir()
    entries: list[object] = []
    for n in range(clauses):
        clause_id = f"clause-{n:03d}"
        params: dict[str, object] = {
            "hours": {"type": "int", "min": 0, "max": 100, "help": "hours", "default": 8},
            "office": {"type": "str", "help": "office"},
        }
        text: list[object] = [
            f"Clause {n}: {{{{ district }}}} and {{{{ agency }}}} agree that the officer works "
            "{{ hours }} hours a day, reports to {{ office }}, and follows "
            f"{{{{ ref('clause-{(n + 1) % clauses:03d}') }}}}; the *District* keeps "
            "**student discipline** with its administrators at every school site.",
            {
                "items": [
                    "the first duty listed for this clause;",
                    "the second duty listed for this clause.",
                ]
            },
        ]
        if n % 20 == 0:
            params["schools"] = {
                "type": "table",
                "help": "schools",
                "columns": [
                    {"key": "school", "label": "School"},
                    {"key": "hours", "label": "Hours", "type": "int"},
                ],
            }
            text.append({"table": "schools"})
        data = {
            "id": clause_id,
            "title": f"Generated clause {n}",
            "elements": [ELEMENTS[n % len(ELEMENTS)]],
            "versions": [
                {
                    "version": 1,
                    "status": "approved",
                    "effective": "2025-01-01",
                    "params": params,
                    "text": text,
                }
            ],
        }
        write_clause(library, data)
        if n % 20 == 0:
            rows = [{"school": f"School {k}", "hours": 10 * k} for k in range(1, 4)]
            entries.append({"id": clause_id, "version": 1, "params": {"schools": rows}})
        else:
            entries.append(f"{clause_id}@1")
    path = directory / "bench-300.mou.yaml"
    write_spec(path, "BENCH-300", entries, params={"office": "the principal"})
    return path


def baseline_template(path: Path) -> None:
    """The hand-written docxtpl template: loops over sections and their paragraphs."""
    import docx

    document = docx.Document()
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{%p for s in sections %}")
    document.add_paragraph("{{ s.heading }}", style="Heading 1")
    document.add_paragraph("{%p for p in s.paragraphs %}")
    document.add_paragraph("{{ p }}", style="Body Text")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.save(path)


def baseline_context(agreement) -> dict[str, object]:
    from mou_builder.model.agreement import Paragraph

    sections = []
    for section in agreement.sections:
        paragraphs, letter = [], 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if block.kind == "item":
                    paragraphs.append(f"({chr(97 + letter)}) {block.text}")
                    letter += 1
                else:
                    paragraphs.append(block.text)
            else:
                paragraphs.append(block.text)
        sections.append({"heading": f"{section.number}. {section.title}", "paragraphs": paragraphs})
    return {"title": agreement.title, "sections": sections}


def timed(func: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def cli(args: list[str], runs: int, env: dict[str, str]) -> list[float]:
    def once() -> None:
        done = subprocess.run(MOU + args, cwd=ROOT, capture_output=True, env=env, check=False)
        if done.returncode != 0:
            raise SystemExit(f"mou {' '.join(args)} failed:\n{done.stderr.decode()}")

    once()  # warm the OS file cache and the template cache, as a second run by a user would
    return timed(once, runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    from docxtpl import DocxTemplate

    from mou_builder.assembly.assembler import assemble
    from mou_builder.ooxml import write as writer
    from mou_builder.sources.library import Library
    from mou_builder.sources.specfile import load_spec
    from mou_builder.workflows.build import build

    example = ROOT / "examples" / "oakview-ca.mou.yaml"
    rows: list[tuple[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, MOU_CACHE_DIR=str(tmp / "cache"))
        os.environ["MOU_CACHE_DIR"] = env["MOU_CACHE_DIR"]
        spec = generate(tmp)
        library = Library.load(tmp / "clauses")
        big = assemble(load_spec(spec), library)
        shipped = Library.load(DATA / "clauses")
        small = assemble(load_spec(example), shipped)
        paragraphs = sum(1 + len(s.blocks) for s in big.sections)

        def cold() -> None:
            writer._CACHE.clear()
            writer.build_docx(big)

        def scratch() -> None:
            os.environ["MOU_CACHE_DIR"] = "off"
            try:
                cold()
            finally:
                os.environ["MOU_CACHE_DIR"] = env["MOU_CACHE_DIR"]

        rows.append(
            (
                "writer, 300 clauses, template compiled (in-process)",
                timed(lambda: writer.build_docx(big), runs),
            )
        )
        rows.append(("writer, 300 clauses, template from disk cache", timed(cold, runs)))
        rows.append(("writer, 300 clauses, template from scratch", timed(scratch, runs)))
        rows.append(("writer, example (in-process)", timed(lambda: writer.build_docx(small), runs)))
        rows.append(
            (
                "build(): assemble+check+write, 300 clauses",
                timed(lambda: build(spec, tmp / "out", library=library), runs),
            )
        )

        template = tmp / "baseline.docx"
        baseline_template(template)
        context = baseline_context(big)
        small_context = baseline_context(small)

        def baseline(ctx: dict[str, object]) -> Callable[[], None]:
            def run() -> None:
                document = DocxTemplate(str(template))
                document.render(ctx, autoescape=True)
                document.save(io.BytesIO())

            return run

        rows.append(
            ("bare docxtpl render+save, 300 clauses (baseline)", timed(baseline(context), runs))
        )
        rows.append(
            ("bare docxtpl render+save, example (baseline)", timed(baseline(small_context), runs))
        )
        rows.append(
            (
                "mou build example (CLI)",
                cli(
                    [
                        "--library",
                        str(DATA / "clauses"),
                        "build",
                        str(example),
                        "-o",
                        str(tmp / "cli") + "/",
                    ],
                    runs,
                    env,
                ),
            )
        )
        rows.append(
            (
                "mou build 300 clauses (CLI)",
                cli(
                    [
                        "--library",
                        str(tmp / "clauses"),
                        "build",
                        str(spec),
                        "-o",
                        str(tmp / "cli") + "/",
                    ],
                    runs,
                    env,
                ),
            )
        )
        rows.append(
            (
                "python startup + import click (floor)",
                timed(
                    lambda: subprocess.run([sys.executable, "-c", "import click"], check=False),
                    runs,
                ),
            )
        )
        size = len(writer.build_docx(big))

    print(
        f"300-clause agreement: {len(big.sections)} sections, {paragraphs} heading/body "
        f"blocks, .docx {size:,} bytes; example: {len(small.sections)} sections"
    )
    print(f"{'measurement':<56} {'median':>8} {'min':>8}   (runs={runs})")
    medians = {}
    for name, times in rows:
        medians[name] = statistics.median(times)
        print(f"{name:<56} {statistics.median(times):8.3f} {min(times):8.3f} s")
    ratio = (
        medians["bare docxtpl render+save, 300 clauses (baseline)"]
        / medians["writer, 300 clauses, template compiled (in-process)"]
    )
    ratio_cold = (
        medians["bare docxtpl render+save, 300 clauses (baseline)"]
        / medians["writer, 300 clauses, template from disk cache"]
    )
    ratio_scratch = (
        medians["bare docxtpl render+save, 300 clauses (baseline)"]
        / medians["writer, 300 clauses, template from scratch"]
    )
    print(
        f"baseline / writer (300 clauses): {ratio:.1f}x compiled, {ratio_cold:.1f}x from disk "
        f"cache, {ratio_scratch:.1f}x from scratch"
    )


if __name__ == "__main__":
    main()
