"""Hostile and broken .docx files: refused with one clear line, nothing expanded or fetched.

Each file of the corpus (made by hostile/make_corpus.py, expectations in hostile/cases.yaml)
goes through the safe package reader and through every command that reads a returned
document: `mou review`, `mou verify` and `mou redline`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hostile import make_corpus
from hostile.support import CASES, assert_clean_failure, corpus_path, make_generated, run_mou
from mou_builder.errors import DocumentError
from mou_builder.ooxml import safezip

CASES_DOCX = CASES["docx"]
IDS = [Path(c["file"]).name for c in CASES_DOCX]
READ_PARTS = ("word/document.xml", "word/comments.xml", "word/styles.xml")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_generated(tmp_path_factory.mktemp("hostile-docx"))


def _wanted(case: dict, command: str) -> bool:
    return command in case.get("commands", ["safezip", "review", "verify", "redline"])


def _open_and_parse(path: Path) -> safezip.Package:
    package = safezip.open_docx(path)
    for part in READ_PARTS:
        if package.has(part):
            package.xml(part)
    return package


@pytest.mark.parametrize("case", CASES_DOCX, ids=IDS)
def test_safe_reader_refuses_with_a_document_error(case, generated):
    path = corpus_path(generated, case["file"])
    with pytest.raises(DocumentError) as info:
        _open_and_parse(path)
    assert case["message"] in str(info.value)
    assert "\n" not in str(info.value)
    assert "root:" not in str(info.value)


@pytest.mark.parametrize("case", CASES_DOCX, ids=IDS)
def test_review_refuses_with_exit_two(case, generated):
    if not _wanted(case, "review"):
        pytest.skip("part not read by this command")
    result = run_mou("review", corpus_path(generated, case["file"]))
    assert_clean_failure(result, case["exit"], case["message"])
    assert "root:" not in result.output


@pytest.mark.parametrize("case", CASES_DOCX, ids=IDS)
def test_verify_refuses_with_exit_two(case, generated):
    if not _wanted(case, "verify"):
        pytest.skip("part not read by this command")
    result = run_mou("verify", corpus_path(generated, case["file"]))
    assert_clean_failure(result, case["exit"], case.get("verify_message", case["message"]))


@pytest.mark.parametrize("case", CASES_DOCX, ids=IDS)
def test_redline_refuses_and_writes_nothing(case, generated, mini_library, write_spec, tmp_path):
    if not _wanted(case, "redline"):
        pytest.skip("part not read by this command")
    out = tmp_path / "out" / "redline.docx"
    result = run_mou(
        "--library",
        mini_library,
        "redline",
        write_spec(),
        corpus_path(generated, case["file"]),
        "-o",
        out,
    )
    assert_clean_failure(result, case["exit"], case["message"])
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


@pytest.mark.parametrize("case", CASES_DOCX, ids=IDS)
def test_accept_and_diff_refuse_and_write_nothing(
    case, generated, mini_library, write_spec, tmp_path
):
    if not _wanted(case, "review"):  # accept and diff read what review reads
        pytest.skip("part not read by this command")
    hostile = corpus_path(generated, case["file"])
    out = tmp_path / "next.mou.yaml"
    accepted = run_mou(
        "--library", mini_library, "accept", hostile, "--spec", write_spec(), "--all", "-o", out
    )
    assert_clean_failure(accepted, case["exit"], case["message"])
    assert not out.exists()
    if _wanted(case, "redline"):  # diff reads what redline reads
        diffed = run_mou("--library", mini_library, "diff", write_spec(), hostile)
        assert_clean_failure(diffed, case["exit"], case["message"])


def test_entities_are_never_expanded_even_when_parsed_directly():
    """parse_xml itself refuses a DOCTYPE; the parser under it never resolves entities."""
    for xml in (make_corpus.XXE_FILE, make_corpus.BILLION_LAUGHS, make_corpus.LATE_ENTITY):
        with pytest.raises(DocumentError, match="DOCTYPE"):
            safezip.parse_xml(xml.encode(), "x.xml")
    from lxml import etree

    root = etree.fromstring(make_corpus.XXE_FILE.encode(), safezip._PARSER)
    assert "root:" not in "".join(root.itertext())


def test_external_dtd_is_never_fetched(generated, monkeypatch):
    """No socket is opened while a document that points at a remote DTD is read."""
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(DocumentError):
        _open_and_parse(generated / "external-dtd.docx")


def test_path_traversal_members_are_ignored_and_nothing_is_written(generated, tmp_path):
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        package = _open_and_parse(generated / "path-traversal.docx")
    finally:
        os.chdir(cwd)
    assert sorted(package.ignored) == sorted(
        ["../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "word\\..\\..\\evil.txt", ""]
    )
    assert all("evil" not in name for name in package.parts)
    assert list(tmp_path.iterdir()) == []
    assert not Path("/etc/evil.txt").exists()


def test_path_traversal_document_still_reviews(generated, mini_library, write_spec):
    result = run_mou(
        "--library",
        mini_library,
        "review",
        generated / "path-traversal.docx",
        "--spec",
        write_spec(),
    )
    assert result.exit_code == 0, result.output
    assert "evil" not in result.output


def test_bytes_reader_applies_the_same_bounds():
    for name in (
        "zip-bomb-ratio.docx",
        "many-members.docx",
        "encrypted-ole.docx",
        "duplicate-document.docx",
    ):
        with pytest.raises(DocumentError):
            safezip.open_docx_bytes(make_corpus.CORPUS[name](), name)
