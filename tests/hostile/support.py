"""Helpers shared by the hostile, fuzz, batch and concurrency tests."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from mou_builder.cli import mou

from . import make_corpus

HERE = Path(__file__).resolve().parent
EXAMPLE_SPEC = HERE.parents[1] / "examples" / "oakview-ca.mou.yaml"
CASES: dict[str, list[dict[str, Any]]] = yaml.safe_load((HERE / "cases.yaml").read_text())


def corpus_path(root: Path, name: str) -> Path:
    """``yaml/...`` lives here; ``generated/...`` lives in ``root`` (made by make_corpus)."""
    kind, _, rest = name.partition("/")
    return HERE / name if kind == "yaml" else root / rest


def make_generated(root: Path) -> Path:
    make_corpus.generate(root)
    for name in ("a-directory.mou.yaml", "a-directory.docx"):
        (root / name).mkdir(exist_ok=True)
    return root


def build_example(directory: Path) -> Path:
    """The example agreement built as a draft .docx in ``directory`` (hostile edits start here)."""
    out = directory / "oakview.docx"
    result = CliRunner().invoke(mou, ["build", str(EXAMPLE_SPEC), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def review_json(document: Path, *args: str) -> dict[str, Any]:
    """``mou review DOCUMENT --format json ARGS``, which must succeed."""
    result = CliRunner().invoke(mou, ["review", str(document), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def run_mou(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process the way a user does; errors become exit codes, not exceptions."""
    return CliRunner().invoke(mou, [str(a) for a in args], env=env)


def assert_clean_failure(
    result: Result, exit_code: int, fragment: str, located: Path | None = None
) -> None:
    """One clear line per problem, the expected exit code, and never a traceback.

    With ``located``, the failure is exactly one line naming that file with a line and column.
    """
    output = result.output
    assert result.exit_code == exit_code, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in output
    if exit_code and fragment:
        assert fragment in result.stderr, result.stderr
    if located is not None:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert re.match(rf"mou: error: {re.escape(str(located))}:\d+:\d+: ", lines[0]), lines[0]


def library_with(tmp_path: Path, base: Path, extra: Path, name: str) -> Path:
    """A copy of the test library ``base`` with ``extra`` added as ``name``."""
    root = tmp_path / "library-with-extra"
    shutil.copytree(base, root)
    shutil.copyfile(extra, root / name)
    return root
