"""Layer contracts: Word XML stays in ooxml/, rules never see Word, the core never sees the CLI,
and commands that do not write Word files do not load the Word libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

PACKAGE = ROOT / "src" / "mou_builder"
WORD_LIBRARIES = {"lxml", "docx", "docxtpl"}


def imports_of(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports resolved inside the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["mou_builder", *path.relative_to(PACKAGE).parent.parts]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def modules(where: str = "") -> list[Path]:
    return sorted((PACKAGE / where).rglob("*.py"))


def test_only_the_ooxml_package_imports_word_libraries() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imports_of(path) if name.split(".")[0] in WORD_LIBRARIES
        )
        for path in modules()
        if "ooxml" not in path.relative_to(PACKAGE).parts
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_rules_do_not_import_word_code_or_the_cli() -> None:
    for path in modules("checks/rules"):
        bad = [
            n for n in imports_of(path) if n.startswith(("mou_builder.ooxml", "mou_builder.cli"))
        ]
        assert bad == [], path.name


def test_the_core_does_not_import_the_cli() -> None:
    for path in modules():
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in ("cli", "__main__.py"):
            continue
        bad = [n for n in imports_of(path) if n.startswith("mou_builder.cli")]
        assert bad == [], str(path)


@pytest.mark.parametrize("args", [["check", "oakview-ca.mou.yaml"], ["clauses", "list"]])
def test_commands_that_write_no_word_file_load_no_word_library(args: list[str]) -> None:
    argv = [a if not a.endswith(".yaml") else str(EXAMPLES / a) for a in args]
    probe = (
        "import sys\n"
        "from mou_builder.cli import main\n"
        f"sys.argv = ['mou', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(WORD_LIBRARIES)!r})\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert "LOADED []" in result.stderr, result.stderr[-2000:]


def test_the_top_level_holds_only_the_api_the_errors_and_subpackages() -> None:
    files = {p.name for p in PACKAGE.iterdir() if p.is_file() and p.suffix == ".py"}
    assert files == {"__init__.py", "__main__.py", "errors.py"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    stages = {"model", "sources", "assembly", "checks", "compare", "ooxml", "workflows"}
    assert stages | {"render", "util", "cli"} == packages


def test_the_public_api_is_declared_and_every_name_resolves() -> None:
    import mou_builder

    assert set(mou_builder.__all__) == {"__version__", *mou_builder._EXPORTS}
    for name in mou_builder.__all__:
        assert getattr(mou_builder, name) is not None, name


def test_render_imports_no_word_code() -> None:
    for path in modules("render"):
        bad = [n for n in imports_of(path) if n.startswith("mou_builder.ooxml")]
        assert bad == [], path.name


def test_workflows_do_not_import_the_cli() -> None:
    for path in modules("workflows"):
        bad = [n for n in imports_of(path) if n.startswith("mou_builder.cli")]
        assert bad == [], str(path.relative_to(PACKAGE))


def test_rules_do_not_import_workflows() -> None:
    for path in modules("checks/rules"):
        bad = [n for n in imports_of(path) if n.startswith("mou_builder.workflows")]
        assert bad == [], path.name


def test_review_asks_the_check_engine_not_the_rules() -> None:
    """Review's "would accepting this fail the check" goes through checks.engine: no rule
    module (and not the rule registry) is imported by the review package."""
    for path in modules("workflows/review"):
        bad = [
            n
            for n in imports_of(path)
            if n == "mou_builder.checks.rules" or n.startswith("mou_builder.checks.rules.")
        ]
        assert bad == [], str(path.relative_to(PACKAGE))
