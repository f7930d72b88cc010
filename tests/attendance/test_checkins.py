"""Check-ins per day of the event, undone not deleted, one per day even from two desks at once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventapp.attendance.checkins import (
    check_in,
    event_day,
    present_registration_ids,
    undo_check_in,
)
from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.registration.models import Registration
from tests.factories import utc


def _rows(registration_id):
    db.session.expire_all()
    return db.session.scalars(select(CheckIn).where(CheckIn.registration_id == registration_id)
                              .order_by(CheckIn.id)).all()


def test_event_day_is_the_event_local_date(factory):
    event = factory.event(timezone="America/New_York")
    # 02:30 UTC on the 27th is still the evening of the 26th in New York.
    assert event_day(event, utc(2018, 3, 27, 2, 30)) == date(2018, 3, 26)
    assert event_day(event, utc(2018, 3, 27, 4, 30)) == date(2018, 3, 27)


def test_check_in_records_day_instant_desk_and_user(factory, organizer):
    event = factory.event()
    registration = factory.registration(event)
    result = check_in(event, registration, desk="  Door   A ", user_id=organizer.id,
                      now=utc(2018, 3, 26, 13, 5))
    assert result.recorded is True
    [row] = _rows(registration.id)
    assert (row.event_id, row.day, row.checked_in_at, row.desk, row.by_user_id, row.undone_at) \
        == (event.id, date(2018, 3, 26), utc(2018, 3, 26, 13, 5), "Door A", organizer.id, None)


def test_check_in_twice_the_same_day_keeps_the_first(factory):
    event = factory.event()
    registration = factory.registration(event)
    first = check_in(event, registration, desk="Door A", user_id=None,
                     now=utc(2018, 3, 26, 13, 5))
    second = check_in(event, registration, desk="Door B", user_id=None,
                      now=utc(2018, 3, 26, 15, 0))
    assert second.recorded is False
    assert second.check_in.id == first.check_in.id
    assert second.check_in.desk == "Door A"
    assert len(_rows(registration.id)) == 1


def test_check_in_on_each_day_of_a_two_day_event_counts_both_days(factory):
    event = factory.event(start=date(2018, 3, 26), end=date(2018, 3, 27))
    registration = factory.registration(event)
    other = factory.registration(event)
    check_in(event, registration, desk="A", user_id=None, now=utc(2018, 3, 26, 13))
    check_in(event, registration, desk="A", user_id=None, now=utc(2018, 3, 27, 13))
    check_in(event, other, desk="A", user_id=None, now=utc(2018, 3, 27, 14))
    assert [row.day for row in _rows(registration.id)] == [date(2018, 3, 26), date(2018, 3, 27)]
    assert present_registration_ids(event.id, date(2018, 3, 26)) == {registration.id}
    assert present_registration_ids(event.id, date(2018, 3, 27)) == {registration.id, other.id}


def test_undo_check_in_keeps_the_row_and_allows_a_new_check_in(factory, organizer):
    event = factory.event()
    registration = factory.registration(event)
    first = check_in(event, registration, desk="A", user_id=None, now=utc(2018, 3, 26, 13))
    assert undo_check_in(first.check_in, user_id=organizer.id,
                         now=utc(2018, 3, 26, 13, 1)) is True
    db.session.commit()
    assert present_registration_ids(event.id, date(2018, 3, 26)) == set()
    again = check_in(event, registration, desk="B", user_id=None, now=utc(2018, 3, 26, 14))
    assert again.recorded is True
    rows = _rows(registration.id)
    assert [(r.desk, r.undone_at, r.undone_by_user_id) for r in rows] == [
        ("A", utc(2018, 3, 26, 13, 1), organizer.id), ("B", None, None)]
    assert present_registration_ids(event.id, date(2018, 3, 26)) == {registration.id}


def test_undo_check_in_twice_is_false_the_second_time(factory):
    event = factory.event()
    registration = factory.registration(event)
    record = check_in(event, registration, desk="A", user_id=None).check_in
    assert undo_check_in(record, user_id=None) is True
    assert undo_check_in(record, user_id=None) is False


def test_two_active_check_ins_the_same_day_are_refused_by_the_database(factory):
    event = factory.event()
    registration = factory.registration(event)
    for desk in ("A", "B"):
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id,
                               day=date(2018, 3, 26), checked_in_at=utc(2018, 3, 26, 13),
                               desk=desk))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_four_desks_checking_in_the_same_badge_at_once_record_one(app_ctx, factory):
    event = factory.event()
    registration = factory.registration(event)
    event_id, registration_id = event.id, registration.id
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    lock = threading.Lock()

    def desk(label: str) -> None:
        with app_ctx.app_context():
            try:
                the_event = db.session.get(Event, event_id)
                the_registration = db.session.get(Registration, registration_id)
                db.session.commit()
                barrier.wait(timeout=60)
                result = check_in(the_event, the_registration, desk=label, user_id=None,
                                  now=utc(2018, 3, 26, 13))
                db.session.commit()
                outcome = "recorded" if result.recorded else "already"
            except Exception as error:  # reported by the assertion below
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=desk, args=(f"Desk {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["already", "already", "already", "recorded"]
    assert len(_rows(registration_id)) == 1
