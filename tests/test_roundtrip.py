"""One YAML round trip for every command that rewrites a file a person wrote.

`mou upgrade`, `mou accept` and `mou clauses stamp` edit hand-formatted YAML; every line the
edit does not touch must come out byte for byte as it went in, whatever indentation style,
quoting and comments the author used.
"""

from __future__ import annotations

import difflib

import yaml

from mou_builder.cli import mou
from mou_builder.sources.roundtrip import Indent, RoundTrip, detect_indent

from conftest import stamp_clause_data

# A spec in a style of its own: sequences flush with their key, four-space mappings,
# quoted scalars, comments everywhere, a long line that must not be folded.
HAND_FORMATTED_SPEC = """\
# Lakeside agreement, as counsel typed it
id: MINI-2026   # the agreement id
title: 'School Resource Officer Agreement'
date: 2026-06-01
profiles: []
parties:
    district:
        name: "Lakeside School District"
        short: District
        signatories:
        - {name: Ana Park, title: Superintendent}
    agency:
        name: Lakeside Police Department
        short: Agency
        signatories:
        - {name: Lee Stone, title: Chief of Police}
term: {effective: 2026-07-01, expires: 2027-06-30}
params:
    contact: the records office, which answers parents, guardians and adult students in ten days
clauses:
# the opening clauses
- 'purpose@1'
- rules-of-duty@1
- id: hours
  version: 1      # to be upgraded
  params:
      hours_per_day: 7
- "records@1"
- training@1
"""


def changed_lines(before: str, after: str) -> list[str]:
    """Lines of ``before`` that are not kept, unchanged and in order, in ``after``."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    kept = {
        i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)
    }
    return [line for i, line in enumerate(before.splitlines()) if i not in kept]


def test_the_indentation_is_read_from_the_source():
    assert detect_indent(HAND_FORMATTED_SPEC) == Indent(mapping=4, sequence=2, offset=0)
    assert detect_indent("a:\n  b: 1\nc:\n  - x\n") == Indent(mapping=2, sequence=4, offset=2)
    assert detect_indent(HAND_FORMATTED_CLAUSE) == Indent(mapping=4, sequence=4, offset=0)


def test_a_load_and_dump_with_no_edit_changes_no_byte():
    assert RoundTrip(HAND_FORMATTED_SPEC).dump() == HAND_FORMATTED_SPEC


def test_upgrade_changes_only_the_pinned_version(runner, mini_library, tmp_path):
    spec = tmp_path / "hand.mou.yaml"
    spec.write_text(HAND_FORMATTED_SPEC)
    result = runner.invoke(mou, ["--library", str(mini_library), "upgrade", str(spec)])
    assert result.exit_code == 0, result.output
    after = spec.read_text()
    assert changed_lines(HAND_FORMATTED_SPEC, after) == ["  version: 1      # to be upgraded"]
    assert "  version: 2      # to be upgraded\n" in after


HAND_FORMATTED_CLAUSE = """\
# Hours of duty (hand-written)
id: hours
title: 'Hours'
elements: [hours]
versions:
-   version: 1
    status: approved
    effective: 2024-01-01
    text:
    -   "The SRO works {{ hours_per_day }} hours a day at the listed schools, on every school day."
    params:
        hours_per_day: {type: int, min: 1, max: 12, help: Hours on duty each school day.}
"""


def test_stamp_adds_the_hash_and_changes_no_other_line(runner, tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "hours.yaml").write_text(HAND_FORMATTED_CLAUSE)
    result = runner.invoke(mou, ["--library", str(library), "clauses", "stamp"])
    assert result.exit_code == 0, result.output
    after = (library / "hours.yaml").read_text()
    assert changed_lines(HAND_FORMATTED_CLAUSE, after) == []
    added = changed_lines(after, HAND_FORMATTED_CLAUSE)
    assert len(added) == 1 and added[0].startswith("    hash: sha256:")
    assert yaml.safe_load(after) == {
        **yaml.safe_load(HAND_FORMATTED_CLAUSE),
        "versions": [stamp_clause_data(yaml.safe_load(HAND_FORMATTED_CLAUSE))["versions"][0]],
    }


def test_accept_changes_only_the_revision_and_the_accepted_value():
    """`mou accept` writes the next revision through the same round trip."""
    from mou_builder.workflows.accept.model import Edit
    from mou_builder.workflows.accept.yamlout import write_yaml

    after, old, new = write_yaml(
        HAND_FORMATTED_SPEC, [Edit(clause="hours", version=1, params={"hours_per_day": 8})]
    )
    assert (old, new) == ("1", "2")
    assert changed_lines(HAND_FORMATTED_SPEC, after) == ["      hours_per_day: 7"]
    inserted = changed_lines(after, HAND_FORMATTED_SPEC)
    assert inserted == ["revision: '2'", "      hours_per_day: 8"]


def test_the_three_writers_are_one():
    """upgrade, accept and stamp all go through sources.roundtrip (no writer of their own)."""
    import ast

    from conftest import ROOT

    for module in ("workflows/upgrade.py", "workflows/stamp.py", "workflows/accept/yamlout.py"):
        tree = ast.parse((ROOT / "src" / "mou_builder" / module).read_text())
        imported = {
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        }
        assert not any(m.startswith("ruamel") for m in imported if m != "ruamel.yaml.comments"), (
            module
        )
        assert any(m.endswith("sources.roundtrip") for m in imported), module
