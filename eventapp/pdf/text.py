"""Lines of text in any script, shaped for a PDF: font fallback, bidi order, HarfBuzz.

A line is cut into runs that one font covers (Noto Sans for Latin, Greek and Cyrillic, Noto
Sans Arabic, Droid Sans Fallback for Chinese), each run is shaped by HarfBuzz in its own
direction (Arabic letters joined, ligatures, marks placed) and the runs are put in visual
order. Badges carry one-line labels, so the bidi order is the Unicode algorithm's for a single
line without embeddings: strong letters decide, neutrals between two runs of one direction
take it, other neutrals take the line's direction (its first strong letter's).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).with_name("font_files")
# Tried in this order for every character; the last one covers the CJK ideographs.
_FAMILIES = {
    "regular": ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf",
                "DroidSansFallbackFull.ttf"),
    "bold": ("NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf", "DroidSansFallbackFull.ttf"),
}
_RTL_CLASSES = {"R", "AL"}
_LTR_CLASSES = {"L"}


class Font:
    """One font file: HarfBuzz for shaping, its metrics, and the characters it covers."""

    def __init__(self, file_name: str) -> None:
        self.path = FONT_DIR / file_name
        self.name = self.path.stem.replace("-", "")
        face = hb.Face(hb.Blob.from_file_path(str(self.path)))
        self.hb_font = hb.Font(face)
        tables = TTFont(str(self.path), lazy=True)
        self.units_per_em: int = tables["head"].unitsPerEm
        self.covered: frozenset[int] = frozenset(tables.getBestCmap())
        self.advances: list[int] = [width for width, _ in (
            tables["hmtx"][name] for name in tables.getGlyphOrder())]
        self.ascent: int = tables["hhea"].ascent
        self.descent: int = tables["hhea"].descent
        head = tables["head"]
        self.bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
        tables.close()

    def covers(self, char: str) -> bool:
        return ord(char) in self.covered


@lru_cache(maxsize=8)
def _font(file_name: str) -> Font:
    return Font(file_name)


def family(weight: str) -> tuple[Font, ...]:
    """The fallback chain of a weight ("regular" or "bold"), loaded once per process."""
    return tuple(_font(name) for name in _FAMILIES[weight])


@dataclass(frozen=True)
class Glyph:
    gid: int
    # In em (1.0 = the font size), from the pen position.
    advance: float
    x_offset: float
    y_offset: float
    # The characters this glyph stands for, for copying and searching the PDF's text.
    text: str


@dataclass(frozen=True)
class Run:
    font: Font
    glyphs: tuple[Glyph, ...]

    @property
    def width(self) -> float:
        return sum(glyph.advance for glyph in self.glyphs)


@dataclass(frozen=True)
class Line:
    """Runs in visual order (left to right); widths in em."""

    runs: tuple[Run, ...]

    @property
    def width(self) -> float:
        return sum(run.width for run in self.runs)


def _direction_classes(text: str) -> list[str]:
    """'R', 'L' or 'N' (neutral) per character."""
    classes = []
    for char in text:
        bidi = unicodedata.bidirectional(char)
        classes.append("R" if bidi in _RTL_CLASSES else "L" if bidi in _LTR_CLASSES else "N")
    return classes


def _resolve_directions(text: str) -> tuple[list[str], str]:
    """Each character's direction and the line's, per the single-line rules above."""
    classes = _direction_classes(text)
    base = next((c for c in classes if c != "N"), "L")
    resolved = list(classes)
    index = 0
    while index < len(classes):
        if classes[index] != "N":
            index += 1
            continue
        end = index
        while end < len(classes) and classes[end] == "N":
            end += 1
        before = classes[index - 1] if index else base
        after = classes[end] if end < len(classes) else base
        side = before if before == after else base
        # Digits keep their own left-to-right order inside a right-to-left line.
        for position in range(index, end):
            digit = unicodedata.bidirectional(text[position]) in ("EN", "AN")
            resolved[position] = "L" if digit and side == "R" else side
        index = end
    return resolved, base


def _pick_font(char: str, chain: tuple[Font, ...], previous: Font | None) -> Font:
    """A mark, space or punctuation stays with the font before it when that font has it."""
    neutral = unicodedata.category(char)[0] in "MZP" or char.isspace()
    if neutral and previous is not None and previous.covers(char):
        return previous
    for font in chain:
        if font.covers(char):
            return font
    return previous or chain[0]


def _shape(font: Font, text: str, rtl: bool) -> Run:
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    # Every character keeps a cluster of its own where it can: marks map to themselves.
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font.hb_font, buffer, {})
    scale = 1.0 / font.units_per_em
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    # Cluster values are character offsets; a cluster's text runs to the next larger one.
    starts = sorted({info.cluster for info in infos})
    ends = {start: end for start, end in zip(starts, [*starts[1:], len(text)], strict=True)}
    seen: set[int] = set()
    glyphs = []
    for info, position in zip(infos, positions, strict=True):
        first = info.cluster not in seen
        seen.add(info.cluster)
        glyphs.append(Glyph(
            gid=info.codepoint, advance=position.x_advance * scale,
            x_offset=position.x_offset * scale, y_offset=position.y_offset * scale,
            text=text[info.cluster:ends[info.cluster]] if first else ""))
    return Run(font, tuple(glyphs))


@lru_cache(maxsize=2048)
def shape_line(text: str, weight: str = "regular") -> Line:
    """One line of text in visual order, ready to be drawn at any size.

    Kept for the next call: every badge repeats the event, its dates and a category."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if not text:
        return Line(())
    chain = family(weight)
    directions, base = _resolve_directions(text)
    pieces: list[tuple[Font, str, str]] = []  # (font, direction, text) in logical order
    previous: Font | None = None
    for char, direction in zip(text, directions, strict=True):
        font = _pick_font(char, chain, previous)
        previous = font
        if pieces and pieces[-1][0] is font and pieces[-1][1] == direction:
            pieces[-1] = (font, direction, pieces[-1][2] + char)
        else:
            pieces.append((font, direction, char))
    # Levels of the bidi algorithm: 0 left-to-right, 1 right-to-left, 2 left-to-right
    # inside a right-to-left line; the highest levels' sequences are reversed first.
    levels = [(1 if d == "R" else 0) if base == "L" else (1 if d == "R" else 2)
              for _, d, _ in pieces]
    order = list(range(len(pieces)))
    for level in range(max(levels, default=0), 0, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = reversed(order[index:end])
            index = end
    return Line(tuple(_shape(pieces[i][0], pieces[i][2], pieces[i][1] == "R") for i in order))
