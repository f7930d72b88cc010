"""The event's audit trail page: access, filters, keyset pages, times in the event's zone,
exports, and each registration's and session's own history; bounded queries at two sizes."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
from sqlalchemy import update

from eventapp import fragment_cache
from eventapp.audit.context import Actor, acting_as
from eventapp.audit.models import AuditEntry
from eventapp.audit.record import Entry, record_many
from eventapp.extensions import db
from tests.conftest import login
from tests.factories import utc

TRAIL = "/organize/events/idm/audit"


def _seed(event_id: int, count: int, *, who: str = "desk@example.org", action: str = "changed",
          label: str = "Ana Lima", object_type: str = "registration",
          subject: str | None = None) -> None:
    with acting_as(Actor(None, who)):
        record_many([Entry(event_id, object_type, number, label, action,
                           {"status": ("pending", "approved")}, subject=subject)
                     for number in range(1, count + 1)])
    db.session.commit()


def _rows(html: str) -> int:
    return html.count('<tr id="entry-')


def test_trail_anonymous_is_sent_to_login_and_participant_refused(client, participant,
                                                                   factory):
    factory.event(slug="idm")
    assert client.get(TRAIL).status_code == 302
    login(client, participant)
    assert client.get(TRAIL).status_code == 403
    assert client.get(f"{TRAIL}.csv").status_code == 403


def test_trail_unknown_event_is_404(organizer_client, factory):
    factory.event(slug="idm")
    assert organizer_client.get("/organize/events/nope/audit").status_code == 404


def test_trail_shows_time_in_event_zone_who_what_and_reason(organizer_client, factory):
    event = factory.event(slug="idm", timezone="Europe/Zurich")
    registration = factory.registration(event, factory.person("Ana Lima"), status="pending")
    organizer_client.post(f"/organize/events/idm/registrations/{registration.id}",
                          data={"status": "declined", "message": "Not a delegation."})
    entry = db.session.query(AuditEntry).filter_by(action="declined").one()
    db.session.execute(update(AuditEntry.__table__).where(AuditEntry.id == entry.id)
                       .values(at=utc(2018, 3, 26, 8, 5)))
    db.session.commit()

    html = organizer_client.get(TRAIL).get_data(as_text=True)

    assert "Times in Europe/Zurich." in html
    row = html.split(f'<tr id="entry-{entry.id}">')[1].split("</tr>")[0]
    assert "26 March 2018, 10:05 CEST" in row
    assert "organizer@example.org" in row
    assert "declined" in row
    assert f"registration #{registration.id}: Ana Lima" in row
    assert "pending → declined" in row
    assert "Not a delegation." in row


def test_trail_filters_by_who_action_kind_object_and_days(organizer_client, factory):
    event = factory.event(slug="idm")
    _seed(event.id, 3, who="desk@example.org")
    _seed(event.id, 2, who="chair@example.org", action="floor given", label="Ben Okafor",
          object_type="floor request")
    # One entry on another day (event's zone: New York).
    db.session.execute(update(AuditEntry.__table__)
                       .where(AuditEntry.actor_label == "chair@example.org",
                              AuditEntry.object_id == 2)
                       .values(at=utc(2018, 3, 27, 3, 0)))
    db.session.commit()

    def count(query: str) -> int:
        return _rows(organizer_client.get(f"{TRAIL}?{query}").get_data(as_text=True))

    assert count("who=CHAIR") == 2
    assert count("action=floor+given") == 2
    assert count("type=registration") == 3
    assert count("object=okafor") == 2
    assert count("object=2") == 2
    # 27 March 03:00 UTC is 26 March 23:00 in New York.
    assert count("from=2018-03-26&to=2018-03-26") == 1
    assert count("from=2018-03-27&to=2018-03-27") == 0


def test_trail_bad_day_is_said_and_not_a_server_error(organizer_client, factory):
    event = factory.event(slug="idm")
    _seed(event.id, 2)
    response = organizer_client.get(f"{TRAIL}?from=26/03/2018")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write the day as YYYY-MM-DD, for example 2026-03-26." in html
    # The form sends its days under the names the page reads, the bad one kept to correct.
    assert 'id="from" maxlength="10" name="from" type="date" value="26/03/2018"' in html
    assert 'name="to" type="date" value=""' in html
    for edge in ("9999-12-31", "0001-01-01"):
        response = organizer_client.get(f"{TRAIL}?to={edge}&from={edge}")
        assert response.status_code == 200
        assert "Write the day as YYYY-MM-DD" in response.get_data(as_text=True)
    # The two, and the event's own creation: the bad day filters nothing.
    assert _rows(html) == 3


def test_trail_pages_go_by_entry_id_older_then_newer(organizer_client, factory):
    event = factory.event(slug="idm")
    _seed(event.id, 120)
    ids = [e.id for e in db.session.query(AuditEntry).filter_by(event_id=event.id)
           .order_by(AuditEntry.id.desc())]
    first = organizer_client.get(TRAIL).get_data(as_text=True)
    assert _rows(first) == 50
    assert f'href="/organize/events/idm/audit?before={ids[49]}"' in first
    second = organizer_client.get(f"{TRAIL}?before={ids[49]}").get_data(as_text=True)
    assert f'<tr id="entry-{ids[50]}">' in second and _rows(second) == 50
    assert f'href="/organize/events/idm/audit?after={ids[50]}"' in second
    back = organizer_client.get(f"{TRAIL}?after={ids[50]}").get_data(as_text=True)
    assert _rows(back) == 50 and f'<tr id="entry-{ids[0]}">' in back


def test_trail_page_queries_do_not_grow_with_entries(organizer_client, factory,
                                                     query_counter):
    event = factory.event(slug="idm")
    _seed(event.id, 10)
    organizer_client.get(TRAIL)
    with query_counter() as small:
        organizer_client.get(TRAIL)
    _seed(event.id, 2000)
    # Warm, as before the first count: the seeding's commit expired the signed-in account.
    organizer_client.get(TRAIL)
    with query_counter() as large:
        organizer_client.get(TRAIL)
    with query_counter() as filtered:
        organizer_client.get(f"{TRAIL}?who=desk&type=registration&from=2018-01-01")
    assert filtered.count == small.count
    assert small.count == large.count
    # The event and the page of entries (the tests' session already holds the signed-in account).
    assert small.count == 2


def test_trail_csv_is_formula_safe_and_in_event_zone(organizer_client, factory):
    event = factory.event(slug="idm")
    _seed(event.id, 1, label="=HYPERLINK(\"http://x\")")
    db.session.execute(update(AuditEntry.__table__).values(at=utc(2018, 3, 26, 14, 0)))
    db.session.commit()
    response = organizer_client.get(f"{TRAIL}.csv?type=registration")
    assert response.headers["Content-Disposition"] == 'attachment; filename="idm-audit.csv"'
    header, row = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header[:3] == ["entry_id", "at (America/New_York)", "who"]
    assert row[1] == "2018-03-26T10:00:00"
    assert row[8] == "'=HYPERLINK(\"http://x\")"
    assert row[9] == '{"status": {"from": "pending", "to": "approved"}}'


def test_trail_workbook_has_typed_cells(organizer_client, factory):
    event = factory.event(slug="idm")
    _seed(event.id, 2)
    response = organizer_client.get(f"{TRAIL}.xlsx?object=2")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("entry_id", "at (America/New_York)", "who")
    assert len(rows) == 2
    assert (rows[1][2], rows[1][7], rows[1][8]) == ("desk@example.org", 2, "Ana Lima")


def test_registration_page_shows_its_own_history_with_a_link(organizer_client, factory,
                                                             query_counter):
    event = factory.event(slug="idm")
    registration = factory.registration(event, factory.person("Ana Lima"), status="pending")
    page = f"/organize/events/idm/registrations/{registration.id}"
    organizer_client.post(page, data={"status": "approved", "message": "Welcome"})
    subject = f"registration:{registration.id}"
    organizer_client.get(page)
    with query_counter() as small:
        html = organizer_client.get(page).get_data(as_text=True)
    history = html.split('id="history-heading"')[1]
    assert "organizer@example.org, registration approved" in history
    assert "Reason: Welcome" in history
    assert f'href="/organize/events/idm/audit?subject=registration:{registration.id}"' \
        in history
    _seed(event.id, 300, subject=subject)
    organizer_client.get(page)
    with query_counter() as large:
        html = organizer_client.get(page).get_data(as_text=True)
    assert html.split('id="history-heading"')[1].count(" EST: ") == 10
    assert small.count == large.count
    filtered = organizer_client.get(f"{TRAIL}?subject={subject}").get_data(as_text=True)
    assert _rows(filtered) == 50


def test_session_page_shows_its_own_history(organizer_client, factory, query_counter):
    event = factory.event(slug="idm")
    session = factory.session(event, title="Opening")
    session.title = "Opening of the dialogue"
    session.starts_at = session.starts_at + timedelta(hours=1)
    session.ends_at = session.ends_at + timedelta(hours=1)
    db.session.commit()
    page = f"/organize/events/idm/sessions/{session.id}/"
    organizer_client.get(page)
    with query_counter() as small:
        html = organizer_client.get(page).get_data(as_text=True)
    history = html.split('id="history-heading"')[1]
    assert "the system, changed" in history
    assert "Opening → Opening of the dialogue" in history
    _seed(event.id, 50, subject=f"session:{session.id}", object_type="speaker")
    organizer_client.get(page)
    with query_counter() as large:
        organizer_client.get(page)
    assert small.count == large.count


def test_trail_rows_drawn_once_are_reused_per_language(organizer_client, factory):
    event = factory.event(slug="idm")
    _seed(event.id, 3)
    first = organizer_client.get(TRAIL).get_data(as_text=True)
    built = fragment_cache.cache.builds
    again = organizer_client.get(TRAIL).get_data(as_text=True)
    assert fragment_cache.cache.builds == built
    # The three entries and the event's own creation.
    assert again == first and _rows(again) == 4
    french = organizer_client.get(f"{TRAIL}?lang=fr").get_data(as_text=True)
    assert fragment_cache.cache.builds == built + 4
    assert "inscription #1: Ana Lima" in french and "registration #1: Ana Lima" in first


def test_trail_rows_of_a_batch_page_have_no_batch_link(organizer_client, factory):
    event = factory.event(slug="idm")
    _seed(event.id, 2)
    batch = db.session.query(AuditEntry.batch_id).filter_by(action="changed").first()[0]
    whole = organizer_client.get(TRAIL).get_data(as_text=True)
    one_batch = organizer_client.get(f"{TRAIL}?batch={batch}").get_data(as_text=True)
    assert whole.count(f"?batch={batch}") == 2
    assert _rows(one_batch) == 2
    assert f"audit?batch={batch}" not in one_batch  # no row links to the page it is on
    assert f'<input type="hidden" name="batch" value="{batch}">' in one_batch
