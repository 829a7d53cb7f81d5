"""``mou verify``: is this .docx byte for byte the approved record copy? If not, what differs?

The record is the sidecar ``<name>.manifest.json`` written by ``mou final``. It is found, in
order: ``--manifest``; beside the file under the same name; any final manifest in the same
directory that records this file's SHA-256 (a renamed but unchanged copy); any final
manifest there for the spec hash embedded in the document (``mou.manifest`` custom
property). Without a sidecar, only the embedded manifest can be compared (clause versions,
no byte-level proof).

When the bytes differ, the report says which package parts changed, which clauses read
differently (a word diff per clause against the text recorded at approval, clauses matched
by their markers), and whether tracked changes or comments were added. With ``--spec`` the
spec's assembled clauses are compared as well: its hash against the record, and each
clause's text against the copy.

Exit codes (through the CLI): 0 verified, 1 differs, 2 unreadable input.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..compare.worddiff import Piece, diff_words
from ..errors import DocumentError, Location
from ..sources.library import Library
from .final import MANIFEST_SUFFIX, find_manifests, load_manifest

if TYPE_CHECKING:
    from ..ooxml.inspection import ClauseText


@dataclass
class ClauseDiff:
    clause_id: str
    section: int | None
    change: Literal["changed", "missing", "added", "moved"]
    against: Literal["record", "spec"]
    pieces: list[Piece] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause_id,
            "section": self.section,
            "change": self.change,
            "against": self.against,
            "note": self.note or None,
            "diff": [{"op": p.op, "text": p.text} for p in self.pieces if p.op != "equal"],
        }


@dataclass
class VerifyReport:
    path: str
    sha256: str
    manifest_path: str | None = None
    expected_sha256: str | None = None
    agreement: str | None = None
    approval: dict[str, Any] | None = None
    changed_parts: list[str] = field(default_factory=list)
    clause_diffs: list[ClauseDiff] = field(default_factory=list)
    revision_marks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    spec_checked: bool = False
    spec_mismatch: bool = False
    unseen: list[str] = field(default_factory=list)  # what a reader sees otherwise, per clause

    @property
    def verified(self) -> bool:
        """Byte for byte the approved record (and, with --spec, the spec matches it)."""
        return (
            self.expected_sha256 is not None
            and self.sha256 == self.expected_sha256
            and not any(d.against == "spec" for d in self.clause_diffs)
            and not self.spec_mismatch
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "verified": self.verified,
            "sha256": self.sha256,
            "expected_sha256": self.expected_sha256,
            "manifest": self.manifest_path,
            "agreement": self.agreement,
            "approval": self.approval,
            "changed_parts": self.changed_parts,
            "clauses": [d.to_json() for d in self.clause_diffs],
            "revision_marks": self.revision_marks,
            "notes": self.notes,
            "unseen": self.unseen,
        }


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def find_record(
    path: Path,
    sha: str,
    embedded: dict[str, Any] | None,
    explicit: Path | None,
    key: str = "document",
) -> tuple[Path | None, dict[str, Any] | None]:
    if explicit is not None:
        manifest = load_manifest(explicit)
        if manifest is None:
            raise DocumentError(
                "not a final-copy manifest (or unreadable)",
                Location(str(explicit)),
                "pass the .manifest.json written by `mou final`",
            )
        return explicit, manifest
    beside = path.with_name(path.stem + MANIFEST_SUFFIX)
    if beside.is_file():
        manifest = load_manifest(beside)
        if manifest is not None:
            return beside, manifest
    candidates = [(p, load_manifest(p)) for p in find_manifests(path.parent)]
    found = [(p, m) for p, m in candidates if m is not None]
    for p, m in found:
        if (m.get(key) or {}).get("sha256") == sha:
            return p, m
    spec_hash = (embedded or {}).get("spec_hash")
    if spec_hash:
        matching = [
            (p, m)
            for p, m in found
            if (m.get("spec") or {}).get("hash") == spec_hash and ".superseded-" not in p.name
        ]
        if matching:
            return matching[0]
    return None, None


_SPACE = re.compile(r"\s+")
_ITEM_LABEL = re.compile(r"^\(?[a-z0-9]{1,3}[.)]\s+", re.MULTILINE)


def _norm(text: str) -> str:
    """Text compared with the spec: item labels and spacing do not count."""
    return _SPACE.sub(" ", _ITEM_LABEL.sub("", text)).strip()


def verify(
    path: Path,
    *,
    manifest: Path | None = None,
    spec: Path | None = None,
    library: Library | None = None,
) -> VerifyReport:
    from ..ooxml.inspection import clause_texts, revision_marks
    from ..ooxml.properties import read_manifest
    from ..ooxml.safezip import open_docx

    path = Path(path)
    if path.suffix.lower() == ".pdf":
        return verify_pdf(path, manifest=manifest)
    package = open_docx(path)  # DocumentError (exit 2) for anything unreadable
    data = path.read_bytes()
    report = VerifyReport(str(path), _sha(data))
    embedded = read_manifest(package)
    record_path, record = find_record(path, report.sha256, embedded, manifest)
    if record is None and embedded is None:
        raise DocumentError(
            "no record to verify against: no .manifest.json beside it and no mou manifest "
            "inside it",
            Location(str(path)),
            "pass --manifest FILE.manifest.json (written by `mou final`)",
        )
    report.manifest_path = str(record_path) if record_path else None
    report.revision_marks = revision_marks(package)

    def texts() -> list[ClauseText]:  # read only when a comparison needs them
        return clause_texts(package, embedded)

    if report.sha256 != (record or {}).get("document", {}).get("sha256"):
        report.unseen = reader_differences(package)
    if record is not None:
        _compare_with_record(report, record, package.parts, texts)
    else:
        report.agreement = embedded.get("agreement") if embedded else None
        report.notes.append(
            "no sidecar manifest found: the file cannot be proved byte for byte; compared "
            "with the manifest embedded in the document only"
        )
        _diff_against_embedded(report, embedded or {}, texts())
    if spec is not None:
        _diff_against_spec(report, record or embedded or {}, texts(), spec, library)
    return report


def _compare_with_record(
    report: VerifyReport,
    record: dict[str, Any],
    contents: dict[str, bytes],
    texts: Callable[[], list[ClauseText]],
) -> None:
    document = record.get("document") or {}
    report.expected_sha256 = document.get("sha256")
    report.agreement = record.get("agreement")
    report.approval = record.get("approval")
    if report.sha256 == report.expected_sha256:
        return
    parts = document.get("parts") or {}
    actual_parts = {n: _sha(b) for n, b in contents.items()}
    report.changed_parts = sorted(
        [n for n in parts if actual_parts.get(n) != parts[n]]
        + [n for n in actual_parts if n not in parts]
    )
    _diff_against_record(report, record, texts())
    if not report.changed_parts and parts:
        report.notes.append(
            "every part is unchanged; only the zip container differs (re-saved or re-compressed)"
        )
    elif report.changed_parts and not report.clause_diffs:
        report.notes.append(_elsewhere(report))


#: changed parts that change what a reader sees of the clauses, and how
_READER_PARTS = {
    "word/numbering.xml": "numbering changed: section and item numbers may read otherwise",
    "word/styles.xml": "styles changed: text may be hidden, recoloured or resized by style",
    "word/settings.xml": "settings changed (fields updated, compatibility, protection)",
}


def _elsewhere(report: VerifyReport) -> str:
    """What differs when every clause's words read as recorded: never "as approved" while
    a reader would see something else."""
    named = [why for part, why in _READER_PARTS.items() if part in report.changed_parts]
    named += [
        f"{p}: text a reader sees on every page or in the notes"
        for p in report.changed_parts
        if p.startswith(("word/header", "word/footer", "word/footnotes", "word/endnotes"))
    ]
    named += [
        f"{p}: a part the record does not have"
        for p in report.changed_parts
        if (p.startswith(("customXml/", "word/embeddings/", "word/activeX")) or p.endswith(".bin"))
    ]
    if report.unseen or named:
        listed = ["what is listed above"] if report.unseen else []
        return (
            "the clause words as mou reads them match the record, but a reader sees "
            "otherwise: " + "; ".join(listed + named)
        )
    return (
        "the clause words match the record; the change is in "
        + ", ".join(report.changed_parts[:8])
        + " (cover, approval block, signature page, formatting or properties)"
    )


def reader_differences(package: Any) -> list[str]:
    """Content a reader sees otherwise than mou reads it (hidden text, bound controls,
    fields, alternate content ...), each with the clause it is in."""
    from ..ooxml.read import read_package

    doc = read_package(package)
    found = []
    for item in doc.unseen:
        block = doc.blocks[item.block] if 0 <= item.block < len(doc.blocks) else None
        where = f"'{block.clause}'" if block is not None and block.clause else "outside the clauses"
        text = f' "{item.text[:60]}"' if item.text else ""
        part = "" if item.part == "word/document.xml" else f", {item.part}"
        found.append(f"{item.kind} in {where} ({item.detail}{part}){text}")
    return found + _notes_seen(doc)


def _notes_seen(doc: Any) -> list[str]:
    """Footnotes and endnotes, each in the clause that refers to it."""
    from ..ooxml.read.stories import NOTE_PARTS, story_lines

    found = []
    for part, lines in story_lines(doc.package).items():
        kind = NOTE_PARTS.get(part)
        for note_id, text in lines if kind else ():
            block = doc.note_refs.get((kind, note_id))
            clause = doc.blocks[block].clause if block is not None else None
            where = f"'{clause}'" if clause else "outside the clauses"
            found.append(f'{kind} in {where}: "{text[:60]}"')
    return found


def verify_pdf(path: Path, *, manifest: Path | None = None) -> VerifyReport:
    """A PDF copy is verified by its SHA-256 alone (``mou final --pdf`` records it)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError("file not found", Location(str(path)), "check the path") from None
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror}", Location(str(path))) from None
    if not data.startswith(b"%PDF-"):
        raise DocumentError("not a PDF file", Location(str(path)))
    report = VerifyReport(str(path), _sha(data))
    record_path, record = find_record(path, report.sha256, None, manifest, key="pdf")
    if record is None or not isinstance(record.get("pdf"), dict):
        raise DocumentError(
            "no record of this PDF: no .manifest.json beside it records a PDF",
            Location(str(path)),
            "pass --manifest FILE.manifest.json (written by `mou final --pdf`)",
        )
    report.manifest_path = str(record_path)
    report.expected_sha256 = record["pdf"].get("sha256")
    report.agreement = record.get("agreement")
    report.approval = record.get("approval")
    if report.sha256 != report.expected_sha256:
        report.notes.append(
            "a PDF cannot be compared clause by clause; verify the .docx record copy for that"
        )
    return report


def _diff_against_record(
    report: VerifyReport, record: dict[str, Any], texts: list[ClauseText]
) -> None:
    recorded = [c for c in record.get("clauses") or [] if isinstance(c, dict)]
    found = {t.clause_id: t for t in texts}
    for entry in recorded:
        _diff_entry(report, entry, found.get(str(entry.get("id"))))
    order_recorded = [c.get("id") for c in recorded]
    for text in texts:
        if text.clause_id not in order_recorded:
            report.clause_diffs.append(
                ClauseDiff(
                    text.clause_id, text.section, "added", "record", [Piece("insert", text.text)]
                )
            )
    present = [t.clause_id for t in texts if t.clause_id in order_recorded]
    expected_order = [c for c in order_recorded if c in present]
    if present != expected_order:
        report.clause_diffs.append(
            ClauseDiff(
                "*",
                None,
                "moved",
                "record",
                note=f"clauses are in a different order: {', '.join(present)}",
            )
        )


def _diff_entry(report: VerifyReport, entry: dict[str, Any], got: ClauseText | None) -> None:
    """One recorded clause against the document's clause of that id."""
    cid = str(entry.get("id"))
    section = entry.get("section")
    if got is None:
        report.clause_diffs.append(
            ClauseDiff(
                cid,
                section,
                "missing",
                "record",
                note="its marker is gone: the clause was deleted or its content control removed",
            )
        )
        return
    if got.version is not None and entry.get("version") not in (None, got.version):
        report.clause_diffs.append(
            ClauseDiff(
                cid,
                section,
                "changed",
                "record",
                note=f"marked as v{got.version}, approved as v{entry.get('version')}",
            )
        )
    expected = entry.get("document_text")
    if not isinstance(expected, str) or expected == got.text:
        return
    if _SPACE.sub(" ", expected).strip() == _SPACE.sub(" ", got.text).strip():
        where = f"Section {section} " if section else ""
        report.notes.append(
            f"{where}'{cid}': only spacing or empty paragraphs differ in the words mou reads"
        )
        return
    report.clause_diffs.append(
        ClauseDiff(cid, section, "changed", "record", diff_words(expected, got.text))
    )


def text_hashes(clause: ClauseText) -> set[str]:
    """Hashes the clause's text may have been recorded under (see Section.text_hash): as
    read, and without the empty paragraphs Word needs after a table."""
    from ..model.hashing import sha256_text

    lines = [line for line in clause.body.split("\n") if line != ""]
    return {
        sha256_text(clause.heading + "\n" + clause.body),
        sha256_text(clause.heading + "\n" + "\n".join(lines)),
    }


def _diff_against_embedded(
    report: VerifyReport, embedded: dict[str, Any], texts: list[ClauseText]
) -> None:
    recorded = [c for c in embedded.get("clauses") or [] if isinstance(c, dict)]
    found = {t.clause_id: t for t in texts}
    for entry in recorded:
        cid = str(entry.get("id"))
        got = found.get(cid)
        if got is None:
            report.clause_diffs.append(
                ClauseDiff(
                    cid, entry.get("section"), "missing", "record", note="its marker is gone"
                )
            )
        elif got.version is not None and entry.get("version") not in (None, got.version):
            report.clause_diffs.append(
                ClauseDiff(
                    cid,
                    entry.get("section"),
                    "changed",
                    "record",
                    note=f"marked as v{got.version}, built as v{entry.get('version')}",
                )
            )
        elif entry.get("text_hash") and entry["text_hash"] not in text_hashes(got):
            report.clause_diffs.append(
                ClauseDiff(
                    cid,
                    entry.get("section"),
                    "changed",
                    "record",
                    note="its text no longer matches the hash recorded when the "
                    "document was built (pass --spec to see the words)",
                )
            )
    if recorded and not report.clause_diffs:
        report.notes.append(
            "every clause matches the version and text hash recorded inside the document"
        )


def _diff_against_spec(
    report: VerifyReport,
    record: dict[str, Any],
    texts: list[ClauseText],
    spec: Path,
    library: Library | None,
) -> None:
    from ..assembly.assembler import assemble
    from ..sources.specfile import load_spec

    agreement = assemble(load_spec(Path(spec)), library or Library.load())
    report.spec_checked = True
    recorded_hash = (record.get("spec") or {}).get("hash") or record.get("spec_hash")
    if recorded_hash and recorded_hash != agreement.spec_hash:
        report.spec_mismatch = True
        report.notes.append(
            f"{spec}: the spec has changed since the record was made (hash "
            f"{agreement.spec_hash[:19]}…, recorded {str(recorded_hash)[:19]}…)"
        )
    found = {t.clause_id: t for t in texts}
    for section in agreement.sections:
        got = found.get(section.clause_id)
        if got is None:
            report.clause_diffs.append(
                ClauseDiff(
                    section.clause_id,
                    section.number,
                    "missing",
                    "spec",
                    note="in the spec but not in the document",
                )
            )
            continue
        if _norm(got.body) != _norm(section.text):
            report.clause_diffs.append(
                ClauseDiff(
                    section.clause_id,
                    section.number,
                    "changed",
                    "spec",
                    diff_words(section.text, got.body),
                )
            )
    wanted = {s.clause_id for s in agreement.sections}
    for text in texts:
        if text.clause_id not in wanted:
            report.clause_diffs.append(
                ClauseDiff(
                    text.clause_id,
                    text.section,
                    "added",
                    "spec",
                    note="in the document but not in the spec",
                )
            )
