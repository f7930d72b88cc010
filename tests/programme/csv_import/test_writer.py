"""The import writes sessions and speakers through the functions of the session form, the
timetable and the speaker editor: one change, made by a file or by hand, moves SEQUENCE,
LAST-MODIFIED, the content versions and the feed's ETag the same way."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme.csv_import import import_programme
from eventapp.programme.models import Room, Session
from eventapp.registration.models import Registration
from eventapp.versioning import ContentVersion
from tests.calendars.helpers import vevents
from tests.programme.csv_rows import csv_text, row
from tests.programme.organize_helpers import session_form

FEED = "/events/idm/calendar.ics"


@pytest.fixture()
def event(factory):
    factory.categories()
    event = factory.event("idm")
    factory.room(event, "Room 1")
    factory.room(event, "Room 2")
    return event


def _rows(**by_file: str) -> list[dict[str, str]]:
    return [
        row(**{"session": "By file", "start": "10:00", "end": "11:00", "name": "Ana Pérez",
               **by_file}),
        row(session="By form", start="12:00", end="13:00", name="Ben Ortiz"),
        row(session="Still", start="14:00", end="15:00", name="Carla Ruiz"),
    ]


def _import(event, rows) -> None:
    result = import_programme(event, csv_text(rows))
    assert result.ok, result.plan.issues
    db.session.commit()


def _sessions() -> dict[str, Session]:
    db.session.expire_all()
    return {s.title: s for s in db.session.scalars(select(Session))}


def _state() -> dict[str, tuple]:
    """Per session: its id, SEQUENCE, updated_at and content version, as they are now."""
    return {t: (s.id, s.sequence, s.updated_at, s.content_version)
            for t, s in _sessions().items()}


def _programme_version(event) -> str:
    return db.session.scalar(select(ContentVersion.version).where(
        ContentVersion.scope == f"programme:{event.id}"))


def _feed(client, etag: str | None = None):
    return client.get(FEED, headers={"If-None-Match": etag} if etag else {})


def _shown(body: bytes) -> dict[str, tuple]:
    """Per session: SEQUENCE, local end, location and LAST-MODIFIED as the feed gives them."""
    return {str(e["SUMMARY"]): (e["SEQUENCE"], f"{e.decoded('DTEND'):%H:%M}",
                                str(e["LOCATION"]).split(",")[0],
                                e.decoded("LAST-MODIFIED"))
            for e in vevents(body)}


def test_a_change_by_file_and_by_form_moves_sequence_versions_and_etag_alike(
        organizer_client, event):
    _import(event, _rows())
    before = _state()
    first = _feed(organizer_client)
    assert {t: v[:3] for t, v in _shown(first.data).items()} == {
        "By file": (0, "11:00", "Room 1"), "By form": (0, "13:00", "Room 1"),
        "Still": (0, "15:00", "Room 1")}

    # The file moves "By file" to Room 2 and makes it end at 11:30...
    programme = _programme_version(event)
    _import(event, _rows(end="11:30", room="Room 2"))
    by_file = _feed(organizer_client, first.headers["ETag"])
    assert by_file.status_code == 200 and by_file.headers["ETag"] != first.headers["ETag"]
    assert _programme_version(event) != programme
    # ...and the form does the same to "By form".
    room_2 = db.session.scalar(select(Room.id).where(Room.name == "Room 2"))
    response = organizer_client.post(
        f"/organize/events/idm/sessions/{before['By form'][0]}/edit",
        data=session_form(title="By form", start_time="12:00", end_time="13:30",
                          room=str(room_2)))
    assert response.status_code == 302
    by_form = _feed(organizer_client, by_file.headers["ETag"])
    assert by_form.status_code == 200 and by_form.headers["ETag"] != by_file.headers["ETag"]

    after = _sessions()
    shown = _shown(by_form.data)
    assert {t: v[:3] for t, v in shown.items()} == {
        "By file": (1, "11:30", "Room 2"), "By form": (1, "13:30", "Room 2"),
        "Still": (0, "15:00", "Room 1")}
    # LAST-MODIFIED is each session's updated_at, raised by the change and by nothing else.
    assert {t: v[3] for t, v in shown.items()} == {
        t: s.updated_at.replace(microsecond=0) for t, s in after.items()}
    assert after["By file"].updated_at > before["By file"][2]
    assert after["By form"].updated_at > before["By form"][2]
    assert after["Still"].updated_at == before["Still"][2]
    # Each changed session has a new content version (the timetable's move token), the
    # other keeps its own.
    assert all(state[3] is not None for state in before.values())
    assert after["By file"].content_version not in (None, before["By file"][3])
    assert after["By form"].content_version not in (None, before["By form"][3])
    assert after["Still"].content_version == before["Still"][3]
    # The file's change is the import's own; the form's is an edit in the app since.
    assert after["By file"].imported_at == after["By file"].updated_at
    assert after["By form"].updated_at > after["By form"].imported_at


def test_the_same_file_again_changes_no_version_sequence_or_etag(organizer_client, event):
    _import(event, _rows())
    before = _state()
    programme = _programme_version(event)
    first = _feed(organizer_client)
    _import(event, _rows())
    assert _state() == before
    assert _programme_version(event) == programme
    assert _feed(organizer_client, first.headers["ETag"]).status_code == 304


def test_a_new_session_by_file_and_by_form_starts_alike(organizer_client, event):
    _import(event, _rows()[:1])
    room_1 = db.session.scalar(select(Room.id).where(Room.name == "Room 1"))
    response = organizer_client.post("/organize/events/idm/sessions/new", data=session_form(
        title="By form", start_time="12:00", end_time="13:00", room=str(room_1)))
    assert response.status_code == 302
    sessions = _sessions()
    assert {t: (s.sequence, s.status, s.created_at == s.updated_at,
                s.content_version is not None) for t, s in sessions.items()} == {
        "By file": (0, "scheduled", True, True), "By form": (0, "scheduled", True, True)}


def test_a_speaker_added_by_file_and_by_form_is_told_alike(organizer_client, event, factory):
    _import(event, _rows())
    before = _state()
    etag = _feed(organizer_client).headers["ETag"]
    # The file adds Dana to "By file"; the editor adds Dana's namesake to "By form".
    _import(event, [*_rows(), row(session="By file", start="10:00", end="11:00",
                                 name="Dana Silva", planned_minutes="5")])
    dana = factory.person("Dana Lima", category="academia")
    response = organizer_client.post(
        f"/organize/events/idm/sessions/{before['By form'][0]}/speakers",
        data={"existing-person": str(dana.id), "existing-role": "panelist",
              "existing-planned_minutes": "5"})
    assert response.status_code == 302
    after = _sessions()
    for title in ("By file", "By form"):
        assert (after[title].sequence, len(after[title].slots)) == (0, 2)
        assert after[title].updated_at > before[title][2]
        assert after[title].content_version not in (None, before[title][3])
    assert after["Still"].content_version == before["Still"][3]
    # Both speakers are invited registrations of the event.
    invited = {r.person.full_name for r in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id))}
    assert {"Dana Silva", "Dana Lima"} <= invited
    # A speaker is no calendar change: the feed's entries keep their SEQUENCE.
    assert {t: v[0] for t, v in _shown(_feed(organizer_client, etag).data).items()} == {
        "By file": 0, "By form": 0, "Still": 0}


def test_an_unchanged_session_first_met_by_a_file_gets_its_stamp_and_nothing_else(
        organizer_client, event):
    _import(event, _rows())
    session = _sessions()["By file"]
    # As a session imported before the import kept its identity.
    session.import_key = session.imported_at = None
    db.session.commit()
    before = _state()
    etag = _feed(organizer_client).headers["ETag"]
    _import(event, _rows())
    assert _state() == before
    stamped = _sessions()["By file"]
    assert stamped.import_key == "2018-03-26 10:00 by file"
    assert stamped.imported_at >= stamped.updated_at
    assert _feed(organizer_client, etag).status_code == 304
