"""Time and memory of `mou review` / `mou verify` on a returned document whose
document.xml is inflated to a given size (default 20 MB) with copies of one paragraph.

Usage: .venv/bin/python benchmarks/bench_bounds.py [--mb 20] [--dense]

Builds examples/oakview-ca.mou.yaml, inflates its document.xml before the closing body
element, then runs each command in a fresh process under /usr/bin/time and reports the wall
time, the peak resident memory and the exit code (2 with a clear refusal is the expected
answer above the bound). Target: refused, or reviewed in under 10 s and 300 MB.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOU = [sys.executable, "-m", "mou_builder"]
PARAGRAPH = (
    '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t xml:space="preserve">'
    "The SRO will keep a written record {} of every contact with a student. </w:t></w:r></w:p>"
)


def _dense(total: int) -> str:
    """Paragraphs of many one-word runs (the most elements per byte an editor writes)."""
    rng = random.Random(13)
    out: list[str] = []
    size = 0
    while size < total:
        runs = "".join(f"<w:r><w:t>{rng.getrandbits(24):x} </w:t></w:r>" for _ in range(20))
        item = f"<w:p>{runs}</w:p>"
        out.append(item)
        size += len(item)
    return "".join(out)


def _paragraphs(total: int) -> str:
    """Paragraphs of varied text (so that the zip's compression-ratio bound does not refuse
    the package before the XML bounds are reached)."""
    rng = random.Random(13)
    out: list[str] = []
    size = 0
    while size < total:
        words = " ".join(f"{rng.getrandbits(40):x}" for _ in range(6))
        item = PARAGRAPH.format(words)
        out.append(item)
        size += len(item)
    return "".join(out)


def inflate(source: Path, target: Path, megabytes: float, dense: bool = False) -> int:
    with zipfile.ZipFile(source) as zin:
        items = [(i, zin.read(i)) for i in zin.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "word/document.xml":
                text = data.decode()
                at = text.rindex("<w:sectPr")
                data = (
                    text[:at] + (_dense if dense else _paragraphs)(int(megabytes * 1e6)) + text[at:]
                ).encode()
                size = len(data)
            zout.writestr(info, data)
    return size


def measure(args: list[str]) -> tuple[float, int, int, str]:
    start = time.perf_counter()
    run = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *args], capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - start
    lines = run.stderr.strip().splitlines()
    peak_kb = int(lines[-1]) if lines and re.fullmatch(r"\d+", lines[-1]) else -1
    message = next((x for x in lines if "error" in x), "")
    return elapsed, peak_kb // 1024, run.returncode, message


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--dense", action="store_true", help="20 one-word runs a paragraph")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "built.docx"
        spec = ROOT / "examples" / "oakview-ca.mou.yaml"
        subprocess.run([*MOU, "build", str(spec), "-o", str(built)], check=True, cwd=ROOT)
        big = Path(tmp) / "big.docx"
        size = inflate(built, big, options.mb, options.dense)
        print(f"document.xml: {size / 1e6:.1f} MB")
        for name, args in (
            ("review", [*MOU, "review", str(big)]),
            ("review --spec", [*MOU, "review", str(big), "--spec", str(spec)]),
            ("verify", [*MOU, "verify", str(big)]),
        ):
            elapsed, peak, code, message = measure(args)
            print(f"{name:<14} {elapsed:6.2f} s  {peak:5d} MB  exit {code}  {message[:120]}")


if __name__ == "__main__":
    main()
