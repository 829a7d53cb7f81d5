"""Coverage-guided fuzzing of the .docx readers with atheris (libFuzzer). Not run in CI.

Every input is treated as a returned Word document: the safe package reader, every XML
part, the returned-document reader and `mou review`'s core. Anything but a clean
:class:`~mou_builder.errors.MouError` is a crash that libFuzzer saves as ``crash-*``.

    .venv/bin/pip install atheris        # only for fuzzing; not a project dependency
    .venv/bin/python tests/hostile/make_corpus.py fuzz/seeds     # hostile seeds
    cp tests/fixtures/review/*.docx fuzz/seeds/                  # real documents
    .venv/bin/python fuzz/atheris_docx.py fuzz/seeds -max_total_time=600 -rss_limit_mb=2048
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from mou_builder.errors import MouError
    from mou_builder.ooxml import safezip
    from mou_builder.ooxml.read import read_package
    from mou_builder.workflows.review import review

_TMP = Path(tempfile.mkdtemp(prefix="mou-atheris-"))


def test_one_input(data: bytes) -> None:
    try:
        package = safezip.open_docx_bytes(data, "fuzz.docx")
        for name in list(package.parts):
            if name.endswith((".xml", ".rels")):
                package.xml(name)
        read_package(package)
    except MouError:
        return
    path = _TMP / "fuzz.docx"
    path.write_bytes(data)
    with contextlib.suppress(MouError):
        review(path)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
