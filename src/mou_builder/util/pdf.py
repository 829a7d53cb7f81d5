"""PDF copies through LibreOffice (``soffice --headless --convert-to pdf``).

Each conversion runs with its own throw-away LibreOffice profile
(``-env:UserInstallation=file:///...``), since two soffice processes sharing a profile fail,
and under a time limit. With ``pdfa=True`` the PDF export filter is asked for PDF/A-2b
(``SelectPdfVersion`` = 2), which LibreOffice has offered since 7.x; archival copies are
what a board clerk keeps.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import MouError, OutputError

TIMEOUT_SECONDS = 120
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def soffice_path() -> str | None:
    """The LibreOffice executable (``$MOU_SOFFICE`` overrides), or None."""
    override = os.environ.get("MOU_SOFFICE")
    if override:
        return shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(
    docx_path: Path, out_dir: Path, pdfa: bool = True, timeout: float = TIMEOUT_SECONDS
) -> Path:
    """Convert ``docx_path`` into ``out_dir``; the PDF's path. MouError on any failure."""
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
            PDFA_FILTER if pdfa else "pdf",
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
