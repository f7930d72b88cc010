"""The programme import from an Excel workbook: template, preview, sheet rows, confirm, CLI."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.csv_import import COLUMNS
from eventapp.programme.models import Session, SpeakingSlot
from eventapp.xlsx import XLSX_MIMETYPE
from tests.programme.csv_rows import row
from tests.programme.test_csv_import_views import session_count, upload


def _saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _typed_row(values: dict[str, str]) -> list[object]:
    """A CSV helper row as a spreadsheet holds it: dates, times and numbers typed."""
    typed: list[object] = []
    for column in COLUMNS:
        cell = values.get(column, "")
        if column == "date":
            typed.append(datetime.fromisoformat(cell))
        elif column in ("start", "end") and re.fullmatch(r"([01]\d|2[0-3]):\d\d", cell):
            typed.append(time.fromisoformat(cell))
        elif column == "planned_minutes" and cell:
            typed.append(float(cell))
        else:
            typed.append(cell or None)
    return typed


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    book.active.append(list(COLUMNS))
    for values in rows:
        book.active.append(values)
    return _saved(book)


def test_xlsx_template_round_trip_previews_and_confirms(organizer_client, factory):
    factory.categories()
    factory.event("idm")

    response = organizer_client.get("/organize/events/idm/import/template.xlsx")

    assert response.status_code == 200
    assert response.mimetype == XLSX_MIMETYPE
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="programme-template.xlsx"')
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert (sheet["A2"].value, sheet["B2"].value, sheet["P2"].value) == (
        datetime(2018, 3, 26), time(10, 0), 10)
    assert sheet.freeze_panes == "A2"
    # The organizer adds a session the way a spreadsheet stores it.
    sheet.append([date(2018, 3, 27), time(9, 0), time(9, 45), "Regional roundtable",
                  "Panel", "Room 1", "Moderator", "Bo Chen", None, None, None, None, None,
                  None, None, 15.0])

    preview = upload(organizer_client, "idm", _saved(book), "programme.xlsx")

    body = preview.get_data(as_text=True)
    assert preview.status_code == 200, body
    assert "Sessions: 4 new, 0 updated, 0 unchanged" in body
    assert session_count() == 0
    content = re.search(r'name="content" type="hidden" value="([^"]+)"', body)[1]
    done = organizer_client.post("/organize/events/idm/import/confirm",
                                 data={"content": content})
    assert done.status_code == 302
    assert db.session.execute(
        select(Session.title, Session.title_fr).order_by(Session.starts_at)).all() == [
        ("Partnerships at every level of governance",
         "Partenariats à tous les niveaux de gouvernance"),
        ("Coffee break", "Pause café"),
        ("Regional roundtable", ""),
        ("Closing", "Clôture"),
    ]
    assert db.session.scalar(select(func.count(SpeakingSlot.id))) == 2
    slot = db.session.scalar(select(SpeakingSlot).join(Session).where(
        Session.title == "Regional roundtable"))
    assert slot.planned_minutes == 15


def test_xlsx_errors_name_the_sheet_row(organizer_client, factory):
    factory.categories()
    factory.event("idm")
    data = workbook([
        _typed_row(row()),
        [],
        _typed_row(row(session="Panel B", start="12:00", end="25:00", name="Li Wei")),
    ])

    body = upload(organizer_client, "idm", data, "programme.xlsx").get_data(as_text=True)

    assert "<strong>Line 4:</strong> The end time “25:00” is not a time in the form HH:MM." in (
        body)
    assert "Confirm and import" not in body
    assert session_count() == 0


def test_xls_upload_is_refused_with_a_clear_message(organizer_client, factory):
    factory.event("idm")
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le")

    response = upload(organizer_client, "idm", data, "programme.xls")

    assert response.status_code == 400
    assert ("This is an Excel 97–2003 workbook (.xls), which cannot be read."
            in response.get_data(as_text=True))


def test_cli_imports_an_xlsx_file(app, factory, tmp_path):
    factory.categories()
    factory.event("idm")
    path = tmp_path / "programme.xlsx"
    path.write_bytes(workbook([_typed_row(row())]))

    result = app.test_cli_runner().invoke(args=["import-programme", "idm", str(path)])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Programme of idm imported.", "Sessions: 1 new, 0 updated, 0 unchanged."]
    assert session_count() == 1


def test_cli_reports_sheet_rows_and_refuses_a_broken_workbook(app, factory, tmp_path):
    factory.categories()
    factory.event("idm")
    path = tmp_path / "programme.xlsx"
    path.write_bytes(workbook([[], _typed_row(row(end="25:00"))]))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    runner = app.test_cli_runner()

    result = runner.invoke(args=["import-programme", "idm", str(path)])
    refused = runner.invoke(args=["import-programme", "idm", str(broken)])

    assert result.exit_code == 1
    assert "Line 3 (error): The end time “25:00” is not a time in the form HH:MM." in (
        result.output)
    assert refused.exit_code == 1
    assert "This file is not an Excel workbook (.xlsx) that can be read." in refused.output
    assert session_count() == 0
