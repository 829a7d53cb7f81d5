"""What a command imports at start: a second `mou check` (inputs cached) needs neither a YAML
parser nor Jinja, and `mou --help` needs no data model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "oakview-ca.mou.yaml"


def _run(args: list[str], cache: Path) -> tuple[str, list[str]]:
    """Output of ``mou ARGS`` run in a fresh interpreter, and the top-level packages it loaded."""
    out, modules = _run_modules(args, cache)
    return out, sorted({m.split(".")[0] for m in modules})


def _run_modules(args: list[str], cache: Path) -> tuple[str, list[str]]:
    """Output of ``mou ARGS`` run in a fresh interpreter, and every module it loaded."""
    probe = (
        "import contextlib, io, sys\n"
        "from mou_builder.cli import main\n"
        f"sys.argv = ['mou', *{args!r}]\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(out.getvalue(), end='')\n"
        "print('LOADED', sorted(sys.modules), file=sys.stderr)\n"
    )
    env = {"MOU_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    loaded = result.stderr.rsplit("LOADED ", 1)[-1]
    return result.stdout, [m.strip(" '[]\n") for m in loaded.split(",")]


def test_a_cached_check_loads_no_yaml_parser_and_no_jinja(tmp_path: Path) -> None:
    first, loaded_first = _run(["check", str(EXAMPLE)], tmp_path)
    second, loaded_second = _run(["check", str(EXAMPLE)], tmp_path)
    assert "yaml" in loaded_first  # the empty cache was filled by parsing
    assert "ok: 0 error(s)" in first and second == first
    assert "yaml" not in loaded_second
    assert "jinja2" not in loaded_second


def test_help_loads_no_data_model(tmp_path: Path) -> None:
    out, loaded = _run(["--help"], tmp_path)
    assert "Commands:" in out
    assert {"pydantic", "yaml", "jinja2", "dataclasses"} & set(loaded) == set()


def test_a_second_build_loads_no_yaml_parser_no_word_library_and_no_reader(
    tmp_path: Path,
) -> None:
    """With the inputs and the template cached, ``mou build`` writes the document from the
    compiled template: it parses no YAML, loads neither lxml nor docxtpl, and nothing of the
    side that reads returned Word documents."""
    args = ["build", str(EXAMPLE), "-o", str(tmp_path / "out") + "/"]
    first, _ = _run_modules(args, tmp_path / "cache")
    second, loaded = _run_modules(args, tmp_path / "cache")
    assert "wrote" in first and second == first
    assert "mou_builder.ooxml.write" in loaded  # the writer it does use
    assert {"yaml", "lxml", "docxtpl", "docx"} & {m.split(".")[0] for m in loaded} == set()
    assert [m for m in loaded if m.startswith("mou_builder.ooxml.read")] == []
    assert "mou_builder.assembly.translation_status" not in loaded  # an English build


def test_a_redline_of_two_word_documents_loads_no_data_model_and_no_template_engine(
    tmp_path: Path,
) -> None:
    from redline_support import Clause, make_docx

    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    old.write_bytes(make_docx([Clause("a", 1, "Duties", ["The officer patrols."])]))
    new.write_bytes(make_docx([Clause("a", 1, "Duties", ["The officer walks."])]))
    out, loaded = _run(["redline", str(old), str(new), "-o", str(tmp_path / "r.docx")], tmp_path)
    assert "2 tracked changes" in out
    assert {"pydantic", "yaml", "jinja2", "docx", "docxtpl"} & set(loaded) == set()
