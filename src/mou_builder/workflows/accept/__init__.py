"""``mou accept``: carry accepted proposals of a returned .docx into the next spec revision.

For each clause with accepted changes the clause text is rebuilt from the returned document
(only the accepted tracked changes applied; untracked edits kept or reverted as a whole).
Then, in order of preference:

1. nothing but filled parameter values differ (``six`` → ``eight`` where ``hours_per_day``
   was ``six``; a row added to a table parameter): the new values become parameters of that
   clause's entry, and re-assembling the clause must give exactly the accepted text;
2. otherwise the accepted text becomes negotiated text of the entry (``text:`` blocks plus a
   ``negotiated:`` note naming the document, the date and the change ids), which ``mou check``
   reports as a deviation from the library (an error on ``locked`` clauses).

The new spec is written with ruamel.yaml (comments and layout of the original kept), its
revision label bumped, and checked; ``SPEC`` itself is never modified.

Modules: ``model`` (typed results), ``run`` (the entry point), ``plan`` (what changes in
each clause entry), ``params`` (text read back as parameter values), ``blocks`` (negotiated
text as source), ``yamlout`` (the round-trip YAML), ``views``.
"""

from __future__ import annotations

from .model import AcceptOutcome, ClauseOutcome, Edit, How, ParamValue, SourceBlock
from .params import NUMBER_WORDS
from .run import accept
from .yamlout import bump_revision

__all__ = [
    "NUMBER_WORDS",
    "AcceptOutcome",
    "ClauseOutcome",
    "Edit",
    "How",
    "ParamValue",
    "SourceBlock",
    "accept",
    "bump_revision",
]
