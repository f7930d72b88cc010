"""The event and session forms tell every error in one submission."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.models import Event, Session
from tests.programme.organize_helpers import session_form, text_of
from tests.programme.test_organize_events import EVENT_FORM

SLUG = ("The short name may contain only lower-case letters, digits and hyphens "
        "(for example idm-2018-new-york).")
ORDER = "The event must end on or after its first day."
BAD = {"slug": "IDM 2018", "timezone": "Mars/Olympus", "start_date": "2018-03-27",
       "end_date": "2018-03-26"}


def test_new_event_shows_short_name_zone_and_dates_errors_at_once(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new", data={**EVENT_FORM, **BAD})
    body = text_of(response)
    assert response.status_code == 400
    assert SLUG in body
    assert "Mars/Olympus" in body and "time zone" in body.lower()
    assert ORDER in body
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_new_event_rules_still_speak_when_a_field_check_fails(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new", data={
        **EVENT_FORM, **BAD, "title": ""})
    body = text_of(response)
    assert "Give the event a title." in body and SLUG in body and ORDER in body


def test_edit_event_shows_every_error_at_once(organizer_client, factory):
    event = factory.event("idm", title="IDM")
    response = organizer_client.post("/organize/events/idm/edit", data={
        **EVENT_FORM, **BAD, "title": "IDM"})
    body = text_of(response)
    assert response.status_code == 400
    assert SLUG in body and ORDER in body and "Mars/Olympus" in body
    db.session.refresh(event)
    assert event.slug == "idm"


def test_hand_typed_bad_date_and_reversed_other_fields_in_one_submit(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new", data={
        **EVENT_FORM, "slug": "IDM 2018", "start_date": "03/26/2018"})
    body = text_of(response)
    assert SLUG in body
    assert "Type the date as YYYY-MM-DD, for example 2019-10-14, or as 14 Oct 2019." in body


@pytest.fixture()
def march(factory):
    return factory.event("ev", start=date(2018, 3, 1), end=date(2018, 3, 31))


def test_session_form_shows_empty_title_and_reversed_times_at_once(organizer_client, march):
    response = organizer_client.post("/organize/events/ev/sessions/new", data=session_form(
        title="", start_time="11:00", end_time="10:00"))
    body = text_of(response)
    assert response.status_code == 400
    assert "Give the session a title." in body
    assert "The session must end after it starts." in body
    assert db.session.scalar(select(func.count(Session.id))) == 0


def test_session_form_shows_empty_title_and_room_clash_at_once(organizer_client, factory,
                                                                march):
    room = factory.room(march, "Room 1")
    factory.session(march, title="Side meeting", start=time(9, 30), room=room,
                    day=date(2018, 3, 26))
    response = organizer_client.post("/organize/events/ev/sessions/new", data=session_form(
        title="", room=str(room.id)))
    body = text_of(response)
    assert "Give the session a title." in body
    assert "Room 1 is already booked for “Side meeting”" in body


def test_session_form_accepts_hand_typed_french_date_and_time(organizer_client, march):
    response = organizer_client.post("/organize/events/ev/sessions/new?lang=fr",
                                     data=session_form(day="26/03/2018", start_time="9h30",
                                                       end_time="10h45"))
    assert response.status_code == 302
    session = db.session.scalars(select(Session)).one()
    assert (session.starts_at.astimezone(march.zone).strftime("%Y-%m-%d %H:%M"),
            session.ends_at.astimezone(march.zone).strftime("%H:%M")) == (
        "2018-03-26 09:30", "10:45")


def test_session_form_names_the_expected_formats_in_spanish(organizer_client, march):
    response = organizer_client.post("/organize/events/ev/sessions/new?lang=es",
                                     data=session_form(day="26/13/2018", start_time="nueve"))
    body = text_of(response)
    assert response.status_code == 400
    assert ("Escriba la fecha con el formato DD/MM/AAAA, por ejemplo 14/10/2019, o "
            "AAAA-MM-DD, o bien 14 de octubre de 2019.") in body
    assert "Escriba la hora con el formato HH:MM de 24 horas, por ejemplo 14:30." in body


def test_speaker_form_shows_bad_minutes_and_clash_at_once(organizer_client, factory, march):
    panel = factory.session(march, title="Panel", start=time(10, 0), day=date(2018, 3, 26))
    ana = factory.person("Ana Lopez")
    factory.slot(factory.session(march, title="Side event", start=time(10, 30),
                                 day=date(2018, 3, 26)), ana)
    response = organizer_client.post(
        f"/organize/events/ev/sessions/{panel.id}/speakers",
        data={"existing-person": str(ana.id), "existing-role": "panelist",
              "existing-planned_minutes": "-3"})
    body = text_of(response)
    assert response.status_code == 400
    assert "Give the minutes as a whole number from 0 to 1440." in body
    assert ("Ana Lopez already speaks in “Side event” at an overlapping time "
            "(26 Mar 10:30–11:30 EDT).") in body
