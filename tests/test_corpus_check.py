"""The corpus check's own checks notice what they are meant to notice.

Each check of ``corpus_check`` is run on a real corpus document as review reads it, then on
the same reading deliberately broken: a check that cannot fail would let the corpus pass
whatever review does. Skipped when the corpus is not beside the checkout.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from corpus_check import (
    CORPUS,
    _has_frames,
    _without_frames,
    author_mismatches,
    comment_mismatches,
    q,
    xml_revisions,
)
from mou_builder.ooxml.read import read_returned

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus beside the checkout")

FOUR_AUTHORS = "open-xml-powertools__RP038-Inserted-Paras-at-End.docx"
FOUR_COMMENTS = "python-docx__comments-rich-para.docx"
FRAMED = "open-xml-powertools__RP051-Arabic-Rejected.docx"


def test_each_change_keeps_the_author_the_xml_gives_it() -> None:
    path = CORPUS / FOUR_AUTHORS
    doc = read_returned(path)
    assert len({c.author for c in doc.changes}) == 4
    assert author_mismatches(doc, path.read_bytes()) == []


def test_a_change_given_another_authors_name_is_reported() -> None:
    path = CORPUS / FOUR_AUTHORS
    doc = read_returned(path)
    first, other = doc.changes[0], next(c for c in doc.changes if c.author != doc.changes[0].author)
    first.author = other.author
    [reason] = author_mismatches(doc, path.read_bytes())
    assert "another author" in reason and repr(other.author) in reason


def test_comments_are_read_with_the_xmls_authors_and_texts() -> None:
    path = CORPUS / FOUR_COMMENTS
    doc = read_returned(path)
    assert len(doc.comments) == 4
    assert comment_mismatches(doc.comments, path.read_bytes()) == []


@pytest.mark.parametrize("broken", ["text", "author", "lost"])
def test_a_comment_misread_or_lost_is_reported(broken: str) -> None:
    path = CORPUS / FOUR_COMMENTS
    doc = read_returned(path)
    if broken == "lost":
        doc.comments.pop()
    else:
        setattr(doc.comments[0], broken, "something else")
    assert comment_mismatches(doc.comments, path.read_bytes()) != []


def test_a_reply_counts_as_a_comment_of_its_own() -> None:
    path = CORPUS / FOUR_COMMENTS
    doc = read_returned(path)
    last = doc.comments.pop()
    doc.comments[0].replies.append(last)
    assert comment_mismatches(doc.comments, path.read_bytes()) == []


def test_a_copy_without_frames_keeps_every_word_and_tracked_change(tmp_path: Path) -> None:
    """What LibreOffice is shown for a framed document loses only the frames."""
    source = CORPUS / FRAMED
    assert _has_frames(source.read_bytes())
    copy = _without_frames(source, tmp_path)
    assert not _has_frames(copy.read_bytes())

    def words(path: Path) -> list[str]:
        with zipfile.ZipFile(path) as zf:
            root = etree.fromstring(zf.read("word/document.xml"))
        return [t.text or "" for t in root.iter(q("t"), q("delText"))]

    assert words(copy) == words(source) != []
    assert xml_revisions(copy.read_bytes()) == xml_revisions(source.read_bytes())
