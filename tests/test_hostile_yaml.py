"""Hostile specs and clause files, through the command line: every one is refused cleanly.

The corpus and the expected outcome of each file are data (hostile/cases.yaml); these
tests only run each file through the commands a user would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hostile.support import (
    CASES,
    assert_clean_failure,
    corpus_path,
    library_with,
    make_generated,
    run_mou,
)
from mou_builder.model.typography import typeset

from conftest import MINI_SPEC


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_generated(tmp_path_factory.mktemp("hostile-corpus"))


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [Path(case["file"]).name for case in cases]


@pytest.mark.parametrize("case", CASES["specs"], ids=_ids(CASES["specs"]))
def test_hostile_spec_is_refused_with_one_clear_line(case, generated, mini_library):
    spec = corpus_path(generated, case["file"])
    result = run_mou("--library", mini_library, "check", spec)
    located = spec if case.get("located") else None
    assert_clean_failure(result, case["exit"], case["message"], located)


@pytest.mark.parametrize("case", CASES["clauses"], ids=_ids(CASES["clauses"]))
def test_hostile_clause_file_is_refused_where_it_is_used(case, generated, mini_library, tmp_path):
    library = library_with(
        tmp_path, mini_library, corpus_path(generated, case["file"]), "hostile.yaml"
    )
    spec = tmp_path / "uses-hostile.mou.yaml"
    spec.write_text(MINI_SPEC + "  - hostile@1\n")
    assert_clean_failure(
        run_mou("--library", library, "check", spec), case["exit"], case["message"]
    )
    assert_clean_failure(
        run_mou("--library", library, "clauses", "show", "hostile@1"), case["exit"], case["message"]
    )
    listed = run_mou("--library", library, "clauses", "list")
    assert_clean_failure(listed, case["list_exit"], case["message"])


def test_template_syntax_in_a_value_is_printed_literally(mini_library, tmp_path):
    """A parameter value is data: braces in it are text, never a template to evaluate."""
    from mou_builder.assembly.assembler import assemble
    from mou_builder.sources.library import Library
    from mou_builder.sources.specfile import load_spec

    spec = corpus_path(tmp_path, "yaml/spec-inert-value.mou.yaml")
    agreement = assemble(load_spec(spec), Library.load(mini_library))
    text = "\n".join(section.text for section in agreement.sections)
    # printed, not run (with the board's curly quotes)
    assert typeset("{{ ''.__class__.__mro__ }} {% include '/etc/passwd' %}") in text
    assert "root:" not in text


def test_python_tags_never_run(mini_library, tmp_path):
    marker = Path("/tmp/mou-pwned")
    marker.unlink(missing_ok=True)
    run_mou(
        "--library",
        mini_library,
        "check",
        corpus_path(tmp_path, "yaml/spec-python-object.mou.yaml"),
    )
    assert not marker.exists()


def test_every_corpus_file_is_listed_in_cases():
    from hostile import make_corpus
    from hostile.support import HERE

    listed = {Path(c["file"]).name for cases in CASES.values() for c in cases}
    on_disk = {p.name for p in (HERE / "yaml").iterdir()}
    generated = set(make_corpus.CORPUS) | set(make_corpus.YAML_CORPUS)
    assert on_disk <= listed
    assert generated - {"path-traversal.docx"} <= listed


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_a_spec_is_refused_instead_of_read_forever(mini_library):
    result = run_mou("--library", mini_library, "check", "/dev/zero")
    assert_clean_failure(result, 2, "is a device, expected a YAML file")
