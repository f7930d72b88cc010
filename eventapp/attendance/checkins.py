"""Checking a person in at a desk, and undoing a mistaken check-in.

`check_in` takes the registration's row lock (`row_lock.locked_row`: ``FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) before it looks for today's check-in, so two desks
scanning one badge at the same instant record one check-in: the second finds the first's. The
partial unique index on (registration, day) among check-ins not undone holds the rule even
for a writer that skips the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from eventapp.attendance.models import DESK_LABEL_MAX, CheckIn
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.registration.models import Registration
from eventapp.row_lock import locked_row
from eventapp.timeutil import to_local


@dataclass(frozen=True)
class CheckInResult:
    """The check-in that stands for the day, and whether this call recorded it."""

    check_in: CheckIn
    recorded: bool


def event_day(event: Event, moment: datetime) -> date:
    """The event's local date at this instant."""
    return to_local(moment, event.zone).date()


def clean_desk_label(label: str) -> str:
    return " ".join((label or "").split())[:DESK_LABEL_MAX]


def active_check_in(registration_id: int, day: date) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(CheckIn.registration_id == registration_id, CheckIn.day == day,
                              CheckIn.undone_at.is_(None)))


def check_in(event: Event, registration: Registration, *, desk: str, user_id: int | None,
             now: datetime | None = None) -> CheckInResult:
    """Record the registration present today, unless it already is; commits.

    The caller has decided the registration may enter (see badge_codes); this only records.
    """
    now = now or utcnow()
    day = event_day(event, now)
    event_id, registration_id = event.id, registration.id
    with locked_row(Registration, registration_id):
        existing = active_check_in(registration_id, day)
        if existing is not None:
            return CheckInResult(existing, recorded=False)
        record = CheckIn(event_id=event_id, registration_id=registration_id, day=day,
                         checked_in_at=now, desk=clean_desk_label(desk), by_user_id=user_id)
        db.session.add(record)
        # The flush raises the attendance version (attendance/wiring.py).
        db.session.flush()
    return CheckInResult(record, recorded=True)


def undo_check_in(record: CheckIn, *, user_id: int | None, now: datetime | None = None) -> bool:
    """Mark a check-in undone (kept, no longer counted); False when it already was. Flushes."""
    if record.undone_at is not None:
        return False
    record.undone_at = now or utcnow()
    record.undone_by_user_id = user_id
    db.session.flush()
    return True


def present_registration_ids(event_id: int, day: date) -> set[int]:
    """The registrations checked in on this day of the event (check-ins not undone)."""
    return set(db.session.scalars(
        select(CheckIn.registration_id).where(CheckIn.event_id == event_id, CheckIn.day == day,
                                              CheckIn.undone_at.is_(None))))
