"""LibreOffice, a real second client, lists the redline's tracked changes.

LibreOffice joins touching revisions of one kind into one ``text:changed-region`` (a
deleted paragraph and its paragraph mark and the deleted paragraph after it are one
region); :func:`redline_support.lo_change_regions` counts the regions the redline should
give, and the test checks LibreOffice's own .fodt against that, with the author given.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mou_builder.ooxml.redlining import redline_packages
from mou_builder.ooxml.revisions import paragraph_texts
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.sources.library import Library
from mou_builder.workflows.redline import load_side, redline_bytes
from redline_support import Clause, Free, lo_change_regions, make_docx

from conftest import MINI_CLAUSES, MINI_SPEC, requires_soffice, stamp_clause_data

pytestmark = [pytest.mark.soffice, requires_soffice]

AUTHOR = "District Counsel"

OLD = [
    Free(["Memorandum of Understanding", "Revision 1"]),
    Clause(
        "purpose",
        1,
        "Purpose",
        [
            "The parties work together so that *students* learn safely.",
            "This paragraph will be removed.",
            "So will this one, right after it.",
        ],
    ),
    Clause(
        "hours",
        1,
        "Hours",
        [
            "The officer works six hours a day.",
            [["School", "Hours"], ["Lakeside High", "30"], ["Old School", "5"]],
        ],
    ),
    Clause("records", 1, "Records", ["No access without consent.", "Requests go to the office."]),
    Clause("gone", 1, "Gone", ["A clause that is dropped."]),
    Free(["Signed for the District", "Signed for the Agency"]),
]
NEW = [
    Free(["Memorandum of Understanding", "Revision 2"]),
    Clause(
        "hours",
        1,
        "Hours",
        [
            "The officer works eight hours a school day.",
            [["School", "Hours"], ["Lakeside High", "32"], ["Lakeside Middle", "10"]],
        ],
    ),
    Clause(
        "purpose", 1, "Purpose", ["The parties work together so that *all students* learn safely."]
    ),
    Clause(
        "records",
        2,
        "Records",
        [
            "No access without written consent.",
            "A new paragraph about requests.",
            "Another new paragraph.",
            "Requests go to the *office*.",
        ],
    ),  # bold only
    Clause("training", 1, "Training", ["Each officer completes forty hours of training."]),
    Free(["Signed for the District", "Signed for the Agency"]),
]


EXPECTED: dict[str, tuple[list[str], list[str]]] = {}  # name -> (NEW texts, OLD texts)
UNO_PYTHON = "/usr/bin/python3"


def _texts(data: bytes) -> list[str]:
    return paragraph_texts(open_docx_bytes(data).xml("word/document.xml"))


@pytest.fixture(scope="module")
def redline_files(converted, tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("lo-views")
    files = {}
    for name, (data, _) in converted.items():
        files[name] = work / f"{name}.docx"
        files[name].write_bytes(data)
    return files


def _has_uno() -> bool:
    if not Path(UNO_PYTHON).exists():
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, str]]:
    work = tmp_path_factory.mktemp("lo")
    redlines: dict[str, bytes] = {}
    result = redline_packages(
        open_docx_bytes(make_docx(OLD)),
        open_docx_bytes(make_docx(NEW)),
        author=AUTHOR,
        date="2026-03-01T00:00:00Z",
    )
    redlines["handmade"] = result.data
    EXPECTED["handmade"] = (_texts(make_docx(NEW)), _texts(make_docx(OLD)))
    library_dir = work / "clauses"
    library_dir.mkdir()
    for cid, data in MINI_CLAUSES.items():
        stamped = stamp_clause_data(yaml.safe_load(yaml.safe_dump(data)))
        (library_dir / f"{cid}.yaml").write_text(yaml.safe_dump(stamped, sort_keys=False))
    (work / "old.mou.yaml").write_text(MINI_SPEC)
    (work / "new.mou.yaml").write_text(
        MINI_SPEC.replace("hours_per_day: 7", "hours_per_day: 8")
        .replace("  - purpose@1\n", "")
        .replace("  - training@1\n", "  - purpose@1\n")
    )
    library = Library.load(library_dir)
    old_side = load_side(work / "old.mou.yaml", library)
    new_side = load_side(work / "new.mou.yaml", library)
    redlines["built"] = redline_bytes(old_side, new_side, author=AUTHOR).data
    EXPECTED["built"] = (
        paragraph_texts(new_side.document().xml("word/document.xml")),
        paragraph_texts(old_side.document().xml("word/document.xml")),
    )
    for name, data in redlines.items():
        (work / f"{name}.docx").write_bytes(data)
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            "fodt",
            "--outdir",
            str(work),
            *[str(work / f"{name}.docx") for name in redlines],
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {
        name: (data, (work / f"{name}.fodt").read_text(encoding="utf-8"))
        for name, data in redlines.items()
    }


def regions(fodt: str) -> list[str]:
    tracked = re.search(r"<text:tracked-changes.*?</text:tracked-changes>", fodt, re.S)
    assert tracked is not None, "LibreOffice lists no tracked changes"
    return re.findall(r"<text:changed-region .*?</text:changed-region>", tracked.group(0), re.S)


@pytest.mark.parametrize("name", ["handmade", "built"])
def test_libreoffice_lists_one_changed_region_per_revision(converted, name) -> None:
    data, fodt = converted[name]
    found = regions(fodt)
    assert len(found) == lo_change_regions(data) > 0


@pytest.mark.parametrize("name", ["handmade", "built"])
def test_libreoffice_shows_the_author_on_every_change(converted, name) -> None:
    _, fodt = converted[name]
    for region in regions(fodt):
        assert f"<dc:creator>{AUTHOR}</dc:creator>" in region
        assert "<dc:date>2026-" in region


def test_libreoffice_keeps_deleted_and_inserted_text(converted) -> None:
    _, fodt = converted["handmade"]
    kinds = {
        re.search(r"<text:(insertion|deletion|format-change|UnknownChange)>", r).group(1)
        for r in regions(fodt)
    }
    # UnknownChange: a paragraph's properties (a heading's, its break tracked before it)
    assert {"insertion", "deletion", "format-change"} <= kinds
    text = re.sub(r"<[^>]+>", "", fodt)
    for words in (
        "This paragraph will be removed.",
        "A clause that is dropped.",
        "Each officer completes forty hours of training.",
        "Lakeside Middle",
    ):
        assert words in text


def _words(texts: list[str]) -> list[str]:
    # LibreOffice writes U+200D in empty table cells and may join or split paragraphs around
    # insertions on Reject All (OOXML-REVISIONS.md, pitfall 6): compare the words in order
    return " ".join(texts).replace("\u200d", " ").replace("\r", " ").split()


@pytest.mark.skipif(not _has_uno(), reason="no Python with LibreOffice's uno module")
def test_libreoffice_accept_all_gives_new_and_reject_all_gives_old(redline_files, tmp_path):
    proc = subprocess.run(
        [
            UNO_PYTHON,
            str(Path(__file__).with_name("lo_views.py")),
            str(tmp_path / "profile"),
            *[str(p) for p in redline_files.values()],
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    views = json.loads(proc.stdout)
    for name, path in redline_files.items():
        new_texts, old_texts = EXPECTED[name]
        seen = views[str(path)]
        assert seen["changes"] > 0
        assert _words(seen["accepted"]) == _words(new_texts), name
        assert _words(seen["rejected"]) == _words(old_texts), name
