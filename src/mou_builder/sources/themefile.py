"""Reading a page theme (``mou publish --theme THEME.yaml``): colours and logo, checked.

The file is validated against :class:`~mou_builder.model.theme.Theme` with file:line:col on
each error; a colour pair below WCAG AA contrast is bad input at the colour the theme set;
the logo is read (relative to the theme file) into a ``data:`` URI, so the page makes no
request for it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, InputErrors, Location
from ..model.theme import (
    LOGO_TYPES,
    MAX_LOGO_BYTES,
    ColorName,
    Theme,
    contrast_problems,
    resolve_colors,
)
from . import yamlio


@dataclass(frozen=True)
class LoadedTheme:
    theme: Theme
    path: Path | None = None
    data: object = None  # the marked YAML (positions of each key and value)

    def where(self, *keys: str) -> Location:
        """The place in the theme file of the value at ``keys`` (the file itself if none)."""
        name = str(self.path) if self.path else "<theme>"
        mark = yamlio.locate(self.data, keys) if self.data is not None else None
        return Location(name, *(mark or (1, 1)))


def load_theme(path: Path | str | None) -> LoadedTheme:
    """The theme at ``path``, or the empty theme (every colour from the template)."""
    if path is None:
        return LoadedTheme(Theme())
    from .validate import validate

    path = Path(path)
    if not path.is_file():
        raise InputError("theme file not found", Location(str(path)), "check the --theme path")
    data = yamlio.load(path)
    return LoadedTheme(validate(Theme, data, str(path)), path, data)


def page_colors(
    loaded: LoadedTheme, template: dict[ColorName, str] | None = None
) -> dict[ColorName, str]:
    """The page's colours; InputErrors naming each pair the theme set below WCAG AA."""
    colors, given = resolve_colors(loaded.theme, template)
    errors = []
    for problem in contrast_problems(colors):
        pair = problem.pair
        blamed = pair.fore if pair.fore in given or pair.back not in given else pair.back
        errors.append(
            InputError(
                problem.message(colors),
                loaded.where("colors", blamed),
                "choose a colour with more contrast",
            )
        )
    if errors:
        raise InputErrors(errors)
    return colors


def logo_data_uri(loaded: LoadedTheme) -> str | None:
    """The theme's logo as a ``data:`` URI (None without a logo)."""
    logo = loaded.theme.logo
    if logo is None:
        return None
    where = loaded.where("logo")
    base = loaded.path.parent if loaded.path else Path(".")
    file = base / logo
    kind = LOGO_TYPES.get(file.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(LOGO_TYPES))
        raise InputError(f"logo {logo!r} is not an image the page can show", where, known)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read logo {logo!r}: {exc.strerror}", where) from None
    if len(data) > MAX_LOGO_BYTES:
        raise InputError(
            f"logo {logo!r} is {len(data):,} bytes (the limit is {MAX_LOGO_BYTES:,})",
            where,
            "save a smaller image",
        )
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
