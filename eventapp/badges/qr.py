"""The QR code of a badge code: inline SVG for pages, PNG for mail."""

from __future__ import annotations

import io

import segno
from markupsafe import Markup


def qr_svg(code: str, title: str = "") -> Markup:
    """An <svg> element that needs nothing else to display (no external file, no script)."""
    out = io.BytesIO()
    segno.make_qr(code, error="m", boost_error=False).save(
        out, kind="svg", xmldecl=False, svgns=True, scale=1, border=4, omitsize=True,
        svgclass="qr-code", lineclass=None, title=title or None, light="#fff")
    # segno escapes the title; the rest is its own markup.
    return Markup(out.getvalue().decode())  # noqa: S704


def qr_png(code: str) -> bytes:
    """A PNG of the code, large enough to scan from a phone's screen or a printout."""
    out = io.BytesIO()
    segno.make_qr(code, error="m", boost_error=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()
