"""The PDF leaves page by page: a page is sent before the next badges are even read."""

from __future__ import annotations

import io

import pypdf

from eventapp.badges.layout import BadgeData, badges_pdf


def _badge(i: int) -> BadgeData:
    return BadgeData(f"Person {i}", "IOM", "Switzerland", "Civil society", "#1f5f9e",
                     "Dialogue", "26–27 March 2018", f"1-{i}-1-ABCDEFGHIJKLMNOPQRSTUVWX")


def test_badges_pdf_sends_each_page_before_reading_the_next_badges():
    read = []

    def source():
        for i in range(10):
            read.append(i)
            yield _badge(i)

    chunks = badges_pdf(source(), "sheet")
    header = next(chunks)
    assert header.startswith(b"%PDF-1.7")
    first_page = next(chunks)
    assert b"/Type /Page " in first_page
    # Four badges to the sheet, and not one more read before the sheet left.
    assert read == [0, 1, 2, 3]
    rest = b"".join(chunks)
    assert read == list(range(10))
    reader = pypdf.PdfReader(io.BytesIO(header + first_page + rest))
    assert len(reader.pages) == 3
    assert "Person 9" in reader.pages[2].extract_text()


def test_badges_pdf_of_nobody_is_one_blank_valid_page():
    data = b"".join(badges_pdf([], "a6"))
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1


def test_badges_pdf_fonts_are_subsets_with_a_unicode_map():
    data = b"".join(badges_pdf([_badge(1)], "a6"))
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = sorted(str(font.get_object()["/BaseFont"]).split("+")[1] for font in fonts.values())
    assert names == ["NotoSansBold", "NotoSansRegular"]
    for font in fonts.values():
        assert "/ToUnicode" in font.get_object()
    # Two subset fonts and the drawing: far below the full fonts' 1 MB.
    assert len(data) < 120_000
