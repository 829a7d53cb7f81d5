"""``mou clauses new-version``: a clause's next version, a draft copy of an existing one.

The copy keeps the text, parameters, citations and translations of the version it is made
from (the translations keep their ``translates`` hash, so they turn stale as soon as the new
version's English is edited), drops its hash, effective date and approval, and is appended
to the clause file with the file's comments and layout kept (:mod:`..sources.roundtrip`).
A copied translation is a draft again: no reviewer has approved it for the new version
(only a reviewer, editing the file, sets ``status: approved``).
"""

from __future__ import annotations

import copy

from ..errors import InputError
from ..sources.library import LoadedClause
from ..sources.roundtrip import RoundTrip
from ..util.atomic import write_text_atomic

#: what a copy does not inherit: it is a new draft, approved by no one yet
DROPPED = ("hash", "effective", "approval", "notes")


def new_version(loaded: LoadedClause, source: int | None = None) -> int:
    """Append version max+1 as a draft copy of version ``source`` (default: the latest);
    returns its number."""
    clause = loaded.clause
    number = source if source is not None else clause.latest.version
    if clause.get(number) is None:
        available = ", ".join(str(v.version) for v in clause.versions)
        raise InputError(
            f"clause '{clause.id}' has no version {number}",
            loaded.version_location(clause.latest.version),
            f"available versions: {available}",
        )
    document = RoundTrip(loaded.path.read_text(encoding="utf-8"))
    versions = document.data["versions"]
    original = next(item for item in versions if item.get("version") == number)
    made = copy.deepcopy(original)
    for key in DROPPED:
        made.pop(key, None)
    made["version"] = clause.latest.version + 1
    made["status"] = "draft"
    for translation in (made.get("translations") or {}).values():
        translation["status"] = "draft"
        for key in ("reviewer", "approved_on"):
            translation.pop(key, None)
    versions.append(made)
    write_text_atomic(loaded.path, document.dump())
    return int(made["version"])
