"""`mou review`: output formats, flags, the text fallback and hostile input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from mou_builder.cli import mou

FIXTURES = Path(__file__).parent / "fixtures" / "review"
SPEC = FIXTURES / "spec.mou.yaml"
LIB = ["--library", str(FIXTURES / "clauses")]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(autouse=True)
def _profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOU_PROFILES", str(FIXTURES / "profiles"))


def run(*args: str):
    return CliRunner().invoke(mou, [*LIB, *args])


def review_json(path: Path, *extra: str) -> dict:
    result = run("review", str(path), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def rewrite_document(source: Path, target: Path, edit) -> Path:
    """Copy a .docx, changing word/document.xml with ``edit(root)``."""
    with zipfile.ZipFile(source) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


# ------------------------------------------------------------------ JSON shape and formats


def test_json_shape_is_stable():
    data = review_json(FIXTURES / "word-constructs.docx", "--spec", str(SPEC))
    assert data["document"].endswith("word-constructs.docx")
    assert {"document", "changes", "comments", "flags"} <= set(data)
    for change in data["changes"]:
        assert set(change) == {
            "id",
            "clause",
            "section",
            "kind",
            "author",
            "date",
            "text",
            "context",
            "party",
        }
        assert change["kind"] in {
            "insert",
            "delete",
            "move",
            "format",
            "paragraph-insert",
            "paragraph-delete",
            "untracked",
        }
    for comment in data["comments"]:
        assert {"id", "clause", "author", "date", "text", "anchor", "replies"} <= set(comment)
    for flag in data["flags"]:
        assert set(flag) == {"change", "rule", "message"}
    ids = {c["id"] for c in data["changes"]}
    assert all(flag["change"] in ids for flag in data["flags"])


def test_summary_counts_changes_per_clause_and_per_author():
    data = review_json(FIXTURES / "word-constructs.docx")
    summary = data["summary"]
    assert summary["changes_per_clause"]["contacts"] == 3
    assert summary["changes_per_author"] == {"Lt. Rivera (Agency)": len(data["changes"])}


def test_text_output_groups_by_clause_and_shows_flags():
    result = run("review", str(FIXTURES / "lo-tracked.docx"), "--spec", str(SPEC))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Section 2  sro-hours  (Hours of Duty)" in out
    assert "! locked-clause:" in out and "! discipline-duties:" in out
    assert "Changes per author: Sgt. Lopez (Agency) 7" in out
    assert 'comment 0 Sgt. Lopez (Agency) on "written consent"' in out


def test_markdown_output():
    result = run("review", str(FIXTURES / "word-constructs.docx"), "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Review of word-constructs.docx")
    assert "| id | kind | author | date | text | context | flags |" in result.output
    assert "reply by Counsel (District): The principal or a designee." in result.output


# ------------------------------------------------------------------ flags


def flags_of(data: dict) -> dict[str, set[str]]:
    by_text: dict[str, set[str]] = {}
    texts = {c["id"]: c["text"] for c in data["changes"]}
    for flag in data["flags"]:
        by_text.setdefault(texts[flag["change"]].strip(), set()).add(flag["rule"])
    return by_text


def test_flags_locked_clause_and_discipline_duties_with_spec():
    data = review_json(FIXTURES / "lo-tracked.docx", "--spec", str(SPEC))
    flags = flags_of(data)
    assert flags["enlarges"] == {"locked-clause"} and flags["limits"] == {"locked-clause"}
    assert flags["not"] == {"discipline-duties"}  # deleting "not" hands over discipline
    assert "eight" not in flags and "six" not in flags
    (message,) = [f["message"] for f in data["flags"] if f["rule"] == "discipline-duties"]
    assert "The SRO will administer student discipline." in message


def test_flags_without_spec_use_the_library_and_the_text_rules():
    data = review_json(FIXTURES / "lo-tracked.docx")
    flags = flags_of(data)
    assert flags["enlarges"] == {"locked-clause"}
    assert flags["not"] == {"discipline-duties"}


def test_deleting_the_consent_paragraph_is_flagged():
    data = review_json(FIXTURES / "word-constructs.docx", "--spec", str(SPEC))
    (flag,) = data["flags"]
    assert flag["rule"] == "consent-rule"


def delete_clause(clause: str, author: str = "Lt. Rivera (Agency)"):
    """Word-style deletion of a whole clause: every run in w:del, every paragraph mark deleted."""

    def edit(root):
        next_id = 500
        for sdt in root.iter(f"{W}sdt"):
            tag = sdt.find(f"{W}sdtPr/{W}tag")
            if tag is None or not tag.get(f"{W}val", "").startswith(f"mou:clause:{clause}@"):
                continue
            for p in sdt.iter(f"{W}p"):
                for r in p.findall(f"{W}r"):
                    for t in r.findall(f"{W}t"):
                        t.tag = f"{W}delText"
                    deletion = etree.Element(
                        f"{W}del", {f"{W}id": str(next_id), f"{W}author": author}
                    )
                    next_id += 1
                    r.addprevious(deletion)
                    deletion.append(r)
                ppr = p.find(f"{W}pPr")
                if ppr is None:
                    ppr = etree.Element(f"{W}pPr")
                    p.insert(0, ppr)
                rpr = ppr.find(f"{W}rPr")
                if rpr is None:
                    rpr = etree.SubElement(ppr, f"{W}rPr")
                rpr.insert(
                    0, etree.Element(f"{W}del", {f"{W}id": str(next_id), f"{W}author": author})
                )
                next_id += 1

    return edit


def test_deleting_a_whole_required_clause_is_flagged(tmp_path):
    doc = rewrite_document(
        FIXTURES / "sent.docx", tmp_path / "cut.docx", delete_clause("discipline-boundary")
    )
    data = review_json(doc, "--spec", str(SPEC))
    kinds = {c["kind"] for c in data["changes"]}
    assert kinds == {"paragraph-delete"}
    rules = {f["rule"] for f in data["flags"]}
    assert "required-element" in rules
    assert any("discipline_boundary" in f["message"] for f in data["flags"])


# ------------------------------------------------------------------ fallback by text


def strip_markers(root) -> None:
    for sdt in list(root.iter(f"{W}sdt")):
        content = sdt.find(f"{W}sdtContent")
        parent = sdt.getparent()
        index = parent.index(sdt)
        for child in list(content if content is not None else []):
            parent.insert(index, child)
            index += 1
        parent.remove(sdt)
    for tag in ("bookmarkStart", "bookmarkEnd"):
        for node in list(root.iter(f"{W}{tag}")):
            node.getparent().remove(node)


def test_without_markers_clauses_are_matched_by_text_against_the_spec(tmp_path):
    doc = rewrite_document(FIXTURES / "lo-tracked.docx", tmp_path / "bare.docx", strip_markers)
    data = review_json(doc, "--spec", str(SPEC))
    clauses = {c["text"].strip(): c["clause"] for c in data["changes"]}
    assert clauses["six"] == "sro-hours"
    assert clauses["not"] == "discipline-boundary"
    assert clauses["enlarges"] == "statutory-notice"
    assert clauses["The SRO will meet the principal once a month."] == "discipline-boundary"
    assert {f["rule"] for f in data["flags"]} >= {"locked-clause", "discipline-duties"}


def test_without_markers_and_without_spec_is_refused(tmp_path):
    doc = rewrite_document(FIXTURES / "lo-tracked.docx", tmp_path / "bare.docx", strip_markers)
    result = run("review", str(doc))
    assert result.exit_code == 2
    assert "no clause markers" in result.output and "--spec" in result.output


# ------------------------------------------------------------------ hostile input


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def hostile(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.docx"
    if kind == "not-a-zip":
        path.write_text("This is plain text, not a Word document.\n")
    elif kind == "ole":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    elif kind == "many-members":
        path.write_bytes(zip_bytes({f"word/m{i}.xml": b"<x/>" for i in range(2100)}))
    elif kind == "bomb":
        path.write_bytes(
            zip_bytes({"word/document.xml": b"<a/>", "word/big.xml": b"\x00" * (120 * 1024 * 1024)})
        )
    elif kind == "doctype":
        doc = (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'
        )
        path.write_bytes(zip_bytes({"word/document.xml": doc}))
    return path


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("not-a-zip", "not a .docx"),
        ("ole", "password-protected"),
        ("many-members", "members"),
        ("bomb", "zip bomb"),
        ("doctype", "DOCTYPE"),
    ],
)
def test_hostile_documents_get_one_line_and_exit_2(tmp_path, kind, words):
    path = hostile(tmp_path, kind)
    result = run("review", str(path))
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    out = tmp_path / "next.mou.yaml"
    result = run("accept", str(path), "--spec", str(SPEC), "--all", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()


def test_missing_document(tmp_path):
    result = run("review", str(tmp_path / "nope.docx"))
    assert result.exit_code == 2 and "file not found" in result.output


def test_without_spec_a_clause_deleted_whole_is_flagged(tmp_path):
    doc = rewrite_document(
        FIXTURES / "sent.docx", tmp_path / "cut.docx", delete_clause("discipline-boundary")
    )
    data = review_json(doc)
    flagged = {f["rule"] for f in data["flags"]}
    assert flagged == {"clause-removed"}
    assert any("discipline_boundary" in f["message"] for f in data["flags"])
