"""Colours as "#rrggbb" text, and the text colour that reads on them (WCAG contrast).

A category's colour fills the band of its badges; the band's text is black or white,
whichever contrasts more with it. Contrast is a ratio of relative luminances, so a band
printed in black and white keeps the same contrast with its text as it has in colour.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
BLACK = "#000000"
WHITE = "#ffffff"
# Given in turn to categories that have no colour of their own (their order decides).
PALETTE = ("#1f5f9e", "#b8860b", "#2e7d32", "#8e244d", "#5e35b1", "#00838f", "#c62828",
           "#6d4c41", "#ad1457", "#37474f")


def parse_colour(text: str) -> str | None:
    """'#1F5F9E', '1f5f9e' or '#15a' as '#1f5f9e' / '#1155aa'; None when it is none of these."""
    match = _HEX.fullmatch((text or "").strip())
    if match is None:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def rgb(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' as three values from 0 to 1."""
    digits = colour.lstrip("#")
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def luminance(colour: str) -> float:
    """Relative luminance per WCAG 2."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on `background` (at least 4.5:1 always)."""
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


def colour_for(stored: str, position: int) -> str:
    """A category's own colour, or the palette's for its place in the order."""
    return parse_colour(stored) or PALETTE[position % len(PALETTE)]
