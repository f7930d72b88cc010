"""The drawing operations of one page: filled boxes, hairlines, shaped text, QR modules.

Coordinates are PDF points from the page's bottom-left corner; colours are (r, g, b) in 0..1.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventapp.pdf.text import Line
from eventapp.pdf.writer import PdfWriter

Colour = tuple[float, float, float]
BLACK: Colour = (0.0, 0.0, 0.0)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _colour(colour: Colour, operator: str) -> str:
    return " ".join(_num(c) for c in colour) + f" {operator}"


def _show(ops: list[str], shown: list[str]) -> None:
    """Show the glyphs collected so far as one TJ, and start afresh."""
    if shown:
        ops.append("[" + " ".join(shown) + "] TJ")
        shown.clear()


class Canvas:
    """Collects one page's content stream and the fonts it uses."""

    def __init__(self, writer: PdfWriter) -> None:
        self._writer = writer
        self._ops: list[str] = []
        self.fonts: set[str] = set()

    def fill_rect(self, x: float, y: float, width: float, height: float,
                  colour: Colour) -> None:
        self._ops.append(f"{_colour(colour, 'rg')} {_num(x)} {_num(y)} {_num(width)} "
                         f"{_num(height)} re f")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5,
             colour: Colour = BLACK) -> None:
        self._ops.append(f"{_colour(colour, 'RG')} {_num(width)} w {_num(x1)} {_num(y1)} m "
                         f"{_num(x2)} {_num(y2)} l S")

    def text(self, line: Line, x: float, y: float, size: float,
             colour: Colour = BLACK) -> None:
        """Draw `line` with its left end at `x` and its baseline at `y`."""
        ops = [f"BT {_colour(colour, 'rg')}"]
        pen = 0.0
        for run in line.runs:
            resource = self._writer.use_font(run.font, run.glyphs)
            self.fonts.add(resource)
            ops.append(f"/{resource} {_num(size)} Tf")
            scale = 1.0 / run.font.units_per_em
            shown: list[str] = []
            for glyph in run.glyphs:
                if glyph.x_offset or glyph.y_offset:
                    # A placed mark: positioned on its own.
                    _show(ops, shown)
                    ops.append(f"1 0 0 1 {_num(x + (pen + glyph.x_offset) * size)} "
                               f"{_num(y + glyph.y_offset * size)} Tm <{glyph.gid:04X}> Tj")
                else:
                    if not shown:
                        ops.append(f"1 0 0 1 {_num(x + pen * size)} {_num(y)} Tm")
                    shown.append(f"<{glyph.gid:04X}>")
                    # The page advances by the font's width; HarfBuzz may want more or less.
                    natural = round(run.font.advances[glyph.gid] * scale * 1000) / 1000
                    adjust = (natural - glyph.advance) * 1000
                    if abs(adjust) > 0.01:
                        shown.append(_num(adjust))
                pen += glyph.advance
            _show(ops, shown)
        ops.append("ET")
        self._ops.append(" ".join(ops))

    def modules(self, rows: Sequence[Sequence[bool]], x: float, top: float,
                module: float, colour: Colour = BLACK) -> None:
        """Dark modules of a QR code, `top` being its upper edge; one rectangle per run."""
        parts = [_colour(colour, "rg")]
        for row_index, row in enumerate(rows):
            y = top - (row_index + 1) * module
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                end = column
                while end < len(row) and row[end]:
                    end += 1
                parts.append(f"{_num(x + column * module)} {_num(y)} "
                             f"{_num((end - column) * module)} {_num(module)} re")
                column = end
        parts.append("f")
        self._ops.append(" ".join(parts))

    def content(self) -> bytes:
        return "\n".join(self._ops).encode()
