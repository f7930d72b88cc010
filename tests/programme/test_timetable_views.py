"""The timetable editor's page and its move endpoint, refusing what the form refuses."""

from __future__ import annotations

import re
from datetime import date, time

import pytest

from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.programme.models import Session
from tests.factories import utc
from tests.programme.organize_helpers import session_form, text_of

PAGE = "/organize/events/ev/timetable"
MOVE = "/organize/events/ev/timetable/move"
CHECK = "/organize/events/ev/timetable/check"


@pytest.fixture()
def march(factory):
    """New York, across the night the clocks go forward (11 March 2018)."""
    return factory.event("ev", start=date(2018, 3, 10), end=date(2018, 3, 12))


def _move(client, session: Session, **fields: str):
    data = {"session_id": str(session.id), "day": "2018-03-10", "start": "10:00",
            "end": "11:00", "room_id": str(session.room_id or ""),
            "version": session.content_version or "", "view_day": "2018-03-10"}
    data.update(fields)
    return client.post(MOVE, data=data)


def _form_errors(client, session: Session, **fields: str) -> str:
    response = client.post(f"/organize/events/ev/sessions/{session.id}/edit",
                           data=session_form(title=session.title, **fields))
    assert response.status_code == 400
    return text_of(response)


def test_timetable_lists_rooms_times_and_sessions_without_script(organizer_client, march,
                                                                  factory):
    hall = factory.room(march, "Hall A")
    factory.room(march, "Hall B")
    session = factory.session(march, title="Opening", room=hall, start=time(9, 0), minutes=45)
    factory.slot(session)
    factory.slot(session)
    body = text_of(organizer_client.get(PAGE))
    assert '<th scope="col" data-col="0" data-room="' in body
    assert ">Hall A</th>" in body and ">Hall B</th>" in body
    assert (f'href="/organize/events/ev/sessions/{session.id}/edit" class="tt-title" '
            'draggable="false">Opening</a>') in body
    assert "09:00–09:45 · Panel · 2 speakers" in body
    assert 'rowspan="3"' in body
    assert "America/New_York" in body


def test_timetable_dst_day_shows_the_skipped_hour_as_a_gap(organizer_client, march, factory):
    factory.room(march, "Hall A")
    body = text_of(organizer_client.get(PAGE + "?day=2018-03-11&step=15"))
    assert 'data-time="02:00" data-gap="1">02:00 <span class="meta">(clocks go forward: ' \
        "no such time)</span>" in body
    assert 'data-time="02:45" data-gap="1"' in body
    assert 'data-time="03:00">03:00' in body


def test_timetable_day_outside_the_event_is_404(organizer_client, march):
    assert organizer_client.get(PAGE + "?day=2018-04-01").status_code == 404
    assert organizer_client.get(PAGE + "?day=nonsense").status_code == 404


def test_timetable_refuses_participants(participant_client, march):
    assert participant_client.get(PAGE).status_code == 403
    assert participant_client.post(MOVE, data={}).status_code == 403


def test_move_changes_time_and_room(organizer_client, march, factory):
    hall, annex = factory.room(march, "Hall A"), factory.room(march, "Annex")
    session = factory.session(march, title="Panel 1", room=hall, start=time(9, 0))
    response = _move(organizer_client, session, start="14:00", end="15:30",
                     room_id=str(annex.id))
    assert response.status_code == 200
    assert response.json["message"] == "“Panel 1” moved to 10 March 2018, 14:00–15:30, Annex."
    db.session.expire_all()
    assert (session.starts_at, session.ends_at, session.room_id) == (
        utc(2018, 3, 10, 19, 0), utc(2018, 3, 10, 20, 30), annex.id)
    assert response.json["block"] is None  # the page did not say what it shows
    assert "grid" not in response.json


def test_move_answers_the_moved_block_for_the_page_rows_and_rooms(organizer_client, march,
                                                                   factory):
    hall, annex = factory.room(march, "Hall A"), factory.room(march, "Annex")
    session = factory.session(march, title="Panel 1", room=hall, start=time(9, 0))
    factory.slot(session)
    response = _move(organizer_client, session, start="14:00", end="15:30",
                     room_id=str(annex.id), view_from="08:00", step="15",
                     view_rooms=f"{annex.id},{hall.id}")
    assert response.status_code == 200
    block = response.json["block"]
    assert {k: block[k] for k in ("row", "span", "column")} == {"row": 24, "span": 6,
                                                                "column": 0}
    db.session.expire_all()
    assert ('<td rowspan="6" class="tt-cell tt-filled" data-row="24" data-col="0">'
            in block["html"])
    assert (f'data-session="{session.id}" data-version="{session.content_version}"'
            in block["html"])
    assert "14:00–15:30 · Panel · 1 speaker" in block["html"]
    assert "grid" not in response.json


@pytest.mark.parametrize(("fields", "why"), [
    ({"view_from": "15:00"}, "it starts before the page's first row"),
    ({"view_rooms": "999"}, "the page has no column for its room"),
    ({"view_day": "2018-03-12"}, "the page shows another day"),
    ({"view_rooms": "1,x"}, "the page's rooms are not ids"),
])
def test_move_answers_no_block_when_the_page_cannot_show_it_so(organizer_client, march,
                                                                factory, fields, why):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, room=hall, start=time(9, 0))
    response = _move(organizer_client, session, start="14:00", end="15:00",
                     **{"view_from": "08:00", "view_rooms": str(hall.id), **fields})
    assert response.status_code == 200
    assert response.json["block"] is None, why


def test_move_with_duration_keeps_length(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, room=hall, start=time(9, 0), minutes=50)
    response = _move(organizer_client, session, start="11:10", end="", duration="50")
    assert response.status_code == 200
    db.session.expire_all()
    assert (session.starts_at, session.ends_at) == (utc(2018, 3, 10, 16, 10),
                                                    utc(2018, 3, 10, 17, 0))


def test_move_room_clash_has_the_form_message(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    factory.session(march, title="Busy", room=hall, start=time(10, 0))
    session = factory.session(march, title="Mover", room=hall, start=time(14, 0))
    message = "Hall A is already booked for “Busy” (10 Mar 10:00–11:00 EST)."
    assert message in _form_errors(organizer_client, session, day="2018-03-10",
                                   start_time="10:30", end_time="11:30", room=str(hall.id))
    for url in (CHECK, MOVE):
        response = organizer_client.post(url, data={
            "session_id": str(session.id), "day": "2018-03-10", "start": "10:30",
            "end": "11:30", "room_id": str(hall.id),
            "version": session.content_version or ""})
        assert (response.status_code, response.json["message"]) == (422, message)
    db.session.expire_all()
    assert session.starts_at == utc(2018, 3, 10, 19, 0)


def test_move_speaker_clash_has_the_form_message(organizer_client, march, factory):
    hall, annex = factory.room(march, "Hall A"), factory.room(march, "Annex")
    person = factory.person("Elena Marchetti")
    factory.slot(factory.session(march, title="Keynote", room=hall, start=time(10, 0)), person)
    session = factory.session(march, title="Mover", room=annex, start=time(14, 0))
    factory.slot(session, person)
    db.session.refresh(session)
    message = ("Elena Marchetti already speaks in “Keynote” at an overlapping time "
               "(10 Mar 10:00–11:00 EST).")
    assert message in _form_errors(organizer_client, session, day="2018-03-10",
                                   start_time="10:00", end_time="11:00", room=str(annex.id))
    response = _move(organizer_client, session, room_id=str(annex.id))
    assert (response.status_code, response.json["message"]) == (422, message)


def test_move_outside_dates_has_the_form_message(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, room=hall, start=time(9, 0))
    message = ("The session falls outside the event's dates (10 March 2018 to 12 March 2018, "
               "America/New_York time).")
    assert message in _form_errors(organizer_client, session, day="2018-03-13",
                                   start_time="10:00", end_time="11:00", room=str(hall.id))
    response = _move(organizer_client, session, day="2018-03-13")
    assert (response.status_code, response.json["message"]) == (422, message)


def test_move_into_dst_gap_has_the_form_message(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, room=hall, start=time(9, 0))
    message = ("02:30 does not exist on 11 March 2018 in America/New_York: the clocks go "
               "forward that night, so it would be 03:30. Choose another time.")
    assert message in _form_errors(organizer_client, session, day="2018-03-11",
                                   start_time="02:30", end_time="04:00", room=str(hall.id))
    response = _move(organizer_client, session, day="2018-03-11", start="02:30", end="04:00")
    assert (response.status_code, response.json["message"]) == (422, message)


def test_move_with_a_stale_version_is_409_with_the_fresh_grid(organizer_client, march,
                                                              factory):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, title="Panel 1", room=hall, start=time(9, 0))
    assert _move(organizer_client, session, start="12:00", end="13:00").status_code == 200
    response = _move(organizer_client, session, start="15:00", end="16:00", version="old")
    assert response.status_code == 409
    assert response.json["message"].startswith("Someone else changed this session")
    assert 'data-start="12:00" data-end="13:00"' in response.json["grid"]
    db.session.expire_all()
    assert session.starts_at == utc(2018, 3, 10, 17, 0)


def test_undo_moves_back_through_the_same_checks(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, room=hall, start=time(9, 0))
    undo = _move(organizer_client, session, start="12:00", end="13:00").json["undo"]
    assert {k: undo[k] for k in ("day", "start", "end", "room_id")} == {
        "day": "2018-03-10", "start": "09:00", "end": "10:00", "room_id": str(hall.id)}
    response = organizer_client.post(MOVE, data=undo)
    assert response.status_code == 200
    db.session.expire_all()
    assert session.starts_at == utc(2018, 3, 10, 14, 0)
    assert organizer_client.post(MOVE, data=undo).status_code == 409


def test_move_bad_input_is_400_and_unknown_session_404(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, room=hall)
    response = _move(organizer_client, session, start="25:99")
    assert (response.status_code, response.json["message"]) == (
        400, "Give the times as HH:MM (24-hour clock).")
    assert _move(organizer_client, session, session_id="999999").status_code == 404
    other = factory.event("other")
    stranger = factory.session(other)
    assert _move(organizer_client, stranger).status_code == 404


def test_move_to_another_day_and_from_the_tray_into_a_room(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    roomless = factory.session(march, title="Roomless", start=time(9, 0))
    page = text_of(organizer_client.get(PAGE))
    assert 'class="tt-block tt-tray-item kind-panel"' in page
    response = _move(organizer_client, roomless, day="2018-03-12", start="09:30", end="",
                     duration="60", room_id=str(hall.id), view_day="2018-03-12")
    assert response.status_code == 200
    assert response.json["message"] == "“Roomless” moved to 12 March 2018, 09:30–10:30, Hall A."
    assert response.json["undo"]["room_id"] == ""
    db.session.expire_all()
    assert (roomless.starts_at, roomless.room_id, roomless.sequence) == (
        utc(2018, 3, 12, 13, 30), hall.id, 1)
    assert "Every session has a room and a time on the event's days." in text_of(
        organizer_client.get(PAGE + "?day=2018-03-12"))


def test_check_answers_without_writing(organizer_client, march, factory):
    hall = factory.room(march, "Hall A")
    session = factory.session(march, room=hall, start=time(9, 0))
    version = session.content_version
    response = organizer_client.post(CHECK, data={
        "session_id": str(session.id), "day": "2018-03-10", "start": "15:00", "end": "16:00",
        "room_id": str(hall.id), "version": version or ""})
    assert (response.status_code, response.json["ok"], response.json["message"]) == (
        200, True, "")
    assert "grid" not in response.json
    db.session.expire_all()
    assert (session.starts_at, session.sequence, session.content_version) == (
        utc(2018, 3, 10, 14, 0), 0, version)


def _first_block_move(client, slug: str, query_counter) -> int:
    page = text_of(client.get(f"/organize/events/{slug}/timetable?day=2018-03-26"))
    session_id, version = re.search(r'data-session="(\d+)" data-version="([0-9a-f]*)"',
                                    page).groups()
    rooms = re.findall(r'data-room="(\d+)"', page)
    with query_counter() as counter:
        response = client.post(f"/organize/events/{slug}/timetable/move", data={
            "session_id": session_id, "day": "2018-03-26", "start": "21:00",
            "duration": "30", "room_id": rooms[0], "version": version,
            "view_day": "2018-03-26", "view_from": "08:00", "view_rooms": ",".join(rooms)})
    assert response.status_code == 200, response.json
    assert response.json["block"]["row"] == 52
    return counter.count


def test_move_statements_are_the_same_for_5_and_150_sessions(organizer_client, factory,
                                                               query_counter):
    small = factory.event("small")
    build_programme(small, sessions=5, slots_per_session=2)
    large = factory.event("large")
    build_programme(large, sessions=150, slots_per_session=6)
    counts = [_first_block_move(organizer_client, slug, query_counter)
              for slug in ("small", "large")]
    # The event; the session's and the room's locks (after SQLite's BEGIN IMMEDIATE); the
    # speakers with their names; the room's and the speakers' bookings; the session's
    # update, its version and the programme's. Nothing is read again to answer.
    # With the move's entry on the audit trail.
    expected = 11 if db.engine.dialect.name == "sqlite" else 10
    assert counts == [expected, expected]
