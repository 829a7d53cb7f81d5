"""The built wheel carries everything the package reads at run time.

The wheel is built from the checkout (with the locked setuptools, no download) and its
members are compared with the package's own files: every module and every shipped data file
(clause library, profiles, templates) must be inside, or an installed `mou` would break.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mou_builder.sources import shipped
from mou_builder.sources.library import Library
from mou_builder.sources.profiles import ProfileSet

from conftest import ROOT

PACKAGE = ROOT / "src" / "mou_builder"


@pytest.fixture(scope="module")
def wheel_members(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(out), ROOT],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("mou_builder-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _package_files() -> set[str]:
    return {
        "mou_builder/" + path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_every_file_of_the_package_is_in_the_wheel(wheel_members):
    assert _package_files() - wheel_members == set()


def test_what_the_package_opens_at_run_time_is_in_the_wheel(wheel_members):
    """The files importlib.resources hands out for the shipped library, profiles, templates."""
    opened = {
        *(loaded.path for loaded in Library.load(shipped.data_dir("clauses")).clauses.values()),
        *(path for _, path in ProfileSet.load(shipped.data_dir("profiles")).profiles.values()),
        shipped.shipped_template("default.docx"),
        shipped.shipped_template("letterhead.docx"),
    }
    assert len(opened) > 60
    as_members = {"mou_builder/" + Path(p).relative_to(PACKAGE).as_posix() for p in opened}
    assert as_members - wheel_members == set()


def test_the_wheel_holds_only_the_package_and_its_metadata(wheel_members):
    tops = {name.split("/", 1)[0] for name in wheel_members}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"mou_builder"}
