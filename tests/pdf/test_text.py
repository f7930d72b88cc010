"""Shaping lines for the PDF: fonts by script, bidi order, Arabic joined."""

from __future__ import annotations

from eventapp.pdf.text import shape_line


def _fonts(text: str) -> list[tuple[str, str]]:
    """(font, text) of each run, in visual order."""
    return [(run.font.name, "".join(g.text for g in run.glyphs))
            for run in shape_line(text).runs]


def test_shape_line_latin_with_diacritics_is_one_noto_run():
    assert _fonts("Nguyễn Thị Ảnh, Şükrü, Łódź") == [("NotoSansRegular",
                                                       "Nguyễn Thị Ảnh, Şükrü, Łódź")]


def test_shape_line_cyrillic_and_greek_stay_in_noto_sans():
    assert _fonts("Иван Ελένη") == [("NotoSansRegular", "Иван Ελένη")]


def test_shape_line_chinese_takes_the_cjk_font():
    assert _fonts("王小明") == [("DroidSansFallbackFull", "王小明")]


def test_shape_line_arabic_is_right_to_left_and_joined():
    [run] = shape_line("محمد").runs
    assert run.font.name == "NotoSansArabic-Regular".replace("-", "")
    # Drawn left to right: the last letter first; the cluster texts read back the word.
    assert "".join(g.text for g in reversed(run.glyphs)) == "محمد"
    # Joined forms: the initial, medial and final forms are other glyphs than the isolated.
    isolated = {shape_line(letter).runs[0].glyphs[0].gid for letter in "محد"}
    assert not isolated & {g.gid for g in run.glyphs[1:]}


def test_shape_line_mixed_line_orders_runs_by_direction():
    # A left-to-right line with an Arabic word: the word's letters are reversed in place.
    # The space after it stays with the Arabic font, in the line's direction.
    assert _fonts("Ali علي Khan") == [("NotoSansRegular", "Ali "),
                                       ("NotoSansArabicRegular", "يلع"),
                                       ("NotoSansArabicRegular", " "),
                                       ("NotoSansRegular", "Khan")]
    # A right-to-left line: the Latin word and the digits come first from the left.
    runs = _fonts("منظمة 2024 WHO")
    assert runs[0] == ("NotoSansRegular", "WHO")
    assert runs[-1][0] == "NotoSansArabicRegular"


def test_shape_line_width_grows_with_text():
    assert shape_line("Ana").width < shape_line("Anastasia").width
    assert shape_line("").runs == ()
