"""Presence in a session: once per session even from two doors at once, with the day's
check-in, undone not deleted, on the audit trail."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventapp.attendance.checkins import check_in
from eventapp.attendance.models import CheckIn, SessionPresence
from eventapp.attendance.presence import (
    presence_by_category,
    present_in_session_ids,
    record_presence,
    undo_presence,
)
from eventapp.extensions import db
from eventapp.programme.models import Event, Session
from eventapp.registration.models import Registration
from tests.audit.helpers import changes, entries
from tests.factories import utc


@pytest.fixture()
def door_world(factory):
    event = factory.event("door", timezone="UTC", start=date(2030, 1, 1), end=date(2030, 1, 2))
    session = factory.session(event, title="Labour mobility", day=date(2030, 1, 1))
    session.door_scanning = True
    db.session.commit()
    return event, session


def _presences(registration_id):
    db.session.expire_all()
    return db.session.scalars(select(SessionPresence).where(
        SessionPresence.registration_id == registration_id).order_by(SessionPresence.id)).all()


def _check_ins(registration_id):
    return db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration_id).order_by(CheckIn.id)).all()


def test_record_presence_records_instant_door_user_and_the_day_check_in(
        factory, organizer, door_world):
    event, session = door_world
    registration = factory.registration(event)
    result = record_presence(event, session, registration, desk="  Room B   left ",
                             user_id=organizer.id, now=utc(2030, 1, 1, 10, 5))
    db.session.commit()
    assert (result.recorded, result.check_in.recorded) == (True, True)
    [row] = _presences(registration.id)
    assert (row.event_id, row.session_id, row.scanned_at, row.desk, row.by_user_id) == (
        event.id, session.id, utc(2030, 1, 1, 10, 5), "Room B left", organizer.id)
    [day] = _check_ins(registration.id)
    assert (day.day, day.checked_in_at, day.desk) == (
        date(2030, 1, 1), utc(2030, 1, 1, 10, 5), "Room B left")


def test_record_presence_when_checked_in_at_the_desk_keeps_the_desk_check_in(
        factory, door_world):
    event, session = door_world
    registration = factory.registration(event)
    check_in(event, registration, desk="Main desk", user_id=None, now=utc(2030, 1, 1, 8))
    db.session.commit()
    result = record_presence(event, session, registration, desk="Room B", user_id=None,
                             now=utc(2030, 1, 1, 10))
    db.session.commit()
    assert (result.recorded, result.check_in.recorded) == (True, False)
    [day] = _check_ins(registration.id)
    assert (day.desk, day.checked_in_at) == ("Main desk", utc(2030, 1, 1, 8))


def test_record_presence_twice_keeps_the_first(factory, door_world):
    event, session = door_world
    registration = factory.registration(event)
    record_presence(event, session, registration, desk="Left", user_id=None,
                    now=utc(2030, 1, 1, 10))
    db.session.commit()
    again = record_presence(event, session, registration, desk="Right", user_id=None,
                            now=utc(2030, 1, 1, 10, 30))
    db.session.commit()
    assert (again.recorded, again.presence.desk, again.presence.scanned_at) == (
        False, "Left", utc(2030, 1, 1, 10))
    assert len(_presences(registration.id)) == 1


def test_record_presence_in_two_sessions_records_each(factory, door_world):
    event, session = door_world
    other = factory.session(event, title="Climate", day=date(2030, 1, 1), start=time(14, 0))
    registration = factory.registration(event)
    record_presence(event, session, registration, desk="", user_id=None,
                    now=utc(2030, 1, 1, 10))
    record_presence(event, other, registration, desk="", user_id=None,
                    now=utc(2030, 1, 1, 14))
    db.session.commit()
    assert [p.session_id for p in _presences(registration.id)] == [session.id, other.id]
    assert len(_check_ins(registration.id)) == 1


def test_undo_presence_keeps_the_row_and_allows_a_new_scan(factory, organizer, door_world):
    event, session = door_world
    registration = factory.registration(event)
    first = record_presence(event, session, registration, desk="Left", user_id=None,
                            now=utc(2030, 1, 1, 10)).presence
    db.session.commit()
    assert undo_presence(first, user_id=organizer.id, now=utc(2030, 1, 1, 10, 1)) is True
    db.session.commit()
    assert present_in_session_ids(session.id) == set()
    again = record_presence(event, session, registration, desk="Right", user_id=None,
                            now=utc(2030, 1, 1, 10, 2))
    db.session.commit()
    assert again.recorded is True
    rows = _presences(registration.id)
    assert [(r.desk, r.undone_at, r.undone_by_user_id) for r in rows] == [
        ("Left", utc(2030, 1, 1, 10, 1), organizer.id), ("Right", None, None)]
    assert present_in_session_ids(session.id) == {registration.id}
    # The day's check-in stays: the door's undo takes back the session only.
    assert [c.undone_at for c in _check_ins(registration.id)] == [None]


def test_undo_presence_twice_is_false_the_second_time(factory, door_world):
    event, session = door_world
    presence = record_presence(event, session, factory.registration(event), desk="",
                               user_id=None, now=utc(2030, 1, 1, 10)).presence
    assert undo_presence(presence, user_id=None) is True
    assert undo_presence(presence, user_id=None) is False


def test_two_active_presences_in_one_session_are_refused_by_the_database(factory, door_world):
    event, session = door_world
    registration = factory.registration(event)
    for _ in range(2):
        db.session.add(SessionPresence(event_id=event.id, session_id=session.id,
                                       registration_id=registration.id,
                                       scanned_at=utc(2030, 1, 1, 10)))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_presence_by_category_counts_present_not_undone(factory, door_world):
    event, session = door_world
    academia = [factory.registration(event, category="academia") for _ in range(2)]
    government = factory.registration(event, category="government")
    for registration in [*academia, government]:
        record_presence(event, session, registration, desk="", user_id=None,
                        now=utc(2030, 1, 1, 10))
    undo_presence(_presences(government.id)[0], user_id=None)
    db.session.commit()
    academia_id = academia[0].category_id
    assert presence_by_category(session.id) == {academia_id: 2}


def test_presence_and_its_undoing_are_recorded_on_the_session(factory, door_world):
    event, session = door_world
    registration = factory.registration(event)
    result = record_presence(event, session, registration, desk="Room B", user_id=None,
                             now=utc(2030, 1, 1, 10))
    db.session.commit()
    undo_presence(result.presence, user_id=None, now=utc(2030, 1, 1, 10, 5))
    db.session.commit()
    recorded, undone = entries(object_type="session presence")
    assert (recorded.event_id, recorded.action, recorded.subject, changes(recorded)) == (
        event.id, "present in session", f"session:{session.id}",
        {"session": {"from": None, "to": "Labour mobility"},
         "desk": {"from": None, "to": "Room B"}})
    assert (undone.action, undone.object_id, undone.subject) == (
        "changed", result.presence.id, f"session:{session.id}")
    assert set(changes(undone)) >= {"undone_at"}
    [day] = entries(object_type="check-in")
    assert (day.action, day.subject) == ("checked in", f"registration:{registration.id}")


def test_four_doors_scanning_the_same_badge_at_once_record_one(app_ctx, factory, door_world):
    event, session = door_world
    registration = factory.registration(event)
    event_id, session_id, registration_id = event.id, session.id, registration.id
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    lock = threading.Lock()

    def door(label: str) -> None:
        with app_ctx.app_context():
            try:
                the_event = db.session.get(Event, event_id)
                the_session = db.session.get(Session, session_id)
                the_registration = db.session.get(Registration, registration_id)
                db.session.commit()
                barrier.wait(timeout=60)
                result = record_presence(the_event, the_session, the_registration,
                                         desk=label, user_id=None, now=utc(2030, 1, 1, 10))
                db.session.commit()
                outcome = "recorded" if result.recorded else "already"
            except Exception as error:  # reported by the assertion below
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=door, args=(f"Door {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["already", "already", "already", "recorded"]
    assert len(_presences(registration_id)) == 1
    assert len(_check_ins(registration_id)) == 1
    assert len(entries(object_type="session presence")) == 1
