"""Helpers shared by the hostile, fuzz, batch and concurrency tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from mou_builder.cli import mou

from . import make_corpus

HERE = Path(__file__).resolve().parent
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


def run_mou(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process the way a user does; errors become exit codes, not exceptions."""
    return CliRunner().invoke(mou, [str(a) for a in args], env=env)


def assert_clean_failure(result: Result, exit_code: int, fragment: str) -> None:
    """One clear line per problem, the expected exit code, and never a traceback."""
    output = result.output
    assert result.exit_code == exit_code, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in output
    if exit_code and fragment:
        assert fragment in result.stderr, result.stderr


def library_with(tmp_path: Path, base: Path, extra: Path, name: str) -> Path:
    """A copy of the test library ``base`` with ``extra`` added as ``name``."""
    root = tmp_path / "library-with-extra"
    shutil.copytree(base, root)
    shutil.copyfile(extra, root / name)
    return root
