"""The benchmarks' generated inputs are what they say they are: a benchmark that reviews a
returned document must find in it the changes and comments it claims to have made (a
layout change of mou's own documents once left the review benchmark with nothing to edit)."""

from __future__ import annotations

import sys
from pathlib import Path

from mou_builder.assembly.assembler import assemble
from mou_builder.ooxml.write import build_docx
from mou_builder.sources.library import Library
from mou_builder.sources.specfile import load_spec
from mou_builder.workflows.review import review

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_review import generate_inputs, make_returned


def test_the_review_benchmarks_returned_copy_has_its_changes_and_comments(tmp_path: Path) -> None:
    library_path, spec_path = generate_inputs(tmp_path, clauses=12)
    library = Library.load(library_path)
    agreement = assemble(load_spec(spec_path), library)
    returned = tmp_path / "returned.docx"
    returned.write_bytes(make_returned(build_docx(agreement), changes=8, comments=3))
    result = review(returned, spec=spec_path, library=library)
    tracked = [c for c in result.changes if c.kind != "untracked"]
    assert sorted(c.kind for c in tracked) == ["delete"] * 4 + ["insert"] * 4
    assert {c.author for c in tracked} == {"Sgt. Bench (Agency)"}
    assert [c.author for c in result.comments] == ["Counsel"] * 3
    changed = {c.clause for c in tracked}
    commented = {c.clause for c in result.comments}
    assert len(changed) == 4 and len(commented) == 3 and not changed & commented
