"""``mou redline`` / ``mou diff``: compare two versions of an agreement.

Each side is a spec (``*.mou.yaml``: assembled, and built with the Word writer when a
document is needed), a .docx built by mou (clause markers present) or any .docx (read
defensively). The redline is NEW's document with every difference from OLD tracked; the diff
is the same comparison as a list of :class:`~mou_builder.compare.align.Change`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Location, UsageError
from ..util.atomic import write_bytes_atomic

if TYPE_CHECKING:  # a .docx → .docx redline loads neither the data model nor the library
    from ..compare.align import Change
    from ..model.agreement import Agreement
    from ..sources.library import Library

DEFAULT_AUTHOR = "mou-builder"
#: used when NEW is a .docx without a usable date of its own (never the wall clock)
FALLBACK_DATE = "2000-01-01T00:00:00Z"
SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass
class Side:
    """One side of a comparison: a spec's agreement and/or a document package."""

    path: str
    agreement: Agreement | None = None
    package: Any = None  # ooxml.safezip.Package, built on demand for specs

    @property
    def label(self) -> str:
        if self.agreement is not None:
            spec = self.agreement.spec
            return f"{spec.id} revision {spec.revision}" if spec.revision else spec.id
        return Path(self.path).name

    def document(self) -> Any:
        if self.package is None:
            assert self.agreement is not None
            from ..ooxml.safezip import open_docx_bytes
            from ..ooxml.write import build_docx

            self.package = open_docx_bytes(build_docx(self.agreement), self.path)
        return self.package


def is_spec(path: str | Path) -> bool:
    return str(path).lower().endswith(SPEC_SUFFIXES)


def load_side(path: str | Path, library: Library | None = None) -> Side:
    if is_spec(path):
        from ..assembly.assembler import assemble_file
        from ..sources.library import Library

        return Side(str(path), agreement=assemble_file(Path(path), library or Library.load()))
    if not str(path).lower().endswith((".docx", ".docm")):
        raise InputError(
            "expected an agreement spec (.mou.yaml) or a Word document (.docx)", Location(str(path))
        )
    from ..ooxml.safezip import open_docx

    return Side(str(path), package=open_docx(path))


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def revision_date(value: str | dt.date | None, new: Side | None = None) -> str:
    """An ISO 8601 UTC timestamp for ``w:date``: given, else NEW's own date, else fixed."""
    if isinstance(value, dt.datetime):
        return _utc(value)
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00Z"
    if value:
        text = value.strip()
        try:
            if _DATE_RE.match(text):
                return f"{dt.date.fromisoformat(text).isoformat()}T00:00:00Z"
            return _utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            raise UsageError(
                f"--date {value!r} is not an ISO date",
                hint="use e.g. 2026-06-01 or 2026-06-01T09:30:00Z",
            ) from None
    if new is not None and new.agreement is not None:
        return f"{new.agreement.date.isoformat()}T00:00:00Z"
    if new is not None and new.package is not None:
        from ..ooxml.properties import read_core_properties

        modified = read_core_properties(new.package).get("modified", "")
        try:
            return _utc(dt.datetime.fromisoformat(modified.strip().replace("Z", "+00:00")))
        except ValueError:
            pass
    return FALLBACK_DATE


def _utc(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


@dataclass
class Redline:
    data: bytes
    revisions: int
    counts: dict[str, int]
    clause_aware: bool
    author: str
    date: str
    dropped: list[str] = field(default_factory=list)  # hostile content left out of the output


def redline_bytes(
    old: Side,
    new: Side,
    *,
    author: str = DEFAULT_AUTHOR,
    date: str | dt.date | None = None,
    content_controls: bool = False,
    track_edits: bool = True,
    legend: bool = False,
) -> Redline:
    """The redline of OLD → NEW; clause content controls are unwrapped unless asked to keep
    them (LibreOffice loses tracked changes in a content control's first paragraph; the
    clause bookmarks remain either way)."""
    from ..ooxml.redlining import redline_packages

    if not author.strip():
        raise UsageError("--author must not be empty")
    when = revision_date(date, new)
    result = redline_packages(
        old.document(),
        new.document(),
        author=author,
        date=when,
        content_controls=content_controls,
        track_edits=track_edits,
    )
    data = result.data
    if legend:  # the box on top says what was compared (board packets)
        from ..ooxml.write.legend import with_legend

        data = with_legend(data, legend_lines(old, new, author, when))
    return Redline(
        data,
        result.revisions,
        result.counts,
        result.clause_aware,
        author,
        when,
        result.dropped,
    )


def legend_lines(old: Side, new: Side, author: str, when: str) -> list[str]:
    """What the redline compares and how to read it (the box at its top)."""
    from ..render.legend import legend_lines as lines

    return lines(old, new, author, when)


def redline(
    old: str | Path,
    new: str | Path,
    output: str | Path,
    *,
    library: Library | None = None,
    author: str = DEFAULT_AUTHOR,
    date: str | dt.date | None = None,
    content_controls: bool = False,
    track_edits: bool = True,
    legend: bool = False,
) -> Redline:
    """Write the redline of OLD → NEW to ``output`` (atomically)."""
    from ..util.outputs import check_output

    check_output(output, inputs=[old, new], library=library.root if library else None)
    if Path(output).suffix.lower() != ".docx":
        raise UsageError(f"{output}: the redline is a Word document; name it *.docx")
    sides = [load_side(p, library) for p in (old, new)]
    result = redline_bytes(
        sides[0],
        sides[1],
        author=author,
        date=date,
        content_controls=content_controls,
        track_edits=track_edits,
        legend=legend,
    )
    write_bytes_atomic(Path(output), result.data)
    return result


def diff_sides(old: Side, new: Side) -> list[Change]:
    """Clause-aligned changes; specs compare as agreements, documents by their markers."""
    from ..compare.align import compare, compare_agreements

    if old.agreement is not None and new.agreement is not None:
        return compare_agreements(old.agreement, new.agreement)
    from ..ooxml.redlining import comparable_units

    return compare(*comparable_units(old.document(), new.document()))


def diff(old: str | Path, new: str | Path, *, library: Library | None = None) -> list[Change]:
    return diff_sides(load_side(old, library), load_side(new, library))
