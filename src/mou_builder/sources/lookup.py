"""The documented lookup orders of the clause library and the profiles, as users read them
(in ``--help`` and in errors). Kept apart from :mod:`.shipped`, which applies them, so the
command line's help needs no file-system code."""

from __future__ import annotations

CLAUSES_ORDER = "--library DIR, then $MOU_CLAUSES, then ./clauses, then the shipped library"
PROFILES_ORDER = "--dir DIR, then $MOU_PROFILES, then ./profiles, then the shipped profiles"
