"""``mou review``: a returned .docx read back clause by clause.

Every tracked change and comment of the returned document, each placed in its clause (by
the clause markers, else by matching paragraph text against the spec's clauses), plus the
edits made with Track Changes off (the reject-all text of a clause compared with what was
sent), plus flags: changes touching ``locked`` statutory language, and changes whose
acceptance would make ``mou check`` fail (simulated: the change is accepted into the clause
text and the check engine runs the rules that read text on the result).

Modules: ``model`` (typed results), ``build`` (the entry point), ``mapping`` (the text
fallback of clause mapping), ``texts`` (a clause's text in a view), ``untracked``,
``flags`` and ``simulate`` (the check engine asked about accepted changes), ``views``.
"""

from __future__ import annotations

from ...ooxml.clausemap import map_by_text
from .build import review
from .flags import compute_flags
from .model import (
    KINDS,
    Change,
    ChangeKind,
    ClauseView,
    Flag,
    Reply,
    Review,
    ReviewComment,
    Summary,
)
from .texts import clause_text, lines_of, sent_text

__all__ = [
    "KINDS",
    "Change",
    "ChangeKind",
    "ClauseView",
    "Flag",
    "Reply",
    "Review",
    "ReviewComment",
    "Summary",
    "clause_text",
    "compute_flags",
    "lines_of",
    "map_by_text",
    "review",
    "sent_text",
]
