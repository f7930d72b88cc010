"""Excel workbooks: uploads read as CSV text with sheet row numbers, typed streamed exports."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from eventapp.spreadsheets import ImportFileError
from eventapp.xlsx import (
    DATETIME_FORMAT,
    PERCENT_FORMAT,
    Column,
    build_xlsx,
    cell_text,
    read_upload,
    xlsx_chunks,
)


def workbook_bytes(rows: list[list[object]], *, sheets: int = 1) -> bytes:
    workbook = Workbook()
    workbook.active.title = "First"
    for row in rows:
        workbook.active.append(row)
    for n in range(1, sheets):
        workbook.create_sheet(f"Other {n}").append(["not", "read"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("value", "text"), [
    (None, ""),
    ("  Panel 1 ", "  Panel 1 "),
    ("Line one\nline two", "Line one line two"),
    (10, "10"),
    (10.0, "10"),
    (2.5, "2.5"),
    (0.1 + 0.2, "0.3"),
    (True, "TRUE"),
    (datetime(2019, 10, 14), "2019-10-14"),
    (datetime(2019, 10, 14, 9, 30), "2019-10-14 09:30"),
    (date(2019, 10, 14), "2019-10-14"),
    (time(9, 0), "09:00"),
    (time(9, 0, 15), "09:00:15"),
    (timedelta(hours=1, minutes=30), "01:30"),
])
def test_cell_text_is_what_the_person_typed(value, text):
    assert cell_text(value) == text


def test_read_upload_keeps_sheet_row_numbers_as_csv_lines():
    data = workbook_bytes([
        ["date", "start", "session"],
        [datetime(2019, 10, 14), time(10, 0), "Opening, with \"quotes\""],
        [],
        [None, None, None],
        [datetime(2019, 10, 15), time(9, 30), "Panel 2"],
        [],
    ], sheets=2)

    text = read_upload(data)

    assert list(csv.reader(io.StringIO(text))) == [
        ["date", "start", "session"],
        ["2019-10-14", "10:00", "Opening, with \"quotes\""],
        [],
        [],
        ["2019-10-15", "09:30", "Panel 2"],
    ]
    assert text.splitlines()[4] == "2019-10-15,09:30,Panel 2"


def test_read_upload_reads_a_formula_as_its_shown_value():
    workbook = Workbook()
    workbook.active.append(["planned_minutes"])
    workbook.active.append(["=5+5"])
    out = io.BytesIO()
    workbook.save(out)
    # A workbook saved without calculating has no value to show: the cell reads as empty.
    assert read_upload(out.getvalue()) == "planned_minutes\n"


def test_read_upload_still_reads_csv_text():
    assert read_upload("\ufeffdate,start\n2019-10-14,10:00\n".encode()) == (
        "date,start\n2019-10-14,10:00\n")


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
NOT_A_WORKBOOK = (
    "This file is not an Excel workbook (.xlsx) that can be read. Save it again from your "
    "spreadsheet as an Excel Workbook (.xlsx) or as “CSV UTF-8” and upload it.")


@pytest.mark.parametrize(("data", "message"), [
    (OLE + "Workbook".encode("utf-16-le"),
     "This is an Excel 97–2003 workbook (.xls), which cannot be read. Save it as an Excel "
     "Workbook (.xlsx) or as “CSV UTF-8” and upload that file."),
    (OLE + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"),
     "This workbook is protected by a password, so it cannot be read. Save a copy without "
     "the password (or as “CSV UTF-8”) and upload that file."),
    (b"PK\x03\x04\x00\x00binary", NOT_A_WORKBOOK),
    (_zip({"word/document.xml": b"<w:document/>"}), NOT_A_WORKBOOK),
    (workbook_bytes([[datetime(2019, 10, 14)]])[:-200], NOT_A_WORKBOOK),
    (workbook_bytes([]), "The first sheet of the workbook is empty."),
    (b"PK\x03\x04binary\x00", NOT_A_WORKBOOK),
])
def test_read_upload_explains_files_it_cannot_read(data, message):
    with pytest.raises(ImportFileError) as caught:
        read_upload(data)
    assert str(caught.value) == message


def test_read_upload_refuses_a_workbook_that_unpacks_too_large(monkeypatch):
    monkeypatch.setattr("eventapp.xlsx.MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ImportFileError, match="too large"):
        read_upload(workbook_bytes([["date"], ["x" * 2000]]))


COLUMNS = [Column("id", 6), Column("name", 30), Column("registered_at (Europe/Zurich)", 20,
                                                      DATETIME_FORMAT),
           Column("share", 9, PERCENT_FORMAT)]


def test_build_xlsx_types_cells_freezes_the_header_and_sets_widths():
    data = build_xlsx("Registrations", COLUMNS, [
        [1, '=HYPERLINK("http://evil.example","x")', datetime(2019, 10, 14, 9, 30), 0.25],
        [2, "Zo\x01ë\x00", None, None],
        [3, "-1+1", datetime(2019, 10, 15, 17, 5), 1.0],
    ])

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "Registrations"
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [6, 30, 20, 9]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values == [
        ["id", "name", "registered_at (Europe/Zurich)", "share"],
        [1, '\'=HYPERLINK("http://evil.example","x")', datetime(2019, 10, 14, 9, 30), 0.25],
        [2, "Zoë", None, None],
        [3, "'-1+1", datetime(2019, 10, 15, 17, 5), 1],
    ]
    assert sheet["B2"].data_type == "s"
    assert (sheet["C2"].number_format, sheet["D2"].number_format) == (
        DATETIME_FORMAT, PERCENT_FORMAT)
    assert sheet["A2"].number_format == "General"


def test_xlsx_chunks_stream_the_same_workbook_in_pieces():
    rows = [[i, f"Name {i}", None, i / 100] for i in range(3000)]
    chunks = list(xlsx_chunks("S", COLUMNS, rows, chunk_size=4096))
    assert len(chunks) > 1
    sheet = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == 3001


def test_read_upload_ignores_trailing_formatted_rows_and_counts_filled_ones(monkeypatch):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["date", "session"])
    sheet.append(["2019-10-14", "Opening"])
    for number in range(3, 40):
        sheet.cell(row=number, column=1).number_format = "0.00"  # formatted, never filled
    out = io.BytesIO()
    workbook.save(out)
    monkeypatch.setattr("eventapp.xlsx.MAX_ROWS", 2)

    assert read_upload(out.getvalue()) == "date,session\n2019-10-14,Opening\n"

    sheet.append(["2019-10-15", "Closing"])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ImportFileError) as caught:
        read_upload(out.getvalue())
    assert str(caught.value) == "The sheet has more than 2 rows; split it."
