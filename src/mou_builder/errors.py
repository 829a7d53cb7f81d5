"""The project's one exception tree.

Every error a user can cause is a :class:`MouError`; the CLI turns it into a one-line
message and an exit code. Anything else escaping is a bug in mou-builder.
"""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """A place in an input file (1-based line and column). A named tuple, not a dataclass:
    every command imports this module, `mou --help` included, and it stays cheap."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"


class MouError(Exception):
    """Base of every error mou-builder reports to a user."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text = f"{text}; {self.hint}"
        return text


class InputError(MouError):
    """Bad input: malformed YAML, unknown clause, wrong parameter type, hostile file (exit 2)."""


class InputErrors(InputError):
    """Several input errors found in one pass; all of them are reported."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.message, first.location, first.hint)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class DocumentError(InputError):
    """A .docx from outside that cannot be read safely (not a zip, bomb, DTD, encrypted)."""


class UsageError(MouError):
    """The command line asks for something impossible (exit 2)."""


class OutputError(MouError):
    """An output cannot be written (refused path, existing final copy, disk full)."""


class CheckFailed(MouError):
    """Checks found errors; the findings have already been printed (exit 1)."""

    exit_code = 1
