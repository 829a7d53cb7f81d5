"""Property: any single-run edit of the text a reader sees in a header or footer of a built
document (a word added, the run formatted hidden, white or 1 pt) is a finding naming that
part, outside the clauses."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile.support import build_example
from mou_builder.workflows.review import review

SPEC = Path(__file__).resolve().parents[1] / "examples" / "oakview-ca.mou.yaml"
_RUN = re.compile(r"<w:r>(<w:rPr>.*?</w:rPr>)?(<w:t(?: [^>]*)?>)([^<]+)</w:t></w:r>")
PROPERTIES = {
    "hidden": "<w:vanish/>",
    "white": '<w:color w:val="FFFFFF"/>',
    "tiny": '<w:sz w:val="2"/>',
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = build_example(tmp_path_factory.mktemp("built"))
    with zipfile.ZipFile(out) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _stories(parts: dict[str, bytes]) -> list[tuple[str, re.Match[str]]]:
    """(part, run) of every run with visible text in a header or footer."""
    return [
        (name, match)
        for name in sorted(parts)
        if re.fullmatch(r"word/(header|footer)\d+\.xml", name)
        for match in _RUN.finditer(parts[name].decode())
        if match.group(3).strip() and "{" not in match.group(3)
    ]


def _edited(parts: dict[str, bytes], part: str, run: re.Match[str], op: str, word: str) -> bytes:
    xml = parts[part].decode()
    # the run's own properties without the one the edit sets
    props = re.sub(r"<w:(vanish|color|sz)\b[^>]*/>", "", run.group(1) or "<w:rPr></w:rPr>")
    if op == "insert":
        new = (
            f'<w:r>{run.group(1) or ""}<w:t xml:space="preserve">{run.group(3)} {word}</w:t></w:r>'
        )
    else:
        props = props.replace("</w:rPr>", PROPERTIES[op] + "</w:rPr>")
        new = f"<w:r>{props}{run.group(2)}{run.group(3)}</w:t></w:r>"
    changed = xml[: run.start()] + new + xml[run.end() :]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, changed.encode() if name == part else data)
    return buffer.getvalue()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    op=st.sampled_from(["insert", "hidden", "white", "tiny"]),
    pick=st.integers(min_value=0, max_value=1000),
    word=st.text(alphabet="qxzjkv", min_size=4, max_size=10),
)
def test_any_single_run_edit_of_a_header_or_footer_is_a_finding_in_its_part(
    built: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory, op: str, pick: int, word: str
):
    stories = _stories(built)
    assert stories
    part, run = stories[pick % len(stories)]
    path = tmp_path_factory.mktemp("edit") / "edited.docx"
    path.write_bytes(_edited(built, part, run, op, word))
    result = review(path, spec=SPEC, flags=False)
    assert [(f.part, f.clause) for f in result.findings] == [(part, None)], (op, part, run.group(3))
