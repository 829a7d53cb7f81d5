"""The real-document corpus (../shared/corpus/docx, beside the checkout): see corpus_check.

Every case must end as it is recorded below (``KNOWN``: the cases not yet handled, by issue
group); a case that newly fails, or a known one that now passes, fails the test so the list
stays exact. Skipped when the corpus or LibreOffice is absent.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from corpus_check import CORPUS, W, lo_views, load_cases, run_cases, summary

from conftest import requires_soffice

pytestmark = [
    pytest.mark.soffice,
    requires_soffice,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus beside the checkout"),
]

#: case id -> what is still wrong with it (the issue's group)
KNOWN: dict[str, str] = {}


def test_corpus(tmp_path: Path) -> None:
    outcomes = run_cases(load_cases(), tmp_path, jobs=2)
    print(summary(outcomes))
    failing = {
        o.case["id"]: "; ".join(o.reasons)
        for o in outcomes
        if o.status not in ("ok", "refused") or (o.status == "refused" and o.case["type"] != "bad")
    }
    new = {k: v for k, v in failing.items() if k not in KNOWN}
    fixed = sorted(k for k in KNOWN if k not in failing)
    assert not new, f"newly failing: {new}"
    assert not fixed, f"now passing, drop from KNOWN: {fixed}"


def _word_style_docx(body: str) -> bytes:
    """python-docx's blank document with ``body`` (WordprocessingML) as its body."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}'
        "</w:body></w:document>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_libreoffice_drops_tracked_changes_after_a_framed_paragraph(tmp_path: Path) -> None:
    """Why corpus_check shows LibreOffice a framed document with its frames taken out: a
    framed paragraph (``w:framePr``, as in RP051-Arabic's letterhead table) makes
    LibreOffice ignore every tracked change after it, in a hand-made Word-style document as
    in mou's redline (Accept All and Reject All both keep both sides). When LibreOffice
    reads such changes, this fails: show it framed documents as they are."""
    framed = (
        '<w:p><w:pPr><w:framePr w:hSpace="0" w:wrap="auto" w:xAlign="left" '
        'w:yAlign="inline"/></w:pPr><w:r><w:t>Letterhead</w:t></w:r></w:p>'
    )
    change = (
        '<w:p><w:r><w:t xml:space="preserve">Resolution </w:t></w:r>'
        '<w:del w:id="1" w:author="Word" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:delText>07</w:delText></w:r></w:del>"
        '<w:ins w:id="2" w:author="Word" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:t>12</w:t></w:r></w:ins></w:p>"
    )
    plain, with_frame = tmp_path / "plain.docx", tmp_path / "framed.docx"
    plain.write_bytes(_word_style_docx(change))
    with_frame.write_bytes(_word_style_docx(framed + change))
    views = lo_views([str(plain), str(with_frame)], 1, tmp_path)
    assert views[str(plain)]["changes"] == 2
    assert views[str(plain)]["rejected"] == ["Resolution 07"]
    assert views[str(with_frame)]["changes"] == 0
    assert views[str(with_frame)]["rejected"] == ["Letterhead", "Resolution 0712"]
