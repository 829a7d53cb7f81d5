"""`mou redline` and `mou diff` on specs and built documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mou_builder.assembly.assembler import assemble_file
from mou_builder.cli import mou
from mou_builder.ooxml.ns import w
from mou_builder.ooxml.revisions import accept_all, paragraph_texts, reject_all
from mou_builder.ooxml.write import build_docx
from mou_builder.sources.library import Library
from redline_support import document_xml

from conftest import MINI_SPEC

HOURS_8 = MINI_SPEC.replace("hours_per_day: 7", "hours_per_day: 8")
# v1 of "hours" has no schools table; purpose moves to the end; training is dropped
UPGRADED = (
    MINI_SPEC.replace("  - purpose@1\n", "")
    .replace("  - training@1\n", "  - purpose@1\n")
    .replace(
        """  - id: hours
    version: 2
    params:
      hours_per_day: 7
      schools:
        - {school: Lakeside High, hours: 30}
""",
        """  - id: hours
    version: 1
    params:
      hours_per_day: 7
""",
    )
)


def run(runner: CliRunner, library: Path, *args: str):
    return runner.invoke(mou, ["--library", str(library), *args])


def built_texts(spec: Path, library: Path) -> list[str]:
    agreement = assemble_file(spec, Library.load(library))
    from mou_builder.ooxml.safezip import open_docx_bytes

    return paragraph_texts(open_docx_bytes(build_docx(agreement)).xml("word/document.xml"))


def tracked(path: Path) -> tuple[list, list]:
    root = document_xml(path.read_bytes())
    return list(root.iter(w("del"))), list(root.iter(w("ins")))


def test_redline_of_two_specs_tracks_a_parameter_change_as_one_word(
    runner, mini_library, write_spec, tmp_path
):
    old, new = write_spec(), write_spec(HOURS_8, "new.mou.yaml")
    out = tmp_path / "red.docx"
    result = run(runner, mini_library, "redline", str(old), str(new), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 tracked changes (clause-aligned)" in result.output
    dels, inss = tracked(out)
    assert ["".join(t.text for t in d.iter(w("delText"))) for d in dels] == ["7"]
    assert ["".join(t.text for t in i.iter(w("t"))) for i in inss] == ["8"]
    assert {el.get(w("author")) for el in dels + inss} == {"mou-builder"}
    assert {el.get(w("date")) for el in dels + inss} == {"2026-06-01T00:00:00Z"}  # NEW's date


def test_accepting_gives_new_and_rejecting_gives_old_for_built_agreements(
    runner, mini_library, write_spec, tmp_path
):
    old, new = write_spec(), write_spec(UPGRADED, "new.mou.yaml")
    out = tmp_path / "red.docx"
    result = run(
        runner,
        mini_library,
        "redline",
        str(old),
        str(new),
        "-o",
        str(out),
        "--author",
        "District Counsel",
        "--date",
        "2026-05-04T10:30:00Z",
    )
    assert result.exit_code == 0, result.output
    root = document_xml(out.read_bytes())
    assert paragraph_texts(accept_all(copy.deepcopy(root))) == built_texts(new, mini_library)
    assert paragraph_texts(reject_all(copy.deepcopy(root))) == built_texts(old, mini_library)
    marks = list(root.iter(w("ins"), w("del")))
    assert {m.get(w("author")) for m in marks} == {"District Counsel"}
    assert {m.get(w("date")) for m in marks} == {"2026-05-04T10:30:00Z"}
    ids = [m.get(w("id")) for m in marks]
    assert len(ids) == len(set(ids))


def test_same_inputs_author_and_date_give_the_same_bytes(
    runner, mini_library, write_spec, tmp_path
):
    old, new = write_spec(), write_spec(UPGRADED, "new.mou.yaml")
    outputs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for out in outputs:
        assert (
            run(
                runner,
                mini_library,
                "redline",
                str(old),
                str(new),
                "-o",
                str(out),
                "--date",
                "2026-05-04",
            ).exit_code
            == 0
        )
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_built_documents_and_specs_can_be_mixed(runner, mini_library, write_spec, tmp_path):
    old, new = write_spec(), write_spec(HOURS_8, "new.mou.yaml")
    old_docx = tmp_path / "old.docx"
    old_docx.write_bytes(build_docx(assemble_file(old, Library.load(mini_library))))
    out = tmp_path / "red.docx"
    result = run(runner, mini_library, "redline", str(old_docx), str(new), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "(clause-aligned)" in result.output
    dels, inss = tracked(out)
    assert len(dels) == len(inss) == 1


def test_identical_versions_give_no_tracked_changes(runner, mini_library, write_spec, tmp_path):
    spec = write_spec()
    out = tmp_path / "same.docx"
    result = run(runner, mini_library, "redline", str(spec), str(spec), "-o", str(out))
    assert result.exit_code == 0 and "0 tracked changes" in result.output
    assert tracked(out) == ([], [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "next tuesday"], "is not an ISO date"),
        (["--author", " "], "--author must not be empty"),
    ],
)
def test_bad_options_are_one_line_errors(runner, mini_library, write_spec, tmp_path, args, message):
    old = write_spec()
    result = run(
        runner, mini_library, "redline", str(old), str(old), "-o", str(tmp_path / "r.docx"), *args
    )
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "r.docx").exists()


def test_bad_inputs_exit_2_without_output(runner, mini_library, write_spec, tmp_path):
    old = write_spec()
    not_docx = tmp_path / "notes.docx"
    not_docx.write_text("plain text")
    for args in (
        [str(old), str(tmp_path / "missing.docx"), "-o", str(tmp_path / "r.docx")],
        [str(old), str(not_docx), "-o", str(tmp_path / "r.docx")],
        [str(old), str(old), "-o", str(tmp_path / "r.pdf")],
    ):
        result = run(runner, mini_library, "redline", *args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "r.docx").exists()


def test_diff_json_names_every_kind_of_change(runner, mini_library, write_spec):
    old, new = write_spec(), write_spec(UPGRADED, "new.mou.yaml")
    result = run(runner, mini_library, "diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.output
    changes = {c["clause"]: c for c in json.loads(result.output)["changes"]}
    assert changes["hours"]["kind"] == "upgraded"
    assert (changes["hours"]["old_version"], changes["hours"]["new_version"]) == (2, 1)
    assert changes["training"]["kind"] == "removed"
    assert changes["training"]["after"] == ""
    assert changes["purpose"]["kind"] == "moved"
    assert changes["purpose"]["before"] == changes["purpose"]["after"].replace(
        "Section 1 provides", "Section 2 provides"
    )  # only its cross-reference moved along
    # renumbering alone is no change: section numbers are Word numbering, not text
    assert set(changes) == {"hours", "training", "purpose"}
    for change in changes.values():
        assert set(change) >= {"clause", "kind", "old_version", "new_version", "before", "after"}


def test_diff_text_and_memo(runner, mini_library, write_spec):
    old, new = write_spec(), write_spec(HOURS_8, "new.mou.yaml")
    text = run(runner, mini_library, "diff", str(old), str(new), "--no-color")
    assert text.exit_code == 0
    assert "Section 3, Hours [modified]" in text.output
    assert "works [-7-]{+8+} hours" in text.output
    coloured = run(runner, mini_library, "diff", str(old), str(new), "--color")
    assert "\x1b[31;9m7\x1b[0m" in coloured.output
    memo = run(runner, mini_library, "diff", str(old), str(new), "--format", "md")
    assert memo.exit_code == 0
    assert "- **Section 3, Hours**: '7 hours' becomes '8 hours'." in memo.output
    same = run(runner, mini_library, "diff", str(old), str(old), "--format", "md")
    assert "No changes" in same.output


def test_change_memo_accepts_agreements_and_paths(mini_library, write_spec, tmp_path):
    from mou_builder.render.memo import change_memo

    old, new = write_spec(), write_spec(UPGRADED, "new.mou.yaml")
    library = Library.load(mini_library)
    a, b = assemble_file(old, library), assemble_file(new, library)
    memo = change_memo(a, b)
    assert "Version 2 replaced by version 1" in memo
    assert "- **Section 5, Training**: Section removed." in memo
    assert "- **Section 4, Purpose**: Moved from Section 1." in memo
    new_docx = tmp_path / "new.docx"
    new_docx.write_bytes(build_docx(b))
    from_paths = change_memo(old, new_docx, library=library)
    assert "Section removed." in from_paths and "Moved from Section 1" in from_paths


def test_clauses_are_still_found_in_the_redline_by_their_bookmarks(
    runner, mini_library, write_spec, tmp_path
):
    from mou_builder.ooxml.clausemap import clause_spans
    from mou_builder.ooxml.properties import read_manifest
    from mou_builder.ooxml.safezip import open_docx

    old, new = write_spec(), write_spec(UPGRADED, "new.mou.yaml")
    out, kept = tmp_path / "red.docx", tmp_path / "kept.docx"
    assert run(runner, mini_library, "redline", str(old), str(new), "-o", str(out)).exit_code == 0
    assert (
        run(
            runner,
            mini_library,
            "redline",
            str(old),
            str(new),
            "-o",
            str(kept),
            "--keep-content-controls",
        ).exit_code
        == 0
    )
    expected = [
        (s.clause_id, s.version) for s in assemble_file(new, Library.load(mini_library)).sections
    ]
    package = open_docx(out)
    root = package.xml("word/document.xml")
    assert next(root.iter(w("sdt")), None) is None  # unwrapped for LibreOffice
    spans = clause_spans(root, read_manifest(package))
    # training, removed, keeps its bookmark on its deleted copy (review files it there)
    removed = [s for s in spans if (s.clause_id, s.version) not in expected]
    assert [(s.clause_id, s.version) for s in removed] == [("training", 1)]
    assert all(el.find(f".//{w('delText')}") is not None for el in removed[0].elements)
    assert [(s.clause_id, s.version) for s in spans if s not in removed] == expected
    kept_root = open_docx(kept).xml("word/document.xml")
    assert (
        [(s.clause_id, s.source) for s in clause_spans(kept_root)]
        == [
            *[(cid, "sdt") for cid, _ in expected[:3]],
            ("training", "bookmark"),  # removed: only its bookmark is left on its deleted copy
            *[(cid, "sdt") for cid, _ in expected[3:]],
        ]
    )


def test_track_changes_is_on_in_the_redline_unless_asked_not_to(
    runner, mini_library, write_spec, tmp_path
):
    from mou_builder.ooxml.safezip import open_docx

    old, new = write_spec(), write_spec(HOURS_8, "new.mou.yaml")
    on, off = tmp_path / "on.docx", tmp_path / "off.docx"
    assert run(runner, mini_library, "redline", str(old), str(new), "-o", str(on)).exit_code == 0
    assert (
        run(
            runner, mini_library, "redline", str(old), str(new), "-o", str(off), "--no-track-edits"
        ).exit_code
        == 0
    )
    names = [c.tag.split("}")[1] for c in open_docx(on).xml("word/settings.xml")]
    assert names.count("trackRevisions") == 1
    # at its place in the schema's sequence: after proofState, before defaultTabStop
    if "proofState" in names:
        assert names.index("proofState") < names.index("trackRevisions")
    if "defaultTabStop" in names:
        assert names.index("trackRevisions") < names.index("defaultTabStop")
    off_names = [c.tag.split("}")[1] for c in open_docx(off).xml("word/settings.xml")]
    assert "trackRevisions" not in off_names


def test_redline_never_writes_over_an_input(runner, mini_library, write_spec, tmp_path):
    old_spec = write_spec()
    old_docx = tmp_path / "old.docx"
    old_docx.write_bytes(build_docx(assemble_file(old_spec, Library.load(mini_library))))
    before = old_docx.read_bytes()
    result = run(runner, mini_library, "redline", str(old_docx), str(old_spec), "-o", str(old_docx))
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.output
    assert old_docx.read_bytes() == before
