from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.models import Session, SpeakingSlot
from tests.programme.csv_rows import break_row, csv_text, row


def upload(client, slug: str, data: bytes, filename: str = "programme.csv"):
    return client.post(f"/organize/events/{slug}/import",
                       data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def session_count() -> int:
    return db.session.scalar(select(func.count(Session.id)))


def test_upload_page_is_for_organizers_only(client, factory, participant):
    factory.event("idm")
    assert client.get("/organize/events/idm/import").status_code == 302
    client.post("/login", data={"email": participant.email, "password": "correct horse battery"})
    assert client.get("/organize/events/idm/import").status_code == 403
    assert client.get("/organize/events/idm/import/template.csv").status_code == 403


def test_upload_page_of_unknown_event_is_404(organizer_client):
    assert organizer_client.get("/organize/events/nope/import").status_code == 404


def test_upload_page_shows_a_labelled_file_field(organizer_client, factory):
    factory.event("idm")
    body = organizer_client.get("/organize/events/idm/import").get_data(as_text=True)
    assert '<label for="file">Programme file (CSV or Excel .xlsx)</label>' in body
    assert 'enctype="multipart/form-data"' in body


def test_preview_then_confirm_imports_once(organizer_client, factory):
    factory.categories()
    factory.event("idm")
    text = csv_text([row(), break_row()])
    preview = upload(organizer_client, "idm", text.encode("utf-8"))
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Sessions: 2 new, 0 updated, 0 unchanged" in body
    assert "Confirm and import" in body
    assert session_count() == 0

    content = re.search(r'name="content" type="hidden" value="([^"]+)"', body)[1]
    done = organizer_client.post("/organize/events/idm/import/confirm",
                                 data={"content": content})
    assert done.status_code == 302
    assert done.headers["Location"] == "/organize/events/idm/"
    assert (session_count(), db.session.scalar(select(func.count(SpeakingSlot.id)))) == (2, 1)

    # A second click on Confirm changes nothing.
    again = organizer_client.post("/organize/events/idm/import/confirm",
                                  data={"content": content}, follow_redirects=True)
    assert "Sessions: 0 new, 0 updated, 2 unchanged." in again.get_data(as_text=True)
    assert session_count() == 2


def test_preview_lists_errors_with_line_numbers_and_offers_no_confirm(organizer_client, factory):
    factory.categories()
    factory.event("idm")
    text = csv_text([row(), row(name="Li Wei", kind="Workshop")])
    body = upload(organizer_client, "idm", text.encode("utf-8")).get_data(as_text=True)
    assert "<strong>Line 3:</strong> Unknown session kind “Workshop”." in body
    assert "Confirm and import" not in body
    assert session_count() == 0


def test_upload_of_a_file_that_is_not_utf8_is_explained(organizer_client, factory):
    factory.event("idm")
    response = upload(organizer_client, "idm", "date,start\né".encode("latin-1"))
    assert response.status_code == 400
    assert "The file is not UTF-8 text." in response.get_data(as_text=True)


def test_upload_without_a_file_is_explained(organizer_client, factory):
    factory.event("idm")
    response = organizer_client.post("/organize/events/idm/import", data={},
                                     content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV or .xlsx file to upload." in response.get_data(as_text=True)


def test_confirm_with_tampered_content_imports_nothing(organizer_client, factory):
    factory.event("idm")
    response = organizer_client.post("/organize/events/idm/import/confirm",
                                     data={"content": "not base64!"}, follow_redirects=True)
    assert "The import could not be confirmed. Upload the file again." in response.get_data(
        as_text=True)
    assert session_count() == 0


def test_template_download_is_a_csv_for_the_events_days(organizer_client, factory):
    factory.event("idm")
    response = organizer_client.get("/organize/events/idm/import/template.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="programme-template.csv"')
    # Two days: a panel and a break on the first, the closing on the second.
    assert [line.split(",")[0] for line in response.get_data(as_text=True).splitlines()] == [
        "date", "2018-03-26", "2018-03-26", "2018-03-27"]


def test_confirmed_import_lands_on_the_programme_with_a_summary(organizer_client, factory):
    factory.categories()
    factory.event("idm")
    preview = upload(organizer_client, "idm", csv_text([row(), break_row()]).encode("utf-8"))
    content = re.search(r'name="content" type="hidden" value="([^"]+)"',
                        preview.get_data(as_text=True))[1]

    done = organizer_client.post("/organize/events/idm/import/confirm",
                                 data={"content": content}, follow_redirects=True)

    body = done.get_data(as_text=True)
    assert done.request.path == "/organize/events/idm/"
    assert "Programme imported. Sessions: 2 new, 0 updated, 0 unchanged." in body
    assert "Coffee break" in body
