"""Property tests: mutated .docx files are read, or refused with one DocumentError.

Real documents (one built by mou, the returned-document fixtures edited in LibreOffice)
are damaged the ways files get damaged or forged: bytes flipped, the file cut short,
members dropped, an XML part truncated or spliced. Every result must be a document the
readers understand or a :class:`~mou_builder.errors.MouError`; never another exception
and never a hang. Counts are bounded (MOU_FUZZ_EXAMPLES raises them for a local run).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mou_builder.errors import MouError
from mou_builder.ooxml import safezip

from conftest import MINI_CLAUSES, MINI_SPEC, stamp_clause_data

EXAMPLES = int(os.environ.get("MOU_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIXTURES = Path(__file__).parent / "fixtures" / "review"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """A document built by mou plus the returned-document fixtures that exist."""
    from mou_builder.sources.library import Library
    from mou_builder.workflows.build import build

    root = tmp_path_factory.mktemp("fuzz-docx")
    library = root / "clauses"
    library.mkdir()
    for clause_id, data in MINI_CLAUSES.items():
        stamped = stamp_clause_data(yaml.safe_load(yaml.safe_dump(data)))
        (library / f"{clause_id}.yaml").write_text(yaml.safe_dump(stamped, sort_keys=False))
    spec = root / "spec.mou.yaml"
    spec.write_text(MINI_SPEC)
    built = build(spec, root / "built.docx", library=Library.load(library)).path
    found = [built.read_bytes()]
    found += [p.read_bytes() for p in sorted(FIXTURES.glob("*.docx"))]
    return found


def read_everything(data: bytes) -> None:
    """Every reader a returned document meets, on ``data``; only MouError may escape."""
    from mou_builder.ooxml.read import read_package
    from mou_builder.workflows.review import review
    from mou_builder.workflows.verify import verify

    try:
        package = safezip.open_docx_bytes(data, "fuzz.docx")
        for name in list(package.parts):
            if name.endswith((".xml", ".rels")):
                package.xml(name)
        read_package(package)
    except MouError:
        pass  # refused cleanly (DocumentError or InputError): exit 2 in the CLI
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.docx"
        path.write_bytes(data)
        for reader in (lambda: review(path), lambda: verify(path)):
            with contextlib.suppress(MouError):
                reader()


def rezip(data: bytes, edit) -> bytes:
    """Rewrite a zip, passing each member through ``edit(name, bytes) -> bytes | None``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = edit(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


@FUZZ
@given(st.data())
def test_flipped_bytes(seeds, data):
    seed = bytearray(data.draw(st.sampled_from(seeds)))
    for _ in range(data.draw(st.integers(1, 8))):
        index = data.draw(st.integers(0, len(seed) - 1))
        seed[index] = data.draw(st.integers(0, 255))
    read_everything(bytes(seed))


@FUZZ
@given(st.data())
def test_cut_short(seeds, data):
    seed = data.draw(st.sampled_from(seeds))
    read_everything(seed[: data.draw(st.integers(0, len(seed)))])


@FUZZ
@given(st.data())
def test_members_dropped(seeds, data):
    seed = data.draw(st.sampled_from(seeds))
    names = zipfile.ZipFile(io.BytesIO(seed)).namelist()
    dropped = set(data.draw(st.lists(st.sampled_from(names), max_size=len(names))))
    read_everything(rezip(seed, lambda name, content: None if name in dropped else content))


@FUZZ
@given(st.data())
def test_xml_truncated_or_spliced(seeds, data):
    seed = data.draw(st.sampled_from(seeds))
    names = [n for n in zipfile.ZipFile(io.BytesIO(seed)).namelist() if n.endswith(".xml")]
    victim = data.draw(st.sampled_from(names))
    how = data.draw(st.sampled_from(["truncate", "splice", "duplicate"]))

    def edit(name: str, content: bytes) -> bytes:
        if name != victim:
            return content
        cut = data.draw(st.integers(0, len(content)))
        if how == "truncate":
            return content[:cut]
        if how == "splice":
            junk = data.draw(
                st.sampled_from(
                    [
                        b"<w:p>",
                        b"</w:body>",
                        b"&xxe;",
                        b"<!DOCTYPE x>",
                        b"\xff\xfe",
                        b"<w:t>",
                        b"<w:ins w:id='1'>",
                        b"<w:del>",
                        b"]]>",
                        b"<?pi?>",
                        b'<w:sdt><w:sdtPr><w:tag w:val="mou:clause:x@"/></w:sdtPr>',
                    ]
                )
            )
            return content[:cut] + junk + content[cut:]
        return content[:cut] + content[cut // 2 :]

    read_everything(rezip(seed, edit))
