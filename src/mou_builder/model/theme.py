"""The look of a published page (``mou publish --theme THEME.yaml``) and its contrast rules.

A theme file is small::

    colors:
      text: "#1a1a1a"
      background: "#ffffff"
      heading: "#1f3a5f"
      link: "#1a4f8b"
      accent: "#1f3a5f"     # the focus outline and the header rule
    logo: district-logo.png  # relative to the theme file
    logo_alt: Oakview Unified School District

Every colour may be left out: it then comes from the agreement's Word template (its heading
colour, its text colour), or from :data:`DEFAULT_COLORS`. Each pair of colours the page
draws text with must meet WCAG 2.1 AA contrast (:data:`PAIRS`); :func:`contrast_problems`
names the pairs that do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

HEX_PATTERN = r"^#[0-9a-fA-F]{6}$"
Hex = Annotated[str, Field(pattern=HEX_PATTERN)]
ColorName = Literal["text", "background", "heading", "link", "accent"]

#: the colours of a page when neither the theme nor the template names one
DEFAULT_COLORS: dict[ColorName, str] = {
    "text": "#1a1a1a",
    "background": "#ffffff",
    "heading": "#1f3a5f",
    "link": "#1a4f8b",
    "accent": "#1f3a5f",
}

#: file name suffix -> media type of a logo the page can embed
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
MAX_LOGO_BYTES = 512 * 1024


class ThemeColors(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Hex | None = None
    background: Hex | None = None
    heading: Hex | None = None
    link: Hex | None = None
    accent: Hex | None = None


class Theme(BaseModel):
    """The theme file (``THEME.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    colors: ThemeColors = ThemeColors()
    logo: str | None = None
    logo_alt: Annotated[str, Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _logo_needs_alt(self) -> Theme:
        if self.logo is not None and not (self.logo_alt or "").strip():
            raise ValueError("a logo needs 'logo_alt', the text a screen reader says for it")
        return self


@dataclass(frozen=True)
class Pair:
    """Two colours the page draws one on the other, and the contrast WCAG AA asks of them."""

    fore: ColorName
    back: ColorName
    minimum: float
    use: str


PAIRS: tuple[Pair, ...] = (
    Pair("text", "background", 4.5, "body text"),
    Pair("link", "background", 4.5, "links"),
    Pair("heading", "background", 3.0, "large heading text"),
    Pair("accent", "background", 3.0, "the focus outline"),
)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1.0 to 21.0."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class ContrastProblem:
    pair: Pair
    ratio: float

    def message(self, colors: dict[ColorName, str]) -> str:
        p = self.pair
        return (
            f"colors.{p.fore} {colors[p.fore]} on colors.{p.back} {colors[p.back]} has contrast "
            f"{self.ratio:.2f}:1, below the {p.minimum:g}:1 WCAG AA asks for {p.use}"
        )


def contrast_problems(colors: dict[ColorName, str]) -> list[ContrastProblem]:
    """The pairs of ``colors`` below their WCAG AA minimum, in :data:`PAIRS` order."""
    found = []
    for pair in PAIRS:
        ratio = contrast(colors[pair.fore], colors[pair.back])
        if ratio < pair.minimum:
            found.append(ContrastProblem(pair, ratio))
    return found


def resolve_colors(
    theme: Theme, template: dict[ColorName, str] | None = None
) -> tuple[dict[ColorName, str], set[ColorName]]:
    """The page's colours (theme, else template, else default) and the names the theme set.

    A template colour that fails its contrast pair is dropped for the default: the
    template was made for paper, and only what the theme file asks for is the user's
    choice to be refused."""
    given: dict[ColorName, str] = {}
    for name in DEFAULT_COLORS:
        value = getattr(theme.colors, name)
        if value:
            given[name] = value.lower()
    colors: dict[ColorName, str] = dict(DEFAULT_COLORS)
    for name, value in (template or {}).items():
        trial = {**colors, name: value.lower(), **given}
        if not any(name in (p.pair.fore, p.pair.back) for p in contrast_problems(trial)):
            colors[name] = value.lower()
    colors.update(given)
    return colors, set(given)
