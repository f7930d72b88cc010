"""Registrations as a workbook, and the participants import template as .xlsx, round trip."""

from __future__ import annotations

import io
import re
from datetime import datetime

from openpyxl import load_workbook
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.registration.csv_export import EXPORT_COLUMNS, IMPORT_COLUMNS
from eventapp.registration.models import Registration
from eventapp.xlsx import DATETIME_FORMAT, XLSX_MIMETYPE
from tests.conftest import count_queries
from tests.registration.bulk_c1 import add_registrations


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_export_xlsx_has_typed_local_cells_and_neutralized_text(organizer_client, factory):
    event = factory.event(slug="idm", timezone="Europe/Zurich")
    org = factory.organization("@Evil Corp", country="CH")
    person = factory.person(organization=org, email="hostile@example.org",
                            job_title="+cmd|' /C calc'!A0")
    person.first_name, person.last_name = "Eve", '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    registration = factory.registration(event, person, wishes_to_speak=True,
                                        speaking_topic="-1+1", consent_public_list=True)
    # 14 October 2019, 07:30 UTC is 09:30 in Zurich (summer time).
    registration.created_at = datetime.fromisoformat("2019-10-14T07:30:42+00:00")
    db.session.commit()
    factory.registration(factory.event(slug="other"))

    response = organizer_client.get("/organize/events/idm/registrations.xlsx")

    assert response.status_code == 200
    assert response.mimetype == XLSX_MIMETYPE
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="idm-registrations.xlsx"')
    sheet = _sheet(response.data)
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[c].width for c in ("A", "B", "R")] == [9, 30, 27]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [*EXPORT_COLUMNS[:-1], "registered_at (Europe/Zurich)"]
    assert rows[1:] == [[
        registration.id, "hostile@example.org", None, "Eve",
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "'+cmd|' /C calc'!A0", "'@Evil Corp",
        "government", "CH", "national", "delegate", "approved", "yes", "'-1+1", None, "yes",
        "no", datetime(2019, 10, 14, 9, 30),
    ]]
    assert isinstance(rows[1][0], int)
    assert sheet["R2"].number_format == DATETIME_FORMAT
    assert sheet["E2"].data_type == "s"


def test_export_xlsx_respects_the_csv_filters(organizer_client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("Ana Lima"), status="pending")
    factory.registration(event, factory.person("Bo Chen"))

    sheet = _sheet(organizer_client.get(
        "/organize/events/idm/registrations.xlsx?status=pending").data)

    assert [(r[3], r[4], r[11]) for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("Ana", "Lima", "pending")]


def test_list_links_to_the_workbook_with_its_filters(organizer_client, factory):
    factory.event(slug="idm")
    body = organizer_client.get("/organize/events/idm/registrations?status=pending").get_data(
        as_text=True)
    assert 'href="/organize/events/idm/registrations.xlsx?status=pending"' in body
    assert "Download Excel (filtered)" in body


def _upload(client, data: bytes, filename: str):
    return client.post("/organize/events/idm/registrations/import",
                       data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_xlsx_template_round_trip_previews_and_confirms(organizer_client, factory):
    factory.categories()
    factory.event(slug="idm")

    response = organizer_client.get("/organize/events/idm/registrations/import/template.xlsx")

    assert response.status_code == 200
    assert response.mimetype == XLSX_MIMETYPE
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == list(IMPORT_COLUMNS)
    assert sheet.freeze_panes == "A2"
    sheet.append(["bo.chen@example.org", None, "Bo", "Chen", None, None, "civil-society",
                  "FR", None, None, "pending"])
    out = io.BytesIO()
    book.save(out)

    preview = _upload(organizer_client, out.getvalue(), "participants.xlsx")

    body = preview.get_data(as_text=True)
    assert preview.status_code == 200, body
    assert "2 rows can be imported. Check them, then confirm." in body
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', body)] == [2, 3]
    content = re.search(r'name="content" type="hidden" value="([^"]+)"', body)[1]
    done = organizer_client.post("/organize/events/idm/registrations/import/confirm",
                                 data={"content": content})
    assert done.status_code == 302
    assert db.session.execute(select(Registration.status).order_by(Registration.id)).scalars(
        ).all() == ["approved", "pending"]


def test_csv_template_imports_cleanly(organizer_client, factory):
    factory.categories()
    factory.event(slug="idm")
    response = organizer_client.get("/organize/events/idm/registrations/import/template.csv")
    assert response.mimetype == "text/csv"
    assert response.data.decode("utf-8-sig").splitlines() == [
        ",".join(IMPORT_COLUMNS),
        "ana.example@example.org,Ms,Ana,Example,Director,Example Organization,government,CH,"
        "national,delegate,approved",
    ]
    body = _upload(organizer_client, response.data, "participants.csv").get_data(as_text=True)
    assert "1 row can be imported. Check them, then confirm." in body


def test_xlsx_import_errors_name_the_sheet_row(organizer_client, factory):
    factory.categories()
    factory.event(slug="idm")
    book = load_workbook(io.BytesIO(organizer_client.get(
        "/organize/events/idm/registrations/import/template.xlsx").data))
    book.worksheets[0].append([])
    book.worksheets[0].append(["not-an-email", None, "Bo", "Chen", None, None, "government"])
    out = io.BytesIO()
    book.save(out)

    body = _upload(organizer_client, out.getvalue(), "participants.xlsx").get_data(as_text=True)

    assert re.findall(r"<li>(Line \d+: [^<]*)</li>", body) == [
        "Line 4: “not-an-email” is not an email address."]
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_password_protected_workbook_is_refused_clearly(organizer_client, factory):
    factory.event(slug="idm")
    data = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
            + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"))

    response = _upload(organizer_client, data, "participants.xlsx")

    assert response.status_code == 400
    assert ("This workbook is protected by a password, so it cannot be read."
            in response.get_data(as_text=True))


def test_export_xlsx_query_count_equal_at_100_and_1000(organizer_client, factory):
    categories = list(factory.categories().values())
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    add_registrations(small, categories, 100, prefix="s")
    add_registrations(large, categories, 1000, prefix="l")
    organizer_client.get("/organize/events/small/registrations.xlsx")  # warm per-process caches

    with count_queries() as at_small:
        small_sheet = _sheet(organizer_client.get(
            "/organize/events/small/registrations.xlsx").data)
    with count_queries() as at_large:
        large_sheet = _sheet(organizer_client.get(
            "/organize/events/large/registrations.xlsx").data)

    assert (small_sheet.max_row, large_sheet.max_row) == (101, 1001)
    assert at_small.count == at_large.count
