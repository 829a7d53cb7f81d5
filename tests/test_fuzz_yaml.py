"""Property tests: any spec or clause file ends in success or one clean error, never a crash.

Arbitrary YAML structures and strings go through `mou check` as a spec, and through the
clause library as a clause file; valid files are mutated one value at a time so the fuzzing
reaches validation, assembly and the checks, not only the parser. Clause text fragments are
fuzzed through the sandbox on their own. Example counts are bounded so CI stays fast; run
with ``--hypothesis-show-statistics`` to see how many cases ran.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mou_builder.assembly.textrender import RenderError, render_string
from mou_builder.cli import mou

from conftest import MINI_CLAUSES, MINI_SPEC, stamp_clause_data

# MOU_FUZZ_EXAMPLES=2000 for a deeper local run; CI keeps the default.
EXAMPLES = int(os.environ.get("MOU_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

JINJA_BITS = [
    "{{ district }}",
    "{{ ''.__class__ }}",
    "{% include 'x' %}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{# c #}",
    "{{ ref('purpose') }}",
    "**",
    "*",
    "\\",
    "{{ 9**99 }}",
    "{% for i in 'abc' %}x{% endfor %}",
    "{{ x|center(99) }}",
    "\x00",
    "\ud7ff",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.text(max_size=40),
    st.sampled_from(JINJA_BITS),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=40,
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "clauses"
    root.mkdir()
    for clause_id, data in MINI_CLAUSES.items():
        stamped = stamp_clause_data(yaml.safe_load(yaml.safe_dump(data)))
        (root / f"{clause_id}.yaml").write_text(yaml.safe_dump(stamped, sort_keys=False))
    return root


def check_cleanly(library: Path, spec_text: str | bytes) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "fuzz.mou.yaml"
        if isinstance(spec_text, bytes):
            spec.write_bytes(spec_text)
        else:
            spec.write_text(spec_text, encoding="utf-8", errors="surrogatepass")
        result = CliRunner().invoke(mou, ["--library", str(library), "check", str(spec)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{spec_text!r}"
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    return result.exit_code


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FUZZ
@given(structures)
def test_any_yaml_structure_as_a_spec(library, data):
    check_cleanly(library, dump(data))


@FUZZ
@given(st.text(max_size=300))
def test_any_text_as_a_spec(library, text):
    check_cleanly(library, text)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_a_spec(library, data):
    check_cleanly(library, data)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


BASE_SPEC = yaml.safe_load(MINI_SPEC)
SPEC_PATHS = _paths(BASE_SPEC)


@FUZZ
@given(st.sampled_from(SPEC_PATHS), structures)
def test_a_valid_spec_with_one_value_replaced(library, path, value):
    check_cleanly(library, dump(_replace(BASE_SPEC, path, value)))


BASE_CLAUSE = stamp_clause_data(yaml.safe_load(yaml.safe_dump(MINI_CLAUSES["hours"])))
CLAUSE_PATHS = _paths(BASE_CLAUSE)


@FUZZ
@given(st.sampled_from(CLAUSE_PATHS), structures)
def test_a_clause_file_with_one_value_replaced(library, path, value):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "clauses"
        root.mkdir()
        for source in library.iterdir():
            (root / source.name).write_bytes(source.read_bytes())
        (root / "hours.yaml").write_text(dump(_replace(BASE_CLAUSE, path, value)))
        check_cleanly(root, MINI_SPEC)
        for args in (["clauses", "list"], ["clauses", "show", "hours"]):
            result = CliRunner().invoke(mou, ["--library", str(root), *args])
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert result.exit_code in (0, 2), result.output


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(JINJA_BITS), st.text(max_size=8)), max_size=12))
def test_clause_text_renders_or_raises_a_render_error(pieces):
    source = "".join(pieces)
    try:
        out = render_string(
            source,
            {"district": "Oak *District*", "x": "y", "ref": lambda target: f"Section {target}"},
        )
    except RenderError as exc:
        assert "\n" not in str(exc) or "template" in str(exc)
    else:
        assert isinstance(out, str) and len(out) <= 100_000
