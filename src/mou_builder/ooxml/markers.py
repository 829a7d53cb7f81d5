"""Clause markers in built documents: how a returned .docx is mapped back to clause ids.

Marker scheme (written by :mod:`mou_builder.ooxml.write`, read here):

1. **Content control (primary).** Each clause's heading paragraph carries an empty
   run-level ``w:sdt`` naming the clause; the heading's text stays outside it::

       <w:p>
         <w:pPr>(Heading 1, numbered)</w:pPr>
         <w:bookmarkStart w:id="7003" w:name="mou_3_2_data_sharing"/>
         <w:sdt>
           <w:sdtPr>
             <w:alias w:val="3. Data sharing"/>
             <w:tag w:val="mou:clause:data-sharing@2"/>
             <w:id w:val="1003"/>            <!-- 1000 + section number: no random ids -->
           </w:sdtPr>
           <w:sdtContent/>
         </w:sdt>
         <w:r><w:t>Data sharing</w:t></w:r>
       </w:p>
       <w:p>body ...</w:p> <w:tbl>...</w:tbl> ...   <!-- up to the bookmark's end -->

   The tag is ``mou:clause:<id>@<version>`` (:func:`clause_tag` / :func:`parse_tag`).
   Why not a block-level control around the clause (what mou wrote before, and still reads:
   every block inside it is that clause): LibreOffice 7.4 turns a block content control into
   a run-level one around the text of its first paragraph, and drops any comment and tracked
   change inside that, so a comment on the heading (or, with the heading outside, on the
   first body paragraph) was lost on save. Nothing a reader writes is inside the empty
   control, so nothing is lost; LibreOffice keeps it (without its tag) where it was.

2. **Bookmark (extent, and fallback).** A bookmark spans the clause: its
   ``w:bookmarkStart`` is the first child of the heading paragraph and its ``w:bookmarkEnd``
   the last child of the clause's last paragraph (or of the last paragraph of its last table).
   Word limits bookmark names to 40 characters of letters, digits and ``_``, so the name is
   ``mou_<section>_<version>_<id>`` with each ``-`` of the clause id written as ``_`` (clause
   ids never contain ``_``, so this decodes uniquely): ``mou_3_2_data_sharing``. An id too long
   for the limit is cut; given the document's manifest, the clause mapper takes the full id
   from the manifest entry for that section number. Bookmarks survive editing in Word
   when a user removes content controls, and survive LibreOffice round trips.

What LibreOffice 7.4 does on a .docx round trip (checked by tests/test_build_soffice.py and
tests/test_review_soffice_headings.py): it keeps the heading's empty content control but
drops its tag, keeps comments and tracked changes on the heading, and may write a bookmark
as a start without an end on the heading plus a second start/end pair of the same name in
the clause's last paragraph. Bookmarks are therefore read by name: a clause
runs from the first start of its name to the last end of any bookmark of that name (and never
past the next clause's start).

:mod:`.clausemap` maps blocks to clauses with these markers: content controls first (the
heading's, for the clause's id and version; the bookmark gives its extent), then bookmarks
for clauses whose content control lost its tag.
Paragraphs outside any clause (cover, signature page) are not part of any span.
"""

from __future__ import annotations

import re

TAG_PREFIX = "mou:clause:"
BOOKMARK_PREFIX = "mou_"
BOOKMARK_LIMIT = 40
SDT_ID_BASE = 1000

_TAG_RE = re.compile(r"^mou:clause:(?P<id>[^@\s]+)(?:@(?P<version>\d+))?$")
_BOOKMARK_RE = re.compile(r"^mou_(?P<section>\d+)_(?P<version>\d+)_(?P<id>[A-Za-z0-9_]+)$")


def clause_tag(clause_id: str, version: int | None) -> str:
    """``clause_tag("purpose", 1)`` → ``"mou:clause:purpose@1"``."""
    if version is None:
        return f"{TAG_PREFIX}{clause_id}"
    return f"{TAG_PREFIX}{clause_id}@{version}"


def parse_tag(tag: str | None) -> tuple[str, int | None] | None:
    """``"mou:clause:purpose@1"`` → ``("purpose", 1)``; anything else → None."""
    if not tag:
        return None
    match = _TAG_RE.match(tag.strip())
    if not match:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def bookmark_name(clause_id: str, version: int, section: int) -> str:
    """The fallback bookmark name for a clause (at most 40 characters)."""
    name = f"{BOOKMARK_PREFIX}{section}_{version}_{clause_id.replace('-', '_')}"
    return name[:BOOKMARK_LIMIT].rstrip("_")


def parse_bookmark(name: str | None) -> tuple[str, int, int] | None:
    """``"mou_3_2_data_sharing"`` → ``("data-sharing", 2, 3)`` (id, version, section)."""
    if not name:
        return None
    match = _BOOKMARK_RE.match(name)
    if not match:
        return None
    return (
        match.group("id").replace("_", "-"),
        int(match.group("version")),
        int(match.group("section")),
    )


def sdt_id(section: int) -> int:
    return SDT_ID_BASE + section
