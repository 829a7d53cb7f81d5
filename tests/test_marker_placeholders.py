"""A clause marker that Word saved showing its placeholder is still an empty marker.

Every heading carries its clause marker as an empty content control. Word shows
placeholder text in an empty control, and a control saved in that state holds the
placeholder under ``w:showingPlcHdr`` (ECMA-376 17.5.2.39: the content is a placeholder,
not the document's text). Review, diff and redline must not take it for an edit of every
heading. A control that is not a clause marker keeps its placeholder: in a template, the
prompt is part of the document.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from mou_builder.assembly.assembler import assemble_file
from mou_builder.ooxml.read import read_returned
from mou_builder.ooxml.write import build_docx
from mou_builder.sources.library import Library
from mou_builder.workflows.redline import load_side, redline_bytes
from mou_builder.workflows.review import review

from conftest import CLAUSES, EXAMPLES

PROMPT = "Click or tap here to enter text."
#: a heading's marker as mou writes it: its properties, then empty content
_MARKER = re.compile(
    r"(<w:sdtPr>(?:(?!</w:sdtPr>).)*?mou:clause:(?:(?!</w:sdtPr>).)*?)</w:sdtPr><w:sdtContent/>"
)


def _showing(flag: str = "<w:showingPlcHdr/>") -> str:
    return (
        rf"\1{flag}</w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val='PlaceholderText'/>"
        f"</w:rPr><w:t>{PROMPT}</w:t></w:r></w:sdtContent>"
    )


def _rewrite(source: Path, target: Path, edit) -> None:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = edit(data.decode()).encode()
            zout.writestr(info, data)


def _text(path: Path) -> str:
    doc = read_returned(path)
    return "\n".join(doc.block_texts(doc.blocks))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "built.docx"
    out.write_bytes(
        build_docx(assemble_file(EXAMPLES / "oakview-ca.mou.yaml", Library.load(CLAUSES)))
    )
    return out


def _placeholders_in_markers(built: Path, tmp_path: Path, flag: str = "<w:showingPlcHdr/>") -> Path:
    saved = tmp_path / "saved-by-word.docx"

    def edit(xml: str) -> str:
        edited, count = _MARKER.subn(_showing(flag), xml)
        assert count == 36  # every heading's marker
        return edited

    _rewrite(built, saved, edit)
    return saved


def test_review_reads_markers_showing_a_placeholder_as_empty(built: Path, tmp_path: Path) -> None:
    saved = _placeholders_in_markers(built, tmp_path)
    result = review(saved, library=Library.load(CLAUSES), flags=False)
    assert result.changes == []
    assert PROMPT not in _text(saved)


def test_redline_against_such_a_copy_tracks_nothing(built: Path, tmp_path: Path) -> None:
    saved = _placeholders_in_markers(built, tmp_path)
    result = redline_bytes(load_side(built), load_side(saved))
    assert result.revisions == 0
    with zipfile.ZipFile(io.BytesIO(result.data)) as redline:
        assert PROMPT.encode() not in redline.read("word/document.xml")


def test_text_in_a_marker_that_is_not_a_placeholder_is_an_edit(built: Path, tmp_path: Path) -> None:
    typed = _placeholders_in_markers(built, tmp_path, flag='<w:showingPlcHdr w:val="0"/>')
    result = review(typed, library=Library.load(CLAUSES), flags=False)
    assert len([c for c in result.changes if c.kind == "untracked"]) == 36


def test_another_controls_placeholder_is_the_documents_text(built: Path, tmp_path: Path) -> None:
    prompt = (
        '<w:p><w:sdt><w:sdtPr><w:tag w:val="district-contact"/><w:showingPlcHdr/></w:sdtPr>'
        f"<w:sdtContent><w:r><w:t>{PROMPT}</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    with_prompt = tmp_path / "with-prompt.docx"
    _rewrite(built, with_prompt, lambda xml: xml.replace("<w:sectPr", prompt + "<w:sectPr", 1))
    assert PROMPT in _text(with_prompt)
    assert redline_bytes(load_side(built), load_side(with_prompt)).revisions > 0
