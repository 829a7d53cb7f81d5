"""The ooxml layer contract: Word XML code imports only the model, the word diff, errors and
where the caches live."""

from __future__ import annotations

from test_architecture import PACKAGE, imports_of, modules

ALLOWED = (
    "mou_builder.model",
    "mou_builder.compare.worddiff",
    "mou_builder.errors",
    "mou_builder.util.cachedir",
)


def test_ooxml_imports_only_model_worddiff_and_errors() -> None:
    offenders = {}
    for path in modules("ooxml"):
        bad = sorted(
            name
            for name in imports_of(path)
            if name.startswith("mou_builder.")
            and not name.startswith("mou_builder.ooxml")
            and not name.startswith(ALLOWED)
        )
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = bad
    assert offenders == {}


def test_no_ooxml_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in modules("ooxml")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
