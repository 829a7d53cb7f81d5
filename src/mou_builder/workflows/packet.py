"""``mou packet``: what goes to the board before it votes.

The packet directory holds

- ``<id>-for-approval.docx`` (and ``.pdf`` when LibreOffice is installed): the agreement as
  the board will approve it. It is made by the same code path and the same gate as
  ``mou final`` (every refusal applies: a packet never carries an agreement that could not
  become the record copy) and is just as clean, but since the board has not acted yet the
  approval block is **not filled** (the writer leaves it for the clerk) and no approval is
  recorded. After the vote, ``mou final`` makes the record copy with the approval filled;
  its clause text is identical. The meeting date and agenda item, when given, go into
  ``packet.json``; the meeting date is also the day the gate checks the agreement as of.
- ``<id>-compliance-matrix.docx``: one table per requirement profile: each requirement
  (by the subject's title) → the section(s) that satisfy it → its citation → met or not.
- ``<id>-redline.docx``: tracked changes from the prior agreement (a spec or a .docx) to
  the agreement for approval, opening with a legend (what was compared, which revisions,
  which date); a prior spec is rendered clean too, so the cover's status is no change.
- ``<id>-changes.docx``: the change memo in plain language (sections added, removed,
  replaced; each change as a sentence, values named by their meaning).
- with ``--pdf``, a PDF of each; with ``--format md``, the memo and the matrix as Markdown.

With ``lang`` (``es``) the agreement for approval is the translation ``mou build --lang es``
writes, and the matrix and the memo are in that language (their fixed texts from the
phrase catalogue; what they quote from the English agreement, the library and the profiles
stays English, tagged so). The checks, the redline and the record are of the English
agreement, which governs.

The memo and the matrix use the agreement's template (styles, running header, page
numbers); the spec's hash is in their document properties, not in their text.
- ``packet.json``: the files and their SHA-256, the spec hash, the prior.

Every file is written atomically and reproducibly (the PDF excepted: LibreOffice stamps it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.engine import CheckResult
from ..checks.rules.requirements import RULE_IDS
from ..errors import InputError, Location
from ..model.agreement import Agreement
from ..model.cover import Block
from ..model.language import GOVERNING, check_language, governing_passage, name_in, phrase
from ..model.schema import Requirement
from ..sources.library import Library
from ..util.atomic import write_bytes_atomic, write_text_atomic
from ..util.outputs import OutputGuard
from .final import gate, record, render_clean, sha256_bytes


@dataclass
class MatrixRow:
    profile: str
    requirement: str
    element: str | None
    severity: str
    what: str
    sections: list[tuple[int, str]]  # (number, title) of each section that satisfies it
    citation: str
    status: str  # "met" | "not met" | "missing" | "recommended, missing" ...


@dataclass
class PacketOutcome:
    directory: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the matrix


def matrix_rows(result: CheckResult) -> list[MatrixRow]:
    """Each applicable requirement of each profile, with the sections that satisfy it."""
    agreement = result.agreement
    effective = agreement.spec.term.effective
    rows = []
    for profile in result.profiles:
        for req in profile.requirements:
            if not req.applies_on(effective):
                continue
            sections = (
                agreement.sections_for_element(req.element)
                if req.element
                else list(agreement.sections)
            )
            labels = [(s.number, s.title) for s in sections]
            rows.append(
                MatrixRow(
                    profile=profile.id,
                    requirement=req.id,
                    element=req.element,
                    severity=req.severity,
                    what=req.message,
                    sections=labels if req.element else [],
                    citation=req.citation,
                    status=_status(result, req),
                )
            )
    return rows


def _status(result: CheckResult, req: Requirement) -> str:
    rule = RULE_IDS[req.check]
    failed = [
        f
        for f in result.findings
        if f.rule == rule and f.citation == req.citation and f.element == req.element
    ]
    if not failed:
        return "met"
    return "not met" if req.severity == "error" else "not met (recommended)"


#: the catalogue's keys of the matrix's column headers, severity notes and status words
MATRIX_HEADER = [
    "matrix.head.subject",
    "matrix.head.requirement",
    "matrix.head.satisfied_by",
    "matrix.head.citation",
    "matrix.head.status",
]
MATRIX_WIDTHS = [0.2, 0.32, 0.21, 0.16, 0.11]
SEVERITY_NOTE = {"warning": "matrix.note.recommended", "info": "matrix.note.noted"}
STATUS_WORDS = {
    "met": "matrix.status.met",
    "not met": "matrix.status.not_met",
    "not met (recommended)": "matrix.status.not_met_recommended",
}


def matrix_blocks(result: CheckResult, shown: Agreement | None = None) -> list[Block]:
    """The compliance matrix for the board: subjects by their titles, sections by number
    and title, no internal ids or hashes (the spec's hash is in the document properties).
    In the language of ``shown`` (the agreement as the board reads it, by default the
    checked one): its fixed words and section titles; the profiles' own text (titles,
    requirements, citations) stays English, marked as such."""
    from ..model.cover import date_words
    from ..model.typography import typeset

    agreement = result.agreement
    shown = shown or agreement
    lang, spec = shown.lang, agreement.spec
    titles = {s.number: s.title for s in shown.sections}
    rows = matrix_rows(result)
    blocks: list[Block] = [
        ("h1", phrase("matrix.title", lang, title=name_in(spec.title, shown.title, lang))),
        (
            "p",
            phrase(
                "matrix.parties",
                lang,
                district=spec.parties.district.name,
                agency=spec.parties.agency.name,
                revision=spec.revision,
                effective=date_words(spec.term.effective, lang),
                expires=date_words(spec.term.expires, lang),
            ),
        ),
        ("p", phrase("matrix.intro", lang)),
    ]
    if not result.profiles:
        blocks.append(("p", phrase("matrix.no_profile", lang)))
    for profile in result.profiles:
        authority = governing_passage(profile.profile.authority, lang)
        blocks += [
            ("h2", governing_passage(profile.profile.title, lang)),
            ("p", phrase("matrix.authority", lang, authority=authority)),
        ]
        table_rows = [_matrix_cells(r, lang, titles) for r in rows if r.profile == profile.id]
        header = [phrase(key, lang) for key in MATRIX_HEADER]
        blocks.append(("table", header, table_rows, MATRIX_WIDTHS))
    return [
        (b[0], typeset(b[1]))
        if b[0] != "table"
        else (b[0], b[1], [[typeset(c) for c in r] for r in b[2]], b[3])
        for b in blocks
    ]


def _matrix_cells(row: MatrixRow, lang: str, titles: dict[int, str]) -> list[str]:
    """A requirement's row of the matrix in ``lang`` (sections by their titles there)."""
    from ..model.elements import element_name

    what = row.what[:1].upper() + row.what[1:]
    note = SEVERITY_NOTE.get(row.severity)
    sections = [
        phrase("matrix.section", lang, number=n, title=titles.get(n, t)) for n, t in row.sections
    ]
    status = STATUS_WORDS.get(row.status)
    return [
        element_name(row.element, lang) if row.element else phrase("matrix.whole_agreement", lang),
        governing_passage(what, lang) + (phrase(note, lang) if note else ""),
        "\n".join(sections) or ("" if row.element is None else phrase("matrix.none", lang)),
        governing_passage(row.citation, lang),
        phrase(status, lang) if status else row.status,
    ]


def matrix_docx(
    result: CheckResult, template: Path | None = None, shown: Agreement | None = None
) -> bytes:
    """The compliance matrix in the agreement's template (landscape), in ``shown``'s language."""
    from ..ooxml.write.boarddoc import board_docx

    shown = shown or result.agreement
    spec = shown.spec
    return board_docx(
        shown,
        matrix_blocks(result, shown),
        title=phrase("matrix.title", shown.lang, title=spec.title),
        subject=phrase("packet.subject", shown.lang, id=spec.id, revision=spec.revision),
        template=template,
        description=f"Compliance matrix for {spec.id}; spec {result.agreement.spec_hash}",
        landscape=True,
    )


# --------------------------------------------------------------------------- the packet


def _prior_is_docx(prior: Path) -> bool:
    return prior.suffix.lower() == ".docx"


def make_packet(
    spec_path: Path,
    prior: Path,
    out_dir: Path,
    *,
    library: Library | None = None,
    board_date: dt.date | None = None,
    agenda_item: str | None = None,
    pdf: bool | None = None,
    template: Path | None = None,
    markdown: bool = False,
    lang: str = GOVERNING,
) -> PacketOutcome:
    """Write the board packet for ``spec_path`` into ``out_dir`` (in ``lang``)."""
    check_language(lang)
    library = library or Library.load()
    prior = Path(prior)
    if not prior.is_file():
        raise InputError(
            "prior agreement not found",
            Location(str(prior)),
            "pass its spec (.mou.yaml) or its .docx",
        )
    agreement, result = gate(Path(spec_path), library, board_date, what="board packet")
    from .redline import Side, load_side

    old = load_side(prior, library)
    name = agreement.id
    shown = agreement
    if lang != GOVERNING:
        from ..assembly.assembler import assemble
        from ..sources.specfile import load_spec

        shown = assemble(load_spec(Path(spec_path)), library, lang)
    english_docx = render_clean(agreement, approval=None, template=template)
    agreement_docx = (
        english_docx
        if shown is agreement
        else render_clean(shown, approval=None, template=template)
    )
    outputs: dict[str, bytes] = {}
    notes: list[str] = []
    outputs[f"{name}-for-approval.docx"] = agreement_docx

    from ..util.pdf import soffice_path

    want_pdf = pdf if pdf is not None else soffice_path() is not None
    from .final import convert_pdf

    if want_pdf:
        outputs[f"{name}-for-approval.pdf"] = convert_pdf(
            agreement_docx, f"{name}-for-approval.docx"
        )
    elif pdf is None:
        notes.append("LibreOffice (soffice) is not installed: no PDF in the packet")

    outputs[f"{name}-compliance-matrix.docx"] = matrix_docx(result, template, shown)
    from ..ooxml.safezip import open_docx_bytes
    from ..ooxml.write.boarddoc import board_docx
    from ..render.boardmemo import blocks_markdown, memo_blocks, memo_changes
    from .redline import redline_bytes

    new = Side(
        agreement.spec_path,
        agreement=agreement,
        package=open_docx_bytes(english_docx, f"{name}-for-approval.docx"),
    )
    if old.agreement is not None:
        old.package = open_docx_bytes(
            render_clean(old.agreement, approval=None, template=template, inspect=False), old.path
        )
    redlined = redline_bytes(old, new, date=agreement.spec.date, legend=True).data
    outputs[f"{name}-redline.docx"] = redlined
    changes = memo_changes(old, new)
    memo = memo_blocks(old, new, changes, library, shown)
    outputs[f"{name}-changes.docx"] = board_docx(
        shown,
        memo,
        title=memo[0][1],
        subject=phrase("packet.subject", lang, id=agreement.id, revision=agreement.spec.revision),
        template=template,
        description=f"Change memo for {agreement.id}",
    )
    if markdown:
        outputs[f"{name}-changes.md"] = blocks_markdown(memo).encode("utf-8")
        matrix = matrix_blocks(result, shown)
        outputs[f"{name}-compliance-matrix.md"] = blocks_markdown(matrix).encode("utf-8")
    if want_pdf:
        for doc in ("compliance-matrix", "redline", "changes"):
            outputs[f"{name}-{doc}.pdf"] = convert_pdf(
                outputs[f"{name}-{doc}.docx"], f"{name}-{doc}.docx"
            )

    index: dict[str, Any] = {
        "format": "mou-packet/1",
        "agreement": agreement.id,
        "spec": {"file": Path(agreement.spec_path).name, "hash": agreement.spec_hash},
        "prior": {"file": prior.name, "sha256": sha256_bytes(prior.read_bytes())},
        "board_date": board_date.isoformat() if board_date else None,
        "agenda_item": agenda_item,
        "files": {n: sha256_bytes(b) for n, b in sorted(outputs.items())},
        "record": record(
            agreement,
            result,
            f"{name}-for-approval.docx",
            agreement_docx,
            approval=None,
            kind="for-approval",
        ),
    }
    if lang != GOVERNING:
        index["lang"] = lang  # the agreement for approval, the matrix and the memo
    guard = OutputGuard(
        inputs=[spec_path, prior, *([template] if template else [])], library=library.root
    )
    for file_name in [*outputs, "packet.json"]:
        guard.check(Path(out_dir) / file_name)
    outcome = PacketOutcome(Path(out_dir), notes=notes)
    for file_name, data in outputs.items():
        path = Path(out_dir) / file_name
        write_bytes_atomic(path, data)
        outcome.files.append(path)
    index_path = Path(out_dir) / "packet.json"
    write_text_atomic(index_path, json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    outcome.files.append(index_path)
    return outcome
