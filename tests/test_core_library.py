"""The clause library: loading, versions, hashes and their drift."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mou_builder.errors import InputErrors
from mou_builder.model.hashing import version_hash
from mou_builder.sources.library import Library, hash_drift


def test_library_loads_every_clause(mini_library: Path) -> None:
    library = Library.load(mini_library)
    assert set(library.clauses) == {"purpose", "rules-of-duty", "hours", "records", "training"}
    assert library.by_element["hours"] == ["hours"]


def test_plain_id_resolves_to_latest_approved(mini_library: Path) -> None:
    library = Library.load(mini_library)
    _, version = library.resolve("hours")
    assert version.version == 2
    _, old = library.resolve("hours@1")
    assert old.status == "superseded"


def test_hash_is_stable_and_covers_text_and_params(mini_library: Path) -> None:
    version = Library.load(mini_library).resolve("hours@2")[1]
    assert version_hash(version) == version.hash
    changed = version.model_copy(update={"text": ["The officer works ten hours."]})
    assert version_hash(changed) != version.hash


def test_editing_approved_text_in_place_is_detected(mini_library: Path) -> None:
    path = mini_library / "training.yaml"
    path.write_text(path.read_text().replace("youth-focused", "general"))
    loaded = Library.load(mini_library).get("training")
    assert loaded is not None
    message = hash_drift(loaded, loaded.clause.versions[0])
    assert message is not None
    assert "'training' version 1 was changed after approval" in message


def test_bad_clause_files_are_all_reported_with_locations(mini_library: Path) -> None:
    (mini_library / "broken.yaml").write_text("id: broken\ntitle: x\nelements: [nope]\n")
    data = yaml.safe_load((mini_library / "hours.yaml").read_text())
    data["versions"][0]["params"]["hours_per_day"]["type"] = "integer"
    (mini_library / "hours.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(InputErrors) as info:
        Library.load(mini_library)
    text = str(info.value)
    assert "broken.yaml:3:1: elements: unknown element 'nope'" in text
    assert "broken.yaml:1:1: missing required key 'versions'" in text
    assert "hours.yaml:" in text and "type: Input should be" in text


def test_file_name_must_match_clause_id(mini_library: Path) -> None:
    (mini_library / "purpose.yaml").rename(mini_library / "aims.yaml")
    with pytest.raises(InputErrors, match=r"does not match the file name 'aims\.yaml'"):
        Library.load(mini_library)
