"""``mou build``: spec → checks → Word (or Markdown) document, written atomically.

Checks run first. Errors stop the build (:class:`BuildBlocked`, exit 1) unless
``allow_errors``, which builds anyway and stamps the document "DRAFT — NOT FOR APPROVAL" on
the cover and in the running header. The output is replaced only by a complete new file.

With ``lang`` (``es``) the agreement is assembled in that language: translated clauses, the
fixed texts of the document from the phrase catalogue, a statement in both languages that
the English text governs, "unofficial translation" under each section whose translation no
reviewer approved. ``layout="side-by-side"`` writes the English and the translation in two
columns, section by section.
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
from ..model.language import GOVERNING, check_language, phrase
from ..sources.library import Library
from ..sources.specfile import load_spec
from ..util import readset
from ..util.atomic import write_bytes_atomic
from ..util.collector import collector_paused
from ..util.outputs import check_output

DRAFT_STAMP = "DRAFT — NOT FOR APPROVAL"
DEFAULT_OUT = Path("out")
Format = Literal["docx", "md"]
SUFFIX = {"docx": ".docx", "md": ".md"}
LAYOUTS = ("single", "side-by-side")


def draft_stamp(lang: str = GOVERNING) -> str:
    """The stamp of a document built although checks found errors, in its language."""
    return DRAFT_STAMP if lang == GOVERNING else phrase("doc.stamp", lang)


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
    readset.probed(path)  # a directory, a file or nothing: the name differs
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
    english: Agreement | None = None,
) -> bytes:
    """The document bytes in ``fmt`` (no checks, nothing written); with ``english`` (the
    same agreement in English), a two-column bilingual Word document."""
    if fmt == "md":
        from ..render.markdown import render_markdown

        return render_markdown(agreement, draft=draft, stamp=stamp, approval=approval).encode(
            "utf-8"
        )
    if fmt != "docx":
        raise UsageError(f"unknown format {fmt!r}; use docx or md")
    from ..ooxml.write import build_docx  # Word libraries only when writing Word

    return build_docx(
        agreement,
        template=template,
        draft=draft,
        stamp=stamp,
        approval=approval,
        notices=notices,
        english=english,
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
    lang: str = GOVERNING,
    layout: str = "single",
) -> BuildResult:
    """Check and build one agreement; returns where it went. Raises BuildBlocked (exit 1)."""
    if fmt not in SUFFIX:
        raise UsageError(f"unknown format {fmt!r}; use docx or md")
    _check_layout(lang, layout, fmt)
    with collector_paused():
        return _build(
            spec_path, output, library, template, draft, allow_errors, fmt, profiles, lang, layout
        )


def _build(
    spec_path: Path | str,
    output: Path | str | None,
    library: Library | None,
    template: Path | str | None,
    draft: bool,
    allow_errors: bool,
    fmt: str,
    profiles: list[str] | None,
    lang: str,
    layout: str,
) -> BuildResult:
    library = library if library is not None else Library.load()
    loaded = load_spec(Path(spec_path))
    english = assemble(loaded, library)  # what is checked: the governing text
    agreement = english if lang == GOVERNING else assemble(loaded, library, lang)
    target = output_path(output, agreement.id, fmt)
    # never over the spec or the template, never into the clause library
    check_output(
        target,
        inputs=[spec_path, *([template] if template else [])],
        library=library.root,
    )
    check = run_check(english, library, profiles or None, lang=lang)
    stamp = None
    if check.errors:
        if not allow_errors:
            raise BuildBlocked(check)
        stamp = draft_stamp(lang)
        draft = True
    notices: list[str] = []
    data = render(
        agreement,
        fmt=fmt,
        template=Path(template) if template else None,
        draft=draft,
        stamp=stamp,
        notices=notices,
        english=english if layout == "side-by-side" else None,
    )
    write_bytes_atomic(target, data)
    return BuildResult(target, fmt, agreement, check, stamp, len(data), draft, notices)


def _check_layout(lang: str, layout: str, fmt: str) -> None:
    check_language(lang)
    if lang != GOVERNING and fmt != "docx":
        raise UsageError(f"--lang {lang} writes a Word document", hint="leave out --format md")
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}; use {' or '.join(LAYOUTS)}")
    if layout == "side-by-side" and (lang == GOVERNING or fmt != "docx"):
        raise UsageError(
            "--layout side-by-side needs a translation (--lang es) and a Word document",
            hint="e.g. mou build SPEC --lang es --layout side-by-side",
        )
