"""A copy of the shipped clause library whose only translations are the test translations of
tests/fixtures/translations/<lang>.yaml (``translates``: each version's current hash); the
shipped drafts are taken out, so each test knows which sections are translated."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from mou_builder.sources.library import Library
from mou_builder.sources.shipped import clause_library

FIXTURES = Path(__file__).parent / "fixtures" / "translations"


def translated_library(root: Path, lang: str = "es") -> Path:
    """``root`` holding the shipped clauses, some of them translated into ``lang``."""
    shipped = clause_library(None).path
    shutil.copytree(shipped, root)
    for path in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if any("translations" in v for v in data["versions"]):
            for v in data["versions"]:
                v.pop("translations", None)
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    library = Library.load(root)
    wanted = yaml.safe_load((FIXTURES / f"{lang}.yaml").read_text(encoding="utf-8"))
    for ref, translation in wanted.items():
        clause_id, _, number = ref.partition("@")
        loaded = library.require(clause_id)
        version = loaded.clause.get(int(number))
        assert version is not None, ref
        path = root / f"{clause_id}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entry = next(v for v in data["versions"] if v["version"] == int(number))
        entry.setdefault("translations", {})[lang] = {
            **translation,
            "translates": loaded.version_hash(version),
        }
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return root
