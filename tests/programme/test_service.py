from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.programme import events, service
from eventapp.programme.models import AgendaStar, Event, Room, Session, SpeakingSlot
from eventapp.registration.models import Registration


def test_organizer_sessions_counts_speakers_and_skips_deleted(factory):
    event = factory.event()
    first = factory.session(event, title="First")
    factory.session(event, title="Second", start=time(12, 0))
    factory.session(event, title="Gone", status="deleted")
    factory.slot(first)
    factory.slot(first)
    assert [(s.title, n) for s, n in service.organizer_sessions(event)] == [
        ("First", 2), ("Second", 0)]


def test_add_room_refuses_same_name_ignoring_case(factory):
    event = factory.event()
    service.add_room(event, "Hall  A")
    with pytest.raises(service.ProgrammeError) as caught:
        service.add_room(event, "hall a")
    assert (str(caught.value), caught.value.field) == (
        "This event already has a room called “hall a”.", "name")
    # Another event may use the same name.
    assert service.add_room(factory.event(), "Hall A").name == "Hall A"


def test_delete_room_unsets_sessions_and_raises_sequence(factory):
    event = factory.event()
    room = factory.room(event)
    session = factory.session(event, room=room)
    service.delete_room(room)
    db.session.commit()
    db.session.expire_all()
    assert (session.room_id, session.sequence) == (None, 1)
    assert db.session.scalar(select(func.count(Room.id))) == 0


def test_find_or_create_person_reuses_same_name_at_same_organization(factory):
    org = factory.organization("IOM", category="un-system")
    data = service.NewPersonData(first_name="Ana", last_name="Lopez", organization_id=org.id)
    first = service.find_or_create_person(data)
    second = service.find_or_create_person(
        service.NewPersonData(first_name="ana", last_name="LOPEZ", organization_id=org.id))
    assert first.id == second.id
    assert db.session.scalar(select(func.count(Person.id))) == 1


def test_find_or_create_person_without_organization_needs_category(factory):
    with pytest.raises(service.ProgrammeError) as caught:
        service.find_or_create_person(service.NewPersonData(first_name="", last_name="Doe"))
    assert caught.value.field == "category"


def test_update_speaker_changes_role_and_minutes(factory):
    slot = factory.slot(factory.session(factory.event()), planned_minutes=5)
    service.update_speaker(slot, "chair", None)
    db.session.commit()
    db.session.expire_all()
    assert (slot.role, slot.planned_minutes) == ("chair", None)


def test_deletion_summary_counts_visible_programme(factory):
    event = factory.event()
    session = factory.session(event)
    factory.slot(session)
    factory.slot(factory.session(event, status="deleted"))
    factory.room(event)
    assert events.deletion_summary(event) == events.DeletionSummary(1, 1, 1, 0)


def test_delete_event_removes_every_dependant_row_and_nothing_else(factory, participant):
    event = factory.event()
    other = factory.event()
    session = factory.session(event, room=factory.room(event))
    slot = factory.slot(session, factory.person(category="academia"))
    factory.registration(event, slot.person)
    db.session.add(AgendaStar(user_id=participant.id, session_id=session.id))
    kept = factory.slot(factory.session(other))
    db.session.commit()
    events.delete_event(event)
    db.session.commit()
    assert db.session.scalars(select(Event.id)).all() == [other.id]
    assert db.session.scalar(select(func.count(Session.id))) == 1
    assert db.session.scalars(select(SpeakingSlot.id)).all() == [kept.id]
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    assert db.session.scalar(select(func.count(AgendaStar.id))) == 0
    assert db.session.scalar(select(func.count(Person.id))) == 2
