from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.models import Session
from tests.factories import utc
from tests.programme.organize_helpers import session_form, text_of

NEW = "/organize/events/ev/sessions/new"


@pytest.fixture()
def march(factory):
    """An event in New York running through the 2018 change to daylight saving time."""
    return factory.event("ev", start=date(2018, 3, 1), end=date(2018, 3, 31))


def _only_session() -> Session:
    return db.session.scalars(select(Session)).one()


def test_new_session_after_dst_change_is_stored_as_1300_utc(organizer_client, march):
    response = organizer_client.post(NEW, data=session_form(day="2018-03-26"))
    session = _only_session()
    assert response.headers["Location"] == f"/organize/events/ev/sessions/{session.id}/"
    assert (session.starts_at, session.ends_at) == (utc(2018, 3, 26, 13, 0),
                                                    utc(2018, 3, 26, 14, 0))
    assert (session.title, session.kind, session.room_id) == (
        "Migrants as agents of development", "panel", None)


def test_new_session_before_dst_change_is_stored_as_1400_utc(organizer_client, march):
    organizer_client.post(NEW, data=session_form(day="2018-03-01"))
    assert _only_session().starts_at == utc(2018, 3, 1, 14, 0)


def test_session_form_shows_times_back_in_the_event_zone(organizer_client, march, factory):
    session = factory.session(march, day=date(2018, 3, 26), start=time(9, 0), minutes=90)
    body = text_of(organizer_client.get(f"/organize/events/ev/sessions/{session.id}/edit"))
    assert 'name="day" required type="date" value="2018-03-26"' in body
    assert 'name="start_time" required type="time" value="09:00"' in body
    assert 'name="end_time" required type="time" value="10:30"' in body


def test_session_in_dst_gap_gets_clear_message(organizer_client, march):
    response = organizer_client.post(NEW, data=session_form(day="2018-03-11",
                                                            start_time="02:30"))
    assert response.status_code == 400
    assert ("02:30 does not exist on 11 March 2018 in America/New_York: the clocks go "
            "forward that night, so it would be 03:30. Choose another time.") in text_of(response)
    assert db.session.scalar(select(func.count(Session.id))) == 0


def test_session_ending_before_it_starts_is_refused(organizer_client, march):
    response = organizer_client.post(NEW, data=session_form(start_time="11:00",
                                                            end_time="10:00"))
    assert response.status_code == 400
    assert "The session must end after it starts." in text_of(response)
    assert db.session.scalar(select(func.count(Session.id))) == 0


def test_session_outside_event_dates_is_refused(organizer_client, march):
    response = organizer_client.post(NEW, data=session_form(day="2018-04-02"))
    assert response.status_code == 400
    assert ("The session falls outside the event's dates (1 March 2018 to 31 March 2018, "
            "America/New_York time).") in text_of(response)


def test_two_sessions_in_one_room_at_once_are_refused(organizer_client, march, factory):
    room = factory.room(march, "Conference Room 4")
    factory.session(march, title="Side event on remittances", room=room,
                    day=date(2018, 3, 26), start=time(9, 30))
    response = organizer_client.post(NEW, data=session_form(room=str(room.id)))
    assert response.status_code == 400
    assert ("Conference Room 4 is already booked for “Side event on remittances” "
            "(26 Mar 09:30–10:30 EDT).") in text_of(response)
    assert db.session.scalar(select(func.count(Session.id))) == 1


def test_room_of_another_event_is_refused(organizer_client, march, factory):
    foreign = factory.room(factory.event("other"), "Elsewhere")
    response = organizer_client.post(NEW, data=session_form(room=str(foreign.id)))
    assert response.status_code == 400
    assert "Not a valid choice." in text_of(response)


def test_moving_session_onto_speaker_booked_elsewhere_is_refused(organizer_client, march,
                                                                 factory):
    speaker = factory.person("Ana Lopez")
    other = factory.session(march, title="Youth and migration", day=date(2018, 3, 27),
                            start=time(9, 0))
    moving = factory.session(march, title="Moving panel", day=date(2018, 3, 26),
                             start=time(9, 0))
    factory.slot(other, speaker)
    factory.slot(moving, speaker)
    response = organizer_client.post(f"/organize/events/ev/sessions/{moving.id}/edit",
                                     data=session_form(title="Moving panel", day="2018-03-27",
                                                       start_time="09:30", end_time="10:30"))
    assert response.status_code == 400
    assert ("Ana Lopez already speaks in “Youth and migration” at an overlapping time "
            "(27 Mar 09:00–10:00 EDT).") in text_of(response)
    db.session.refresh(moving)
    assert moving.starts_at == utc(2018, 3, 26, 13, 0)


def test_shortening_below_planned_minutes_warns_then_saves_when_accepted(
        organizer_client, march, factory):
    session = factory.session(march, day=date(2018, 3, 26), start=time(9, 0), minutes=60)
    factory.slot(session, planned_minutes=30)
    factory.slot(session, planned_minutes=20)
    url = f"/organize/events/ev/sessions/{session.id}/edit"
    shorter = session_form(end_time="09:40")
    response = organizer_client.post(url, data=shorter)
    body = text_of(response)
    assert response.status_code == 400
    assert "Speakers are planned for 50 minutes but the session lasts 40 minutes." in body
    assert "I accept this and want to save anyway" in body
    db.session.refresh(session)
    assert session.ends_at == utc(2018, 3, 26, 14, 0)
    response = organizer_client.post(url, data={**shorter, "accept_warnings": "y"})
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.ends_at == utc(2018, 3, 26, 13, 40)
    assert session.sequence == 1


def test_missing_and_malformed_fields_get_messages_not_500(organizer_client, march):
    response = organizer_client.post(NEW, data=session_form(title="", start_time="9 o'clock",
                                                            day=""))
    body = text_of(response)
    assert response.status_code == 400
    assert "Give the session a title." in body
    assert "Give the session's date." in body
    assert ("Type the time as HH:MM on the 24-hour clock, for example 14:30, or as 2:30 pm."
            in body)


def test_cancel_needs_confirmation_then_restore(organizer_client, march, factory):
    session = factory.session(march, title="Breakout A")
    url = f"/organize/events/ev/sessions/{session.id}"
    confirm = text_of(organizer_client.get(f"{url}/cancel"))
    assert "Cancel “Breakout A”?" in confirm
    assert session.status == "scheduled"
    organizer_client.post(f"{url}/cancel")
    db.session.refresh(session)
    assert (session.status, session.sequence) == ("cancelled", 1)
    editor = text_of(organizer_client.get(f"{url}/"))
    assert "Cancelled." in editor
    assert f'action="{url}/restore"' in editor
    organizer_client.post(f"{url}/restore")
    db.session.refresh(session)
    assert (session.status, session.sequence) == ("scheduled", 2)


def test_restore_refused_when_room_was_taken_meanwhile(organizer_client, march, factory):
    room = factory.room(march, "Hall")
    cancelled = factory.session(march, title="Old", room=room, status="cancelled")
    factory.session(march, title="Newcomer", room=room)
    response = organizer_client.post(f"/organize/events/ev/sessions/{cancelled.id}/restore",
                                     follow_redirects=True)
    assert ("The session was not restored: Hall is already booked for “Newcomer” "
            "(01 Mar 10:00–11:00 EST).") in text_of(response)
    db.session.refresh(cancelled)
    assert cancelled.status == "cancelled"


def test_delete_is_soft_and_session_vanishes_everywhere(organizer_client, march, factory):
    session = factory.session(march, title="To be dropped")
    url = f"/organize/events/ev/sessions/{session.id}"
    assert "Delete “To be dropped”?" in text_of(organizer_client.get(f"{url}/delete"))
    response = organizer_client.post(f"{url}/delete")
    assert response.headers["Location"] == "/organize/events/ev/"
    db.session.refresh(session)
    assert (session.status, session.sequence) == ("deleted", 1)
    assert "To be dropped" not in text_of(organizer_client.get("/organize/events/ev/"))
    assert "To be dropped" not in text_of(organizer_client.get("/events/ev/agenda"))
    assert organizer_client.get(f"{url}/").status_code == 404
    assert organizer_client.get(f"/events/ev/sessions/{session.id}").status_code == 404
    # A second click is harmless; a deleted session cannot be cancelled back into view.
    assert organizer_client.post(f"{url}/delete").status_code == 302
    assert organizer_client.post(f"{url}/cancel").status_code == 404
    db.session.refresh(session)
    assert (session.status, session.sequence) == ("deleted", 1)


def test_session_of_another_event_is_404(organizer_client, march, factory):
    foreign = factory.session(factory.event("other"))
    for path in ("/", "/edit", "/cancel", "/delete"):
        url = f"/organize/events/ev/sessions/{foreign.id}{path}"
        assert organizer_client.get(url).status_code == 404
    assert organizer_client.post(f"/organize/events/ev/sessions/{foreign.id}/cancel"
                                 ).status_code == 404
    assert organizer_client.get("/organize/events/ev/sessions/99999/").status_code == 404
