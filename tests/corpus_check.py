"""The real-document corpus: mou's redline and review checked against LibreOffice and the XML.

The corpus (459 .docx files from other projects' public test suites, with ``cases.json``)
lives beside the checkout in ``../shared/corpus/docx``; nothing of it is copied here. Every
case is checked and gets one outcome:

- ``pair`` (a -> b): ``mou redline a b``; LibreOffice's Accept All of it gives b's text (list
  labels, text frames, text boxes and notes included) and Reject All a's; the accepted redline
  keeps b's structure (tables, drawings, notes, sections, fields, parts). LibreOffice 7.4
  ignores every tracked change after a framed paragraph (``w:framePr``; see
  test_corpus.py), so a pair with frames is put to LibreOffice with the frames taken out of
  the redline and of both sides alike (a frame only positions its paragraph: no text is
  lost); the outcome notes it;
- ``tracked``: review's authors, and the kinds per author, equal a count of the XML; every
  revision with content is in some change, each change by the author the XML gives its
  revisions; every comment and reply is read with the XML's author and text;
- ``assorted``: ``redline X X`` has no revision; ``redline X X__edited`` tracks exactly the
  one edited word, and LibreOffice's views agree;
- ``bad``: a one-line refusal (a :class:`MouError`), never a traceback.

A refusal (MouError) counts as ``refused``; it is a pass for ``bad`` cases only.

Run ``.venv/bin/python tests/corpus_check.py [-j 2] [ID...]`` for the counts per group.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from mou_builder.ooxml.read.model import Comment, ReturnedDocument

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docx"
LO_VIEWS = Path(__file__).with_name("lo_views.py")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BATCH = 24  # documents per LibreOffice process


def q(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Outcome:
    case: dict
    status: str = "ok"  # ok | wrong | refused | crash
    reasons: list[str] = field(default_factory=list)
    lo_jobs: list[tuple[str, str, str]] = field(default_factory=list)  # (view, file, expected)
    notes: list[str] = field(default_factory=list)  # how a case was checked, when unusual

    def fail(self, reason: str, status: str = "wrong") -> None:
        if self.status == "ok":
            self.status = status
        self.reasons.append(reason)


def load_cases() -> list[dict]:
    return json.loads((CORPUS / "cases.json").read_text())


def _redline(old: Path, new: Path):
    from mou_builder.workflows.redline import load_side, redline_bytes

    return redline_bytes(load_side(old), load_side(new), author="Corpus Check", date="2026-01-01")


def _guard(outcome: Outcome, work, *args):
    from mou_builder.errors import MouError

    try:
        return work(*args)
    except MouError as exc:
        outcome.fail(f"refused: {exc}", "refused")
    except Exception:  # a traceback is the worst outcome
        outcome.fail("crash: " + traceback.format_exc().strip().splitlines()[-1], "crash")
    return None


# -- structure: counts of what must survive, in the accepted redline and in NEW
_STRUCTURE = ("tbl", "drawing", "pict", "footnoteReference", "endnoteReference", "sectPr")


def _structure(data: bytes) -> dict[str, int]:
    from mou_builder.ooxml.revisions import accept_all
    from mou_builder.ooxml.safezip import open_docx_bytes

    package = open_docx_bytes(data, "x.docx")
    root = package.xml("word/document.xml")
    accept_all(root)
    counts = {name: sum(1 for _ in root.iter(q(name))) for name in _STRUCTURE}
    counts["fields"] = sum(1 for _ in root.iter(q("fldSimple"))) + sum(
        1 for el in root.iter(q("fldChar")) if el.get(q("fldCharType")) == "begin"
    )
    return counts


def _parts(data: bytes) -> set[str]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return set(zf.namelist())


def check_pair(case: dict, work: Path, old: Path, new: Path, out_name: str) -> Outcome:
    outcome = Outcome(case)
    result = _guard(outcome, _redline, old, new)
    if result is None:
        return outcome
    out = work / out_name
    out.write_bytes(result.data)
    new_bytes = new.read_bytes()
    # a part the output leaves out on purpose (macros, OLE objects, unknown parts) is listed
    # in the redline's report: that is not a loss
    dropped = {entry.split(" ", 1)[0] for entry in result.dropped}
    missing = _parts(new_bytes) - _parts(result.data) - dropped
    if missing:
        outcome.fail(f"parts lost: {sorted(missing)[:3]}")
    got = _guard(outcome, _structure, result.data)
    want = _guard(outcome, _structure, new_bytes)
    if got is not None and want is not None and got != want:
        diff = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
        outcome.fail(f"structure (new, accepted redline): {diff}")
    views = (out, new, old)
    if _has_frames(result.data):
        views = tuple(_without_frames(path, work) for path in views)
        outcome.notes.append("LibreOffice views checked with the frames (w:framePr) taken out")
    out, new, old = (str(path) for path in views)
    outcome.lo_jobs += [("accepted", out, new), ("rejected", out, old)]
    return outcome


def _has_frames(data: bytes) -> bool:
    """Whether a package's body has a framed paragraph (LibreOffice then ignores the
    tracked changes after it)."""
    return b"framePr" in _document_xml(data)


def _without_frames(path: Path, work: Path) -> Path:
    """A copy of ``path`` (in ``work``) with every w:framePr removed from its body;
    everything else, tracked changes included, is kept as it is."""
    import zipfile

    from mou_builder.ooxml.safezip import parse_xml

    target = work / f"{path.stem}.noframes{len(list(work.glob('*.noframes*')))}.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                root = parse_xml(data, f"{path}!{info.filename}")
                for frame in list(root.iter(q("framePr"))):
                    frame.getparent().remove(frame)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            copy.writestr(info, data)
    return target


def _tracked_text(data: bytes) -> tuple[str, str]:
    root = etree.fromstring(_document_xml(data))
    deleted = "".join(t.text or "" for t in root.iter(q("delText")))
    inserted = "".join(t.text or "" for ins in root.iter(q("ins")) for t in ins.iter(q("t")))
    return deleted, inserted


def _document_xml(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml")


def _net(deleted: str, inserted: str) -> tuple[str, str]:
    """What the tracked text changes, their common start and end left out (a paragraph
    replaced whole, as a field's is, still tracks just the edit)."""
    start = 0
    while start < min(len(deleted), len(inserted)) and deleted[start] == inserted[start]:
        start += 1
    end = 0
    while (
        end < min(len(deleted), len(inserted)) - start and deleted[-1 - end] == inserted[-1 - end]
    ):
        end += 1
    return deleted[start : len(deleted) - end].strip(), inserted[
        start : len(inserted) - end
    ].strip()


def check_assorted(case: dict, work: Path) -> Outcome:
    doc = CORPUS / case["doc"]
    outcome = Outcome(case)
    same = _guard(outcome, _redline, doc, doc)
    if same is None:
        return outcome
    if same.revisions:
        outcome.fail(f"redline X X has {same.revisions} revisions")
    if "edited" not in case:
        return outcome
    edited = check_pair(case, work, doc, CORPUS / case["edited"], f"{case['id']}.edited.docx")
    outcome.reasons += edited.reasons
    if edited.status != "ok" and outcome.status == "ok":
        outcome.status = edited.status
    outcome.lo_jobs, outcome.notes = edited.lo_jobs, edited.notes
    if edited.status in ("refused", "crash"):
        return outcome
    old_word, new_word = case["edit"]
    deleted, inserted = _tracked_text((work / f"{case['id']}.edited.docx").read_bytes())
    if _net(deleted, inserted) != _net(old_word, new_word):
        outcome.fail(f"tracked {deleted[:40]!r} -> {inserted[:40]!r}, not the one edit")
    return outcome


_TEXT_REVS = {"ins": "text", "del": "text", "cellIns": "text", "cellDel": "text"}
_MOVE_REVS = {"moveFrom": "move", "moveTo": "move"}
_PROPERTY_REVS = {
    name: "property"
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "tblPrExChange",
        "numberingChange",
        "cellMerge",
    )
}
_CATEGORY = {**_TEXT_REVS, **_MOVE_REVS, **_PROPERTY_REVS}
_CONTENT = {
    q(n)
    for n in (
        "t",
        "delText",
        "tab",
        "br",
        "cr",
        "drawing",
        "pict",
        "object",
        "sym",
        "footnoteReference",
        "endnoteReference",
        "instrText",
        "delInstrText",
        "noBreakHyphen",
    )
}
_KIND_CATEGORY = {
    "insert": "text",
    "delete": "text",
    "paragraph-insert": "text",
    "paragraph-delete": "text",
    "move": "move",
    "format": "property",
}


def xml_revisions(data: bytes) -> dict[str, set[str]]:
    """Author -> categories of the revisions with content in word/document.xml."""
    root = etree.fromstring(_document_xml(data))
    found: dict[str, set[str]] = collections.defaultdict(set)
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{W}}}"):
            continue
        name = etree.QName(el).localname
        category = _CATEGORY.get(name)
        if category is None or el.get(q("author")) is None:
            continue  # w:tblGridChange has no author: it goes with its w:tblPrChange
        parent = etree.QName(el.getparent()).localname if el.getparent() is not None else ""
        has_content = parent in ("rPr", "trPr", "tcPr") or any(d.tag in _CONTENT for d in el.iter())
        if category != "property" and not has_content:
            continue
        found[el.get(q("author"), "")].add(category)
    return dict(found)


def check_tracked(case: dict) -> Outcome:
    from mou_builder.ooxml.read import read_returned

    outcome = Outcome(case)
    path = CORPUS / case["doc"]
    doc = _guard(outcome, read_returned, path)
    if doc is None:
        return outcome
    try:
        want = xml_revisions(path.read_bytes())
    except (KeyError, etree.XMLSyntaxError) as exc:
        outcome.fail(f"independent count failed: {exc}", "refused")
        return outcome
    got: dict[str, set[str]] = collections.defaultdict(set)
    for change in doc.changes:
        got[change.author or ""].add(_KIND_CATEGORY.get(change.kind, change.kind))
    if dict(got) != want:
        outcome.fail(f"review {dict(got)} != XML {want}")
    empty = [c.kind for c in doc.changes if c.kind == "move" and not c.text.strip()]
    if empty:
        outcome.fail(f"{len(empty)} move(s) with empty text")
    data = path.read_bytes()
    for reason in author_mismatches(doc, data) + comment_mismatches(doc.comments, data):
        outcome.fail(reason)
    return outcome


def xml_authors(data: bytes) -> dict[str, set[str]]:
    """Revision id -> the authors of the revision elements with that id in word/document.xml."""
    root = etree.fromstring(_document_xml(data))
    authors: dict[str, set[str]] = collections.defaultdict(set)
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{W}}}"):
            continue
        if etree.QName(el).localname in _CATEGORY and el.get(q("author")) is not None:
            authors[el.get(q("id"), "")].add(el.get(q("author"), ""))
    return dict(authors)


def author_mismatches(doc: ReturnedDocument, data: bytes) -> list[str]:
    """Each change's author is the author, in the XML, of every revision it is made of."""
    authors = xml_authors(data)
    wrong = []
    for change in doc.changes:
        for key in change.keys:
            written = authors.get(doc.revs[key].id)
            if written is not None and len(written) == 1 and written != {change.author}:
                wrong.append(
                    f"{change.kind} {change.text[:30]!r} by {change.author!r}, XML {written}"
                )
                break
    return [f"{len(wrong)} change(s) with another author: {wrong[0]}"] if wrong else []


def xml_comments(data: bytes) -> list[tuple[str, str]]:
    """(author, text) of every comment in word/comments.xml, replies included; the text is its
    paragraphs' w:t, one line each."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/comments.xml" not in zf.namelist():
            return []
        root = etree.fromstring(zf.read("word/comments.xml"))
    return [
        (
            c.get(q("author"), ""),
            "\n".join(
                "".join(t.text or "" for t in p.iter(q("t"))) for p in c.iter(q("p"))
            ).strip(),
        )
        for c in root.iter(q("comment"))
    ]


def comment_mismatches(comments: list[Comment], data: bytes) -> list[str]:
    """Review reads every comment and reply, each with the XML's author and text."""
    read = []
    pending = list(comments)
    while pending:
        comment = pending.pop(0)
        read.append((comment.author, comment.text))
        pending[:0] = comment.replies
    want = xml_comments(data)
    if sorted(read) == sorted(want):
        return []
    if len(read) != len(want):
        return [f"review read {len(read)} comments, the XML has {len(want)}"]
    got = collections.Counter(read)
    missing = [c for c in want if not got[c]]
    return [f"comment {missing[0][1][:40]!r} by {missing[0][0]!r} not read as written"]


def check_bad(case: dict) -> Outcome:
    from mou_builder.errors import MouError
    from mou_builder.ooxml.read import read_returned

    outcome = Outcome(case)
    path = CORPUS / case["doc"]
    for name, work in (
        ("redline", lambda: _redline(path, path)),
        ("review", lambda: read_returned(path)),
    ):
        try:
            work()
        except MouError as exc:
            if "\n" in str(exc):
                outcome.fail(f"{name}: refusal is not one line")
        except Exception:
            outcome.fail(
                f"{name} crash: " + traceback.format_exc().strip().splitlines()[-1], "crash"
            )
        else:
            outcome.fail(f"{name}: accepted a corrupt document")
    return outcome


# -- LibreOffice: many documents per process, one private profile per process
def lo_views(files: list[str], jobs: int, work: Path) -> dict[str, dict]:
    python = shutil.which("python3", path="/usr/bin") or "python3"
    batches = [files[i : i + BATCH] for i in range(0, len(files), BATCH)]

    def run(index: int) -> dict[str, dict]:
        profile = work / f"profile-{index}"
        proc = subprocess.run(
            [python, str(LO_VIEWS), str(profile), "--full", *batches[index]],
            capture_output=True,
            text=True,
            timeout=900,
        )
        shutil.rmtree(profile, ignore_errors=True)
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError:
            return {f: {"error": proc.stderr.strip()[-200:] or "no output"} for f in batches[index]}

    results: dict[str, dict] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(run, range(len(batches))):
            results.update(part)
    return results


def _norm(texts: list[str], path: str) -> list[str]:
    """Paragraph texts as compared: trailing blanks and empty trailing paragraphs dropped,
    the file's own name (a FILENAME field) replaced, and U+200D dropped: LibreOffice puts it
    in the empty cells of a row it tracks as inserted or deleted, and may leave it there."""
    name = Path(path).name
    out = [
        t.replace(name, "<file>").replace(name[:-5], "<file>").replace("\u200d", "").rstrip()
        for t in texts
    ]
    while out and not out[-1]:
        out.pop()
    return out


def _first_difference(got: list[str], want: list[str]) -> str:
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        if g != w:
            return f"para {i}: {g[:60]!r} != {w[:60]!r}"
    return f"{len(got)} paragraphs != {len(want)}"


def run_cases(cases: Iterable[dict], work: Path, jobs: int = 2) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for case in cases:
        if case["type"] == "pair":
            outcome = check_pair(
                case, work, CORPUS / case["a"], CORPUS / case["b"], f"{case['id']}.docx"
            )
        elif case["type"] == "assorted":
            outcome = check_assorted(case, work)
        elif case["type"] == "tracked":
            outcome = check_tracked(case)
        else:
            outcome = check_bad(case)
        outcomes.append(outcome)
    files = sorted(
        {f for o in outcomes for _, f, _ in o.lo_jobs}
        | {f"plain:{e}" for o in outcomes for _, _, e in o.lo_jobs}
    )
    views = lo_views(files, jobs, work) if files else {}
    for outcome in outcomes:
        for view, file, expected in outcome.lo_jobs:
            got, want = views.get(file, {}), views.get(f"plain:{expected}", {})
            if "error" in got or "error" in want:
                outcome.fail(f"LibreOffice: {got.get('error') or want.get('error')}")
                continue
            g = _norm(got.get(view, []), file)
            e = _norm(want.get("plain", []), expected)
            if g != e:
                outcome.fail(f"LibreOffice {view}: {_first_difference(g, e)}")
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, collections.Counter]:
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for outcome in outcomes:
        status = outcome.status
        if outcome.case["type"] == "bad" and status == "ok":
            status = "refused"
        table[outcome.case["type"]][status] += 1
    return dict(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--json", help="write every outcome to this file")
    parser.add_argument("ids", nargs="*", help="case ids or groups (pair, tracked, ...)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    cases = [c for c in load_cases() if not args.ids or {c["id"], c["type"]} & set(args.ids)]
    with tempfile.TemporaryDirectory(prefix="mou-corpus-") as tmp:
        outcomes = run_cases(cases, Path(tmp), args.jobs)
    for outcome in outcomes:
        if outcome.reasons or outcome.notes:
            told = "; ".join(outcome.reasons + outcome.notes)
            print(f"{outcome.status:8} {outcome.case['id']}: {told[:300]}")
    for group, counts in sorted(summary(outcomes).items()):
        print(f"{group:9} " + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {o.case["id"]: {"status": o.status, "reasons": o.reasons} for o in outcomes},
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
