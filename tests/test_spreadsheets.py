from __future__ import annotations

import pytest

from eventapp.spreadsheets import ImportFileError, carry, decode_upload, safe_cell, uncarry


def test_carry_round_trips_text_and_rejects_tampering():
    text = "date,start\n2018-03-26,09:00 — Zoë\n"
    assert uncarry(carry(text)) == text
    assert uncarry("not base64!") is None
    assert uncarry(carry(text)[:-2] + "@@") is None
    # decode_upload never lets a NUL through, so a carried one was put there by hand.
    assert uncarry(carry("date\n\x00")) is None


def test_decode_upload_strips_bom_and_refuses_other_encodings():
    assert decode_upload("\ufeffname\nZoë".encode()) == "name\nZoë"
    with pytest.raises(ImportFileError, match="not UTF-8"):
        decode_upload("name\nZoë".encode("latin-1"))


def test_safe_cell_keeps_numbers_and_booleans_readable():
    assert [safe_cell(v) for v in (-1.5, 0, True, False, "-1.5")] == [
        "-1.5", "0", "yes", "no", "'-1.5"]
