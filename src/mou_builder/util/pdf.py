"""PDF copies through LibreOffice (``soffice --headless --convert-to pdf``).

Each conversion runs with its own throw-away LibreOffice profile
(``-env:UserInstallation=file:///...``), since two soffice processes sharing a profile fail,
and under a time limit.

Every PDF is tagged and claims PDF/UA-1 (LibreOffice's ``PDFUACompliance``, offered since
7.x): a structure tree with the document's language, headings by level, lists, tables with
header cells and images with their alternative text; bookmarks from the headings; the
document title (not the file name) shown as the window title. What the tags are made from
is in the Word document (:mod:`mou_builder.ooxml.write.tagging`). With ``pdfa=True`` (the
clerk's archival copy) it is also PDF/A-2b (``SelectPdfVersion`` = 2): LibreOffice 7.4
writes both identifications into one file, so the record copy need not choose between
being kept and being read.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import MouError, OutputError

TIMEOUT_SECONDS = 120

#: writer_pdf_Export options of every PDF (tagged, PDF/UA, bookmarks, title as window title)
TAGGED_OPTIONS: dict[str, bool | int] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "ExportBookmarks": True,
    "DisplayPDFDocumentTitle": True,
}

#: added for PDF/A-2b
PDFA_OPTIONS: dict[str, bool | int] = {"SelectPdfVersion": 2}


def pdf_filter(pdfa: bool = True) -> str:
    """The ``--convert-to`` argument: the PDF export filter with its options in the JSON form
    LibreOffice reads (``{"Name": {"type": ..., "value": "..."}}``)."""
    options = {**(PDFA_OPTIONS if pdfa else {}), **TAGGED_OPTIONS}
    typed = {
        name: (
            {"type": "boolean", "value": "true" if value else "false"}
            if isinstance(value, bool)
            else {"type": "long", "value": str(value)}
        )
        for name, value in options.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def soffice_path() -> str | None:
    """The LibreOffice executable (``$MOU_SOFFICE`` overrides), or None."""
    override = os.environ.get("MOU_SOFFICE")
    if override:
        return shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(
    docx_path: Path, out_dir: Path, pdfa: bool = True, timeout: float = TIMEOUT_SECONDS
) -> Path:
    """Convert ``docx_path`` into ``out_dir`` as a tagged PDF (PDF/UA; also PDF/A-2b with
    ``pdfa``); the PDF's path. MouError on any failure."""
    soffice = soffice_path()
    if soffice is None:
        raise MouError(
            "cannot make a PDF: LibreOffice (soffice) is not installed",
            hint="install LibreOffice (e.g. apt-get install libreoffice-writer) or leave out --pdf",
        )
    docx_path = Path(docx_path).resolve()
    out_dir = Path(out_dir).resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create: {exc.strerror}") from None
    target = out_dir / (docx_path.stem + ".pdf")
    with tempfile.TemporaryDirectory(prefix="mou-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            pdf_filter(pdfa),
            "--outdir",
            str(out_dir),
            str(docx_path),
        ]
        env = dict(os.environ)
        env.setdefault("HOME", profile)
        try:
            completed = _run(command, env, timeout)
        except subprocess.TimeoutExpired:
            raise MouError(
                f"{docx_path}: LibreOffice did not finish the PDF within {timeout:g} s",
                hint="try again; close other LibreOffice windows",
            ) from None
        except OSError as exc:
            raise MouError(f"cannot run LibreOffice ({soffice}): {exc.strerror}") from None
    if completed.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        detail = (completed.stderr or completed.stdout).decode("utf-8", "replace").strip()
        detail = detail.splitlines()[-1] if detail else f"exit status {completed.returncode}"
        raise MouError(f"{docx_path}: LibreOffice could not make a PDF: {detail}")
    return target


def _run(
    command: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[bytes]:
    """Run soffice in its own process group, so a timeout stops its helpers too."""
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
