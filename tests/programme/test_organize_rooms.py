from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme.models import Room
from tests.programme.organize_helpers import text_of


def test_add_room_and_duplicate_name_gives_message(organizer_client, factory):
    event = factory.event("ev")
    response = organizer_client.post("/organize/events/ev/rooms",
                                     data={"name": "  Conference Room 4 ", "capacity": "120"})
    assert response.headers["Location"] == "/organize/events/ev/rooms"
    room = db.session.scalars(select(Room)).one()
    assert (room.event_id, room.name, room.capacity) == (event.id, "Conference Room 4", 120)
    again = organizer_client.post("/organize/events/ev/rooms",
                                  data={"name": "conference room 4"})
    assert again.status_code == 400
    assert "This event already has a room called “conference room 4”." in text_of(again)
    assert len(db.session.scalars(select(Room)).all()) == 1


def test_rename_room_raises_sequence_of_its_sessions(organizer_client, factory):
    event = factory.event("ev")
    room = factory.room(event, "Hall A")
    session = factory.session(event, room=room)
    response = organizer_client.post(f"/organize/events/ev/rooms/{room.id}/edit",
                                     data={"name": "General Assembly Hall"})
    assert response.status_code == 302
    db.session.refresh(room)
    db.session.refresh(session)
    assert (room.name, room.capacity, session.sequence) == ("General Assembly Hall", None, 1)
    body = text_of(organizer_client.post(f"/organize/events/ev/rooms/{room.id}/edit",
                                         data={"name": ""}))
    assert "Give the room a name." in body


def test_delete_room_confirmation_names_sessions_then_unsets_them(organizer_client, factory):
    event = factory.event("ev", start=date(2018, 3, 26), end=date(2018, 3, 27))
    room = factory.room(event, "Hall A")
    first = factory.session(event, title="Opening plenary", room=room, start=time(10, 0))
    factory.session(event, title="Dropped", room=room, start=time(12, 0), status="deleted")
    url = f"/organize/events/ev/rooms/{room.id}/delete"
    body = text_of(organizer_client.get(url))
    assert "Delete the room “Hall A”?" in body
    assert "Opening plenary <span class=\"meta\">(Monday 26 March 2018, 10:00 EDT)</span>" in body
    assert "Dropped" not in body
    assert organizer_client.post(url).headers["Location"] == "/organize/events/ev/rooms"
    db.session.expire_all()
    assert db.session.scalars(select(Room)).all() == []
    assert (first.room_id, first.sequence) == (None, 1)


def test_room_of_another_event_is_404(organizer_client, factory):
    factory.event("ev")
    foreign = factory.room(factory.event("other"))
    assert organizer_client.get(f"/organize/events/ev/rooms/{foreign.id}/edit").status_code == 404
    assert organizer_client.post(f"/organize/events/ev/rooms/{foreign.id}/delete"
                                 ).status_code == 404
