"""``mou build``: spec → checks → Word (or Markdown) document, written atomically.

Checks run first. Errors stop the build (:class:`BuildBlocked`, exit 1) unless
``allow_errors``, which builds anyway and stamps the document "DRAFT — NOT FOR APPROVAL" on
the cover and in the running header. The output is replaced only by a complete new file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..assembly.assembler import assemble
from ..checks.engine import CheckResult, run_check
from ..errors import CheckFailed, UsageError
from ..model.agreement import Agreement
from ..sources.library import Library
from ..sources.specfile import load_spec
from ..util.atomic import write_bytes_atomic
from ..util.collector import collector_paused
from ..util.outputs import check_output

DRAFT_STAMP = "DRAFT — NOT FOR APPROVAL"
DEFAULT_OUT = Path("out")
Format = Literal["docx", "md"]
SUFFIX = {"docx": ".docx", "md": ".md"}


class BuildBlocked(CheckFailed):
    """Checks found errors, so nothing was written (exit 1); ``check`` holds the findings."""

    def __init__(self, check: CheckResult):
        count = len(check.errors)
        super().__init__(
            f"{check.agreement.spec_path}: checks found {count} error(s); nothing was built",
            hint="fix them, or build a marked draft with --allow-errors",
        )
        self.check = check


@dataclass
class BuildResult:
    path: Path
    fmt: str
    agreement: Agreement
    check: CheckResult
    stamp: str | None
    size: int
    draft: bool = True
    notices: list[str] = field(default_factory=list)  # what the template lacked, added

    @property
    def summary(self) -> str:
        kind = "Word document" if self.fmt == "docx" else "Markdown"
        state = self.stamp or ("draft" if self.draft else "final")
        return f"wrote {self.path} ({kind}, {len(self.agreement.sections)} sections, {state})"


def output_path(output: Path | str | None, agreement_id: str, fmt: str = "docx") -> Path:
    """``-o`` may be a directory (then NAME is the spec id) or a file; default ``out/``."""
    suffix = SUFFIX[fmt]
    if output is None:
        return DEFAULT_OUT / f"{agreement_id}{suffix}"
    text = str(output)
    path = Path(output)
    if path.is_dir() or text.endswith(("/", os.sep)) or (not path.suffix and not path.exists()):
        return path / f"{agreement_id}{suffix}"
    return path


def render(
    agreement: Agreement,
    *,
    fmt: str = "docx",
    template: Path | None = None,
    draft: bool = True,
    stamp: str | None = None,
    approval: dict[str, Any] | None = None,
    notices: list[str] | None = None,
) -> bytes:
    """The document bytes in ``fmt`` (no checks, nothing written)."""
    if fmt == "md":
        from ..render.markdown import render_markdown

        return render_markdown(agreement, draft=draft, stamp=stamp, approval=approval).encode(
            "utf-8"
        )
    if fmt != "docx":
        raise UsageError(f"unknown format {fmt!r}; use docx or md")
    from ..ooxml.write import build_docx  # Word libraries only when writing Word

    return build_docx(
        agreement, template=template, draft=draft, stamp=stamp, approval=approval, notices=notices
    )


def build(
    spec_path: Path | str,
    output: Path | str | None = None,
    *,
    library: Library | None = None,
    template: Path | str | None = None,
    draft: bool = True,
    allow_errors: bool = False,
    fmt: str = "docx",
    profiles: list[str] | None = None,
) -> BuildResult:
    """Check and build one agreement; returns where it went. Raises BuildBlocked (exit 1)."""
    if fmt not in SUFFIX:
        raise UsageError(f"unknown format {fmt!r}; use docx or md")
    with collector_paused():
        return _build(spec_path, output, library, template, draft, allow_errors, fmt, profiles)


def _build(
    spec_path: Path | str,
    output: Path | str | None,
    library: Library | None,
    template: Path | str | None,
    draft: bool,
    allow_errors: bool,
    fmt: str,
    profiles: list[str] | None,
) -> BuildResult:
    library = library if library is not None else Library.load()
    agreement = assemble(load_spec(Path(spec_path)), library)
    target = output_path(output, agreement.id, fmt)
    # never over the spec or the template, never into the clause library
    check_output(
        target,
        inputs=[spec_path, *([template] if template else [])],
        library=library.root,
    )
    check = run_check(agreement, library, profiles or None)
    stamp = None
    if check.errors:
        if not allow_errors:
            raise BuildBlocked(check)
        stamp = DRAFT_STAMP
        draft = True
    notices: list[str] = []
    data = render(
        agreement,
        fmt=fmt,
        template=Path(template) if template else None,
        draft=draft,
        stamp=stamp,
        notices=notices,
    )
    write_bytes_atomic(target, data)
    return BuildResult(target, fmt, agreement, check, stamp, len(data), draft, notices)
