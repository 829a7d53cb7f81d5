"""Time `mou review` on a generated 300-clause agreement with 200 tracked changes and 50 comments.

Usage: .venv/bin/python benchmarks/bench_review.py [--runs N]

Generates its inputs into a temporary directory: a library of 300 clauses (heading, two
paragraphs with a parameter, two lettered items), a spec using all of them, the built .docx
(``ooxml.write.build_docx``), and a "returned" copy edited the way Word writes revisions:
100 word replacements (a ``w:del`` + ``w:ins`` pair each: 200 tracked changes) spread over
100 clauses, and 50 comments (``comments.xml`` + range markers) on 50 other clauses.

Reports the median and best wall time of the in-process review

- without a spec (markers, manifest hashes, library text rules),
- with ``--spec`` (word-level untracked comparison and the simulated ``mou check`` of every
  changed clause),

and of the CLI (``mou review --format json``, a fresh process). Target (issue 5): under 1 s.
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
import zipfile
from pathlib import Path

from bench_build import ELEMENTS, write_clause, write_spec

ROOT = Path(__file__).resolve().parents[1]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"


def generate_inputs(directory: Path, clauses: int = 300) -> tuple[Path, Path]:
    library = directory / "clauses"
    library.mkdir()
    entries = []
    for n in range(clauses):
        cid = f"clause-{n:03d}"
        data = {
            "id": cid,
            "title": f"Clause number {n}",
            "elements": [ELEMENTS[n % len(ELEMENTS)]],
            "versions": [
                {
                    "version": 1,
                    "status": "approved",
                    "effective": "2024-01-01",
                    "params": {"days": {"type": "int", "help": "days", "default": 5 + n % 20}},
                    "text": [
                        f"Under clause {n} the parties will meet within {{{{ days }}}} days of a "
                        "written request and will keep a record of what was decided.",
                        "The principal and the sergeant will review the arrangement each term "
                        "and report to the superintendent in writing.",
                        {"items": ["share the schedule of events;", "name a contact person."]},
                    ],
                }
            ],
        }
        write_clause(library, data)
        entries.append(f"{cid}@1")
    spec_path = write_spec(directory / "bench.mou.yaml", "BENCH-REVIEW", entries)
    return library, spec_path


def make_returned(sent: bytes, changes: int = 200, comments: int = 50) -> bytes:
    from lxml import etree

    from mou_builder.ooxml.clausemap import clause_spans

    w = f"{{{W_NS}}}"
    with zipfile.ZipFile(io.BytesIO(sent)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    root = etree.fromstring(parts["word/document.xml"])
    # each clause's paragraphs, heading first (whatever marks the clause in the document)
    clauses = [[e for e in span.elements if e.tag == f"{w}p"] for span in clause_spans(root)]
    next_id = 9000
    attrs = {f"{w}author": "Sgt. Bench (Agency)", f"{w}date": "2026-06-20T09:30:00Z"}
    for paragraphs in clauses[: changes // 2]:
        para = paragraphs[2]  # "The principal and the sergeant will review ..."
        for run in para.findall(f"{w}r"):
            t = run.find(f"{w}t")
            if t is None or "review" not in (t.text or ""):
                continue
            head, tail = t.text.split("review", 1)
            t.text = head
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            deletion = etree.Element(f"{w}del", {f"{w}id": str(next_id), **attrs})
            insertion = etree.Element(f"{w}ins", {f"{w}id": str(next_id + 1), **attrs})
            next_id += 2
            deleted = etree.SubElement(etree.SubElement(deletion, f"{w}r"), f"{w}delText")
            deleted.text = "review"
            etree.SubElement(etree.SubElement(insertion, f"{w}r"), f"{w}t").text = "audit"
            rest = etree.Element(f"{w}r")
            rest_t = etree.SubElement(rest, f"{w}t")
            rest_t.text = tail
            rest_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addnext(deletion)
            deletion.addnext(insertion)
            insertion.addnext(rest)
            break
    bodies = []
    for index, paragraphs in enumerate(clauses[changes // 2 : changes // 2 + comments]):
        para = paragraphs[1]
        start = etree.Element(f"{w}commentRangeStart", {f"{w}id": str(index)})
        end = etree.Element(f"{w}commentRangeEnd", {f"{w}id": str(index)})
        runs = para.findall(f"{w}r")
        runs[0].addprevious(start)
        runs[-1].addnext(end)
        ref = etree.SubElement(
            etree.Element(f"{w}r"), f"{w}commentReference", {f"{w}id": str(index)}
        ).getparent()
        end.addnext(ref)
        bodies.append(
            f'<w:comment w:id="{index}" w:author="Counsel" w:date="2026-06-21T08:00:00Z">'
            f'<w:p w14:paraId="{0x10000000 + index:08X}"><w:r><w:t>Please confirm the '
            f"timing in clause {index}.</w:t></w:r></w:p></w:comment>"
        )
    parts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W_NS}" '
        f'xmlns:w14="{W14_NS}">{"".join(bodies)}</w:comments>'
    ).encode()
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def timed(func, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description="benchmark mou review")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from mou_builder.assembly.assembler import assemble
    from mou_builder.ooxml.write import build_docx
    from mou_builder.sources.library import Library
    from mou_builder.sources.specfile import load_spec
    from mou_builder.workflows.review import review

    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        directory = Path(tmp)
        library_path, spec_path = generate_inputs(directory)
        library = Library.load(library_path)
        agreement = assemble(load_spec(spec_path), library)
        returned = directory / "returned.docx"
        returned.write_bytes(make_returned(build_docx(agreement)))
        print(f"input: {len(agreement.sections)} clauses, {returned.stat().st_size:,} bytes")

        median, best, result = timed(lambda: review(returned, library=library), args.runs)
        tracked = [c for c in result.changes if c.kind != "untracked"]  # type: ignore[attr-defined]
        print(
            f"found: {len(tracked)} tracked changes, "
            f"{len(result.comments)} comments, {len(result.flags)} flags"
        )  # type: ignore[attr-defined]
        print(f"review (no spec, in-process):   median {median:.3f} s  best {best:.3f} s")
        median, best, result = timed(
            lambda: review(returned, spec=spec_path, library=library), args.runs
        )
        print(f"review --spec (in-process):     median {median:.3f} s  best {best:.3f} s")
        env = dict(os.environ, MOU_CLAUSES=str(library_path))
        cli = [
            sys.executable,
            "-m",
            "mou_builder",
            "review",
            str(returned),
            "--spec",
            str(spec_path),
            "--format",
            "json",
        ]
        median, best, _ = timed(
            lambda: subprocess.run(cli, env=env, check=True, capture_output=True), args.runs
        )
        print(f"mou review --spec (CLI process): median {median:.3f} s  best {best:.3f} s")
        print("target: under 1 s")


if __name__ == "__main__":
    main()
