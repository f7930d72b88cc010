"""Category colours and the text colour that reads on them."""

from __future__ import annotations

import pytest

from eventapp.colours import (
    BLACK,
    PALETTE,
    WHITE,
    colour_for,
    contrast,
    parse_colour,
    text_colour_on,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("#1F5F9E", "#1f5f9e"), ("1f5f9e", "#1f5f9e"), ("#15a", "#1155aa"), (" #ffd54f ", "#ffd54f"),
    ("#12345", None), ("blue", None), ("", None), ("#gggggg", None)])
def test_parse_colour_accepts_hex_only(text, expected):
    assert parse_colour(text) == expected


def test_contrast_of_black_and_white_is_21():
    assert round(contrast(BLACK, WHITE), 2) == 21.0
    assert contrast("#777777", "#777777") == 1.0


@pytest.mark.parametrize(("background", "expected"), [
    ("#ffd54f", BLACK), ("#1f5f9e", WHITE), ("#000000", WHITE), ("#ffffff", BLACK),
    ("#2e7d32", WHITE), ("#00ffff", BLACK)])
def test_text_colour_on_picks_the_better_contrast(background, expected):
    assert text_colour_on(background) == expected


def test_text_colour_on_every_colour_reads_at_least_4_5_to_1():
    for value in range(0, 256, 15):
        for background in (f"#{value:02x}{value:02x}{value:02x}", f"#{value:02x}8000",
                           f"#00{value:02x}ff", *PALETTE):
            assert contrast(background, text_colour_on(background)) >= 4.5, background


def test_colour_for_falls_back_to_the_palette_by_position():
    assert colour_for("#abcdef", 3) == "#abcdef"
    assert colour_for("", 1) == PALETTE[1]
    assert colour_for("", len(PALETTE)) == PALETTE[0]
