"""Name badges as a PDF, page after page: a pure function of the badges' data.

Two layouts: "sheet" puts four badges of 95 x 135 mm on an A4 page, with cut marks in the
margins along every cutting line; "a6" puts one badge on an A6 page. A badge reads, from the
top: the event's name and dates, the person's name (as large as it fits, on up to two
lines), the organization, the country, the QR code of the badge code, and a band in the
category's colour with the category's name in black or white, whichever contrasts more.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import segno

from eventapp.colours import rgb, text_colour_on
from eventapp.pdf.canvas import BLACK, Canvas, Colour
from eventapp.pdf.text import Line, shape_line
from eventapp.pdf.writer import MM, PdfWriter

LAYOUTS = ("sheet", "a6")
A4 = (210 * MM, 297 * MM)
A6 = (105 * MM, 148 * MM)
SHEET_BADGE = (95 * MM, 135 * MM)
SHEET_COLUMNS, SHEET_ROWS = 2, 2
GREY: Colour = (0.35, 0.35, 0.35)
CUT_MARK = 6 * MM


@dataclass(frozen=True)
class BadgeData:
    name: str
    organization: str
    country: str
    category: str
    colour: str  # "#rrggbb"
    event: str
    dates: str
    code: str | None  # None: printed without a QR code


@dataclass(frozen=True)
class _Fitted:
    lines: tuple[Line, ...]
    size: float


def _fit(text: str, weight: str, width: float, largest: float, max_lines: int = 1) -> _Fitted:
    """The text at the largest size up to `largest` that fits `width`, on up to `max_lines`
    lines broken between words (two lines at most)."""
    whole = shape_line(text, weight)
    best = _Fitted((whole,), min(largest, width / whole.width) if whole.width else largest)
    words = text.split()
    if max_lines >= 2 and len(words) > 1 and best.size < largest:
        for cut in range(1, len(words)):
            first = shape_line(" ".join(words[:cut]), weight)
            second = shape_line(" ".join(words[cut:]), weight)
            size = min(largest, width / max(first.width, second.width, 1e-6))
            # Two lines only when they are clearly larger than one.
            if size > best.size * 1.15 and (len(best.lines) == 1 or size > best.size):
                best = _Fitted((first, second), size)
    return best


def _centred(canvas: Canvas, fitted: _Fitted, centre: float, top: float,
             colour: Colour = BLACK, leading: float = 1.15) -> float:
    """Draw the lines centred on `centre` below `top`; return the y under the last line."""
    y = top
    for line in fitted.lines:
        y -= fitted.size * 0.95
        canvas.text(line, centre - line.width * fitted.size / 2, y, fitted.size, colour)
        y -= fitted.size * (leading - 0.95)
    return y


def draw_badge(canvas: Canvas, badge: BadgeData, x: float, y: float, width: float,
               height: float) -> None:
    """One badge with its bottom-left corner at (x, y)."""
    pad = 6 * MM
    inner = width - 2 * pad
    centre = x + width / 2
    top = y + height - pad
    top = _centred(canvas, _fit(badge.event, "bold", inner, 11, 2), centre, top, GREY)
    top = _centred(canvas, _fit(badge.dates, "regular", inner, 9), centre, top - 1, GREY)
    top -= 7 * MM
    top = _centred(canvas, _fit(badge.name, "bold", inner, 30, 2), centre, top) - 2 * MM
    if badge.organization:
        top = _centred(canvas, _fit(badge.organization, "regular", inner, 14, 2), centre, top)
    if badge.country:
        _centred(canvas, _fit(badge.country, "regular", inner, 11), centre, top - 1)
    band = 17 * MM
    canvas.fill_rect(x, y, width, band, rgb(badge.colour))
    label = _fit(badge.category, "bold", inner, 15)
    text_colour = rgb(text_colour_on(badge.colour))
    _centred(canvas, label, centre, y + band / 2 + label.size * 0.55, text_colour)
    if badge.code:
        qr = segno.make_qr(badge.code, error="m", boost_error=False)
        rows = [[bool(v) for v in row] for row in qr.matrix]
        side = min(30 * MM, height * 0.25)
        module = side / len(rows)
        quiet = 4 * module
        # The quiet zone around the code stays white: nothing else is drawn there.
        canvas.modules(rows, centre - side / 2, y + band + quiet + side, module)


def _sheet_marks(canvas: Canvas, page: tuple[float, float]) -> None:
    badge_w, badge_h = SHEET_BADGE
    left = (page[0] - SHEET_COLUMNS * badge_w) / 2
    bottom = (page[1] - SHEET_ROWS * badge_h) / 2
    for column in range(SHEET_COLUMNS + 1):
        x = left + column * badge_w
        canvas.line(x, 0, x, min(CUT_MARK, bottom - 1), 0.3)
        canvas.line(x, page[1], x, page[1] - min(CUT_MARK, bottom - 1), 0.3)
    for row in range(SHEET_ROWS + 1):
        y = bottom + row * badge_h
        canvas.line(0, y, min(CUT_MARK, left - 1), y, 0.3)
        canvas.line(page[0], y, page[0] - min(CUT_MARK, left - 1), y, 0.3)


def _sheet_page(writer: PdfWriter, badges: list[BadgeData]) -> bytes:
    canvas = Canvas(writer)
    badge_w, badge_h = SHEET_BADGE
    left = (A4[0] - SHEET_COLUMNS * badge_w) / 2
    bottom = (A4[1] - SHEET_ROWS * badge_h) / 2
    for index, badge in enumerate(badges):
        row, column = divmod(index, SHEET_COLUMNS)
        x = left + column * badge_w
        y = bottom + (SHEET_ROWS - 1 - row) * badge_h
        draw_badge(canvas, badge, x, y, badge_w, badge_h)
    _sheet_marks(canvas, A4)
    return writer.page(*A4, canvas.content(), canvas.fonts)


def _a6_page(writer: PdfWriter, badge: BadgeData) -> bytes:
    canvas = Canvas(writer)
    draw_badge(canvas, badge, 0, 0, *A6)
    return writer.page(*A6, canvas.content(), canvas.fonts)


def badges_pdf(badges: Iterable[BadgeData], layout: str = "sheet",
               title: str = "") -> Iterator[bytes]:
    """The PDF in pieces: the header, then each page as soon as it is drawn, then the fonts.

    `badges` is read lazily, one page's worth at a time.
    """
    writer = PdfWriter(title)
    yield writer.header()
    source = iter(badges)
    per_page = SHEET_COLUMNS * SHEET_ROWS if layout == "sheet" else 1
    pages = 0
    while page_badges := list(islice(source, per_page)):
        pages += 1
        if layout == "sheet":
            yield _sheet_page(writer, page_badges)
        else:
            yield _a6_page(writer, page_badges[0])
    if not pages:
        yield writer.page(*(A4 if layout == "sheet" else A6), b"", set())
    yield from writer.end()
