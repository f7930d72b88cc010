"""The demo's check-ins: the same figures on every machine, per day, and seeded once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from eventapp.attendance.dashboard import dashboard_for
from eventapp.attendance.models import CheckIn
from eventapp.demo.seed import DEMO_SLUG, seed_demo
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest
from eventapp.programme.models import Event


def _demo():
    seed_demo()
    db.session.commit()
    return db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))


def _per_day(event):
    return dict(db.session.execute(
        select(CheckIn.day, func.count()).where(CheckIn.event_id == event.id)
        .group_by(CheckIn.day).order_by(CheckIn.day)).all())


def test_demo_check_ins_per_day(app_ctx):
    event = _demo()
    # The desks' two days; one check-in of the second day was undone (demo/attendance_run).
    assert _per_day(event) == {date(2018, 3, 26): 37, date(2018, 3, 27): 31}


def test_demo_everyone_who_asked_for_the_floor_was_present_that_day(app_ctx):
    event = _demo()
    asked = set(db.session.scalars(select(FloorRequest.registration_id).where(
        FloorRequest.event_id == event.id, FloorRequest.registration_id.is_not(None))))
    present = set(db.session.scalars(select(CheckIn.registration_id).where(
        CheckIn.event_id == event.id)))
    assert asked
    assert asked <= present


def test_demo_dashboard_has_arrivals_in_the_morning(app_ctx):
    event = _demo()
    board = dashboard_for(event, date(2018, 3, 26))
    assert [row.hour for row in board.hours] == [8, 9, 10, 11]
    assert board.present == 37


def test_demo_seeded_twice_checks_in_once(app_ctx):
    event = _demo()
    first = _per_day(event)
    seed_demo()
    db.session.commit()
    assert _per_day(event) == first
