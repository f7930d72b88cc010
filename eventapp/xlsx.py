"""Excel workbooks (.xlsx): uploads read into the CSV text the importers already check, and
exports written as typed, streamed sheets.

An upload becomes CSV text with one line per sheet row (line 1 is the header row), so the
programme and participants importers keep one code path, the sheet's row numbers are the
messages' line numbers, and the confirm step carries the same text as for a CSV file.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from eventapp.spreadsheets import ImportFileError, decode_upload, safe_cell

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What an upload field offers to pick: CSV files and workbooks.
UPLOAD_ACCEPT = f".csv,.xlsx,text/csv,{XLSX_MIMETYPE}"
# Every .xlsx is a zip file; .xls files and password-protected workbooks are OLE2 files.
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A protected workbook keeps its real content in this stream of the OLE2 file.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Bounds on what one upload may unpack to, so a small hostile file cannot fill the disk
# or keep a worker busy: far above any real programme or participants list.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 200
MAX_ROWS = 50_000

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
PERCENT_FORMAT = "0.0%"


# --- reading ----------------------------------------------------------------------------


def read_upload(data: bytes) -> str:
    """An uploaded CSV file or Excel workbook as CSV text, or ImportFileError saying why not."""
    if data.startswith(_ZIP_MAGIC):
        return workbook_text(data)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ImportFileError(_(
                "This workbook is protected by a password, so it cannot be read. Save a "
                "copy without the password (or as “CSV UTF-8”) and upload that file."))
        raise ImportFileError(_(
            "This is an Excel 97–2003 workbook (.xls), which cannot be read. Save it as an "
            "Excel Workbook (.xlsx) or as “CSV UTF-8” and upload that file."))
    return decode_upload(data)


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(_(
        "This file is not an Excel workbook (.xlsx) that can be read. Save it again from "
        "your spreadsheet as an Excel Workbook (.xlsx) or as “CSV UTF-8” and upload it."))


def workbook_text(data: bytes) -> str:
    """The first sheet of an .xlsx file as CSV text, one line per sheet row."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_a_workbook() from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("This workbook is too large to import; split it."))
    try:
        # data_only: a formula's cell reads as the value the spreadsheet last showed.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        # The workbook comes from outside and its parser can fail in many ways (zip, XML,
        # missing parts); each means the same to the organizer.
        raise _not_a_workbook() from exc
    try:
        if not workbook.worksheets:
            raise _not_a_workbook()
        lines = _sheet_lines(workbook.worksheets[0])
    except ImportFileError:
        raise
    except Exception as exc:
        raise _not_a_workbook() from exc
    finally:
        workbook.close()
    if not any(cell for line in lines for cell in line):
        raise ImportFileError(_("The first sheet of the workbook is empty."))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue()


def _sheet_lines(sheet: ReadOnlyWorksheet) -> list[list[str]]:
    lines: list[list[str]] = []
    filled, blanks = 0, 0
    # Read-only sheets yield an empty row for every blank one, so positions are row numbers.
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        cells = [cell_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            # Kept only if a filled row follows: sheets often hold thousands of formatted,
            # empty rows at the end.
            blanks += 1
            continue
        filled += 1
        if filled > MAX_ROWS:
            raise ImportFileError(_("The sheet has more than %(max)d rows; split it.",
                                    max=MAX_ROWS))
        lines.extend([] for _blank in range(blanks))
        blanks = 0
        lines.append(cells)
    return lines


def cell_text(value: object) -> str:
    """A cell as the person typed it: 2019-10-14, 10:00, 10 (not 10.0), one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    # A line break typed in a cell (Alt+Enter) would split the row over two CSV lines and
    # shift every later row's number; the importers read such text as one line anyway.
    return " ".join(str(value).splitlines())


# --- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an exported sheet: its header, width (in characters) and number format
    (None for text and plain numbers)."""

    header: str
    width: float = 14
    number_format: str | None = None


def _text(value: str) -> str:
    # Control characters cannot be stored in the file; a formula must stay text.
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))


def xlsx_chunks(title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]], *,
                chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The workbook as bytes in chunks; memory stays flat whatever the row count.

    Rows are written as they come (openpyxl's write-only mode keeps them in a temporary
    file); numbers stay numbers, dates and datetimes (naive, already in the zone the
    header names) get a date format, text is neutralized as in CSV exports.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([_text(column.header) for column in columns])
    # One styled cell per formatted column, refilled per row: the row is written on append.
    styled: list[WriteOnlyCell | None] = []
    for column in columns:
        cell = None
        if column.number_format:
            cell = WriteOnlyCell(sheet)
            cell.number_format = column.number_format
        styled.append(cell)
    for row in rows:
        values: list[object] = []
        for value, cell in zip(row, styled, strict=True):
            if isinstance(value, str):
                # An empty cell is not written at all: less to write, same sheet.
                values.append(_text(value) if value else None)
            elif cell is not None and value is not None:
                cell.value = value
                values.append(cell)
            else:
                values.append(value)
        sheet.append(values)
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(chunk_size):
            yield chunk


def build_xlsx(title: str, columns: Sequence[Column],
               rows: Iterable[Sequence[object]]) -> bytes:
    """The whole workbook at once, for small exports and tests."""
    return b"".join(xlsx_chunks(title, columns, rows))
