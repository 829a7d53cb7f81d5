"""The LibreOffice helper's failures are clear errors, never tracebacks or hangs
(a stand-in script plays soffice, so these run without LibreOffice)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mou_builder.errors import MouError
from mou_builder.util.pdf import to_pdf


def fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def test_missing_soffice(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MOU_SOFFICE", str(tmp_path / "absent"))
    with pytest.raises(MouError, match=r"LibreOffice \(soffice\) is not installed"):
        to_pdf(tmp_path / "a.docx", tmp_path / "out")


def test_failed_conversion_names_the_reason(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(
        "MOU_SOFFICE",
        str(fake_soffice(tmp_path, 'echo "Error: source file could not be loaded" >&2; exit 1')),
    )
    (tmp_path / "a.docx").write_bytes(b"PK")
    with pytest.raises(MouError, match="could not make a PDF: Error: source file could not"):
        to_pdf(tmp_path / "a.docx", tmp_path / "out")


def test_a_hung_soffice_is_stopped(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MOU_SOFFICE", str(fake_soffice(tmp_path, "exec sleep 30")))
    with pytest.raises(MouError, match=r"did not finish the PDF within 0\.5 s"):
        to_pdf(tmp_path / "a.docx", tmp_path / "out", timeout=0.5)


def test_the_private_profile_and_pdfa_filter_are_passed(tmp_path, monkeypatch) -> None:
    log = tmp_path / "args"
    monkeypatch.setenv(
        "MOU_SOFFICE",
        str(
            fake_soffice(
                tmp_path,
                f'printf "%s\\n" "$@" > {log}\n'
                'out=""; prev=""\n'
                'for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
                'printf "%%PDF-1.6" > "$out/a.pdf"',
            )
        ),
    )
    pdf = to_pdf(tmp_path / "a.docx", tmp_path / "out", pdfa=True)
    assert pdf == (tmp_path / "out" / "a.pdf").resolve() and pdf.read_bytes() == b"%PDF-1.6"
    args = log.read_text().splitlines()
    assert any(a.startswith("-env:UserInstallation=file:///") for a in args)
    assert '"SelectPdfVersion":{"type":"long","value":"2"}' in " ".join(args)
    assert "--headless" in args
