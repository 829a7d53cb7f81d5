"""LibreOffice's own Accept All and Reject All of redlines with moves and inserted paragraphs.

On mou's own agreements: a clause that moved and was edited, and a paragraph that moved
(edited) inside its clause, are native moves (``w:moveFrom``/``w:moveTo`` between ranges of
one name), and LibreOffice's Accept All gives NEW's paragraphs, its Reject All OLD's. A
sentence appended to a paragraph followed by inserted (or, the other way, deleted)
paragraphs, or by a clause inserted after it: OLD's paragraph does not join the next
heading in Reject All (Accept All). A clause that ends in a table, inserted or removed, in
the middle or at the end: no empty paragraph is left where it was (LibreOffice cannot join a
paragraph to a table, so the break it would remove must not be the one before the table).
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest

from mou_builder.ooxml.ns import w
from mou_builder.ooxml.redlining import redline_packages
from mou_builder.ooxml.revisions import paragraph_texts
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.sources.library import Library
from mou_builder.workflows.redline import load_side, redline_bytes
from redline_support import Clause, Free, document_xml, expected_texts, make_docx

from conftest import MINI_CLAUSES, MINI_SPEC, requires_soffice, write_library

pytestmark = [pytest.mark.soffice, requires_soffice]

UNO_PYTHON = "/usr/bin/python3"
APPENDED = "Requests go to the office named in the written agreement."
OLD_RECORDS = [Free(["Cover"]), Clause("r", 1, "Records", [APPENDED])]
CONFIDENTIALITY = Clause("c", 1, "Confidentiality", ["Records are kept confidential."])
NEW_RECORDS = [
    Free(["Cover"]),
    Clause(
        "r",
        1,
        "Records",
        [f"{APPENDED} They are answered in ten days.", "An inserted paragraph.", "Another one."],
    ),
]


ALPHA = Clause("a", 1, "Alpha", ["Alpha text here."])
BETA = Clause("b", 1, "Beta", ["Beta text here."])
SCHEDULE = [["School", "Hours"], ["Lakeside High", "30"]]
WITH_TABLE = Clause("x", 1, "Schedule", ["The hours are these.", SCHEDULE])
TABLE_INSIDE = Clause("x", 1, "Schedule", ["The hours are these.", SCHEDULE, "Or as agreed."])
PLAIN = [Free(["Cover"]), ALPHA, BETA]
CONSENT = "Records of a student are released only with the written consent of a parent."
GONE = Clause("g", 1, "Gone", ["This clause is dropped entirely.", CONSENT])
NEWER = Clause(
    "n", 1, "Newer", ["A new clause starts here.", CONSENT.replace("a parent", "a guardian")]
)
BETA_CONSENT = Clause("b", 1, "Beta", [*BETA.blocks, CONSENT])
ALPHA_CONSENT = Clause("a", 1, "Alpha", [*ALPHA.blocks, CONSENT])
#: a paragraph that moved out of a clause only OLD has, or into one only NEW has
CLAUSE_MOVES = {
    "paragraph moved out of a removed clause": (
        [Free(["Cover"]), ALPHA, GONE, BETA],
        [Free(["Cover"]), ALPHA, BETA_CONSENT],
    ),
    "paragraph moved into a new clause": (
        [Free(["Cover"]), ALPHA_CONSENT, BETA],
        [Free(["Cover"]), ALPHA, NEWER, BETA],
    ),
    "paragraph moved from a removed clause into a new one": (
        [Free(["Cover"]), ALPHA, GONE, BETA],
        [Free(["Cover"]), ALPHA, BETA, NEWER],
    ),
}
TABLE_CASES = {
    "clause ending in a table inserted": [Free(["Cover"]), ALPHA, WITH_TABLE, BETA],
    "clause ending in a table inserted last": [Free(["Cover"]), ALPHA, BETA, WITH_TABLE],
    "clause with a table inside inserted": [Free(["Cover"]), ALPHA, TABLE_INSIDE, BETA],
}


def _has_uno() -> bool:
    if not Path(UNO_PYTHON).exists():
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def _built(
    tmp: Path, new_spec: str, new_clauses: dict[str, dict], old_spec: str = MINI_SPEC
) -> tuple[bytes, list, list]:
    old_library = Library.load(write_library(tmp / "old-clauses", MINI_CLAUSES))
    new_library = Library.load(write_library(tmp / "new-clauses", new_clauses))
    (tmp / "old.mou.yaml").write_text(old_spec)
    (tmp / "new.mou.yaml").write_text(new_spec)
    old = load_side(tmp / "old.mou.yaml", old_library)
    new = load_side(tmp / "new.mou.yaml", new_library)
    return (
        redline_bytes(old, new, author="Counsel").data,
        paragraph_texts(new.document().xml("word/document.xml")),
        paragraph_texts(old.document().xml("word/document.xml")),
    )


def _handmade(old: list, new: list) -> tuple[bytes, list, list]:
    result = redline_packages(
        open_docx_bytes(make_docx(old)),
        open_docx_bytes(make_docx(new)),
        author="Counsel",
        date="2026-03-01T00:00:00Z",
    )
    return result.data, expected_texts(new), expected_texts(old)


@pytest.fixture(scope="module")
def redlines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, list, list]]:
    tmp = tmp_path_factory.mktemp("moves")
    moved_clause = (
        MINI_SPEC.replace("contact: the records office", "contact: the district records office")
        .replace("  - records@1\n", "")
        .replace("  - purpose@1\n", "  - records@1\n  - purpose@1\n")
    )
    swapped = copy.deepcopy(MINI_CLAUSES)
    text = swapped["purpose"]["versions"][0]["text"]
    text[:] = [text[1], text[0].replace("at schools", "at all schools")]
    appended_then_clause = MINI_SPEC.replace(
        "contact: the records office", "contact: the records office. They answer within ten days"
    )
    for sub in ("a", "b", "c"):
        (tmp / sub).mkdir()
    confidentiality = [*OLD_RECORDS, CONFIDENTIALITY, Free(["Signed"])]
    appended = [*NEW_RECORDS, CONFIDENTIALITY, Free(["Signed"])]
    return {
        "clause moved and edited": _built(tmp / "a", moved_clause, MINI_CLAUSES),
        "paragraph moved": _built(tmp / "b", MINI_SPEC, swapped),
        "sentence appended, clause inserted": _built(
            tmp / "c",
            appended_then_clause,
            MINI_CLAUSES,
            old_spec=MINI_SPEC.replace("  - training@1\n", ""),
        ),
        "sentence appended, paragraphs inserted": _handmade(confidentiality, appended),
        "sentence removed, paragraphs deleted": _handmade(appended, confidentiality),
        **{name: _handmade(PLAIN, parts) for name, parts in TABLE_CASES.items()},
        **{name: _handmade(old, new) for name, (old, new) in CLAUSE_MOVES.items()},
        **{
            name.replace("inserted", "removed"): _handmade(parts, PLAIN)
            for name, parts in TABLE_CASES.items()
        },
    }


def _move_names(data: bytes) -> tuple[list[str], list[str]]:
    root = document_xml(data)
    return tuple(  # type: ignore[return-value]
        sorted(el.get(w("name")) or "" for el in root.iter(w(f"{kind}RangeStart")))
        for kind in ("moveFrom", "moveTo")
    )


@pytest.mark.parametrize("name", ["clause moved and edited", "paragraph moved", *CLAUSE_MOVES])
def test_a_moved_clause_or_paragraph_is_a_native_move(redlines, name) -> None:
    moved_from, moved_to = _move_names(redlines[name][0])
    assert moved_from == moved_to and len(moved_to) == 1


@pytest.mark.skipif(not _has_uno(), reason="no Python with LibreOffice's uno module")
def test_libreoffice_accept_all_gives_new_and_reject_all_gives_old(redlines, tmp_path) -> None:
    files = {}
    for index, (name, (data, _, _)) in enumerate(redlines.items()):
        files[name] = tmp_path / f"{index}.docx"
        files[name].write_bytes(data)
    proc = subprocess.run(
        [
            UNO_PYTHON,
            str(Path(__file__).with_name("lo_views.py")),
            str(tmp_path / "profile"),
            *[str(p) for p in files.values()],
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    views = json.loads(proc.stdout)
    for name, path in files.items():
        _, new_texts, old_texts = redlines[name]
        seen = views[str(path)]
        assert seen["changes"] > 0, name
        assert seen["accepted"] == new_texts, name
        assert seen["rejected"] == old_texts, name
