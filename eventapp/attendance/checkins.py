"""Checking a person in at a desk, and undoing a mistaken check-in.

`check_in` is one statement, ``INSERT ... ON CONFLICT DO NOTHING`` on the partial unique index
of (registration, day) among check-ins not undone (see once.py): two desks scanning one badge
at the same instant record one check-in, on both databases. Whoever did not insert reads the
check-in that stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from eventapp.attendance.models import DESK_LABEL_MAX, CheckIn
from eventapp.attendance.once import insert_once
from eventapp.audit.context import current_actor
from eventapp.audit.record import record
from eventapp.audit.tracking import annotate
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.registration.models import Registration
from eventapp.timeutil import to_local
from eventapp.versioning import attendance_scope, bump


@dataclass(frozen=True)
class CheckInResult:
    """The check-in that stands for the day (its id, time and desk), and whether this call
    recorded it."""

    check_in_id: int
    checked_in_at: datetime
    desk: str
    recorded: bool

    @property
    def check_in(self) -> CheckIn:
        """The row itself, loaded on demand: the desk's answer needs only the values, and
        reading the row back after the insert cost a statement per check-in."""
        return db.session.get_one(CheckIn, self.check_in_id)


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
    """Record the registration present today, unless it already is; the caller commits.

    The caller has decided the registration may enter (see badge_codes); this only records.
    Three statements when it records (the insert, the dashboard's version, its audit entry),
    two when someone was faster.
    """
    now = now or utcnow()
    day = event_day(event, now)
    event_id, registration_id = event.id, registration.id
    label = clean_desk_label(desk)
    table = CheckIn.__table__
    new_id = insert_once(table, {
        "event_id": event_id, "registration_id": registration_id, "day": day,
        "checked_in_at": now, "desk": label, "by_user_id": user_id,
    }, [table.c.registration_id, table.c.day])
    if new_id is None:
        standing = active_check_in(registration_id, day)
        if standing is None:  # undone between the two statements: record it after all
            return check_in(event, registration, desk=desk, user_id=user_id, now=now)
        return CheckInResult(standing.id, standing.checked_in_at, standing.desk,
                             recorded=False)
    # A core statement: the flush listeners do not see it, so the version is raised and the
    # check-in put on the audit trail here.
    bump(db.session, {attendance_scope(event_id)})
    record(event_id, "check-in", new_id, f"registration {registration_id}", "checked in",
           changes={"day": (None, day.isoformat()), "desk": (None, label)},
           subject=f"registration:{registration_id}")
    return CheckInResult(new_id, now, label, recorded=True)


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


def absorb_check_ins(into_id: int, from_id: int) -> dict[str, int]:
    """A merge combines registration `from_id` into `into_id`: its check-ins move there.

    One live check-in per registration and day stays the rule: where both had one that day,
    the earlier stands and the later is undone, by the merge (its audit entry says so), never
    deleted. Flushes; runs in the merge's transaction (registration.merge).
    """
    rows = db.session.scalars(
        select(CheckIn).where(CheckIn.registration_id.in_((into_id, from_id)))
        .order_by(CheckIn.checked_in_at, CheckIn.id)).all()
    standing: set[date] = set()
    undone = 0
    now = utcnow()
    for row in rows:
        if row.undone_at is not None:
            continue
        if row.day in standing:
            row.undone_at = now
            row.undone_by_user_id = current_actor().user_id
            annotate(row, "undone by a merge")
            undone += 1
        standing.add(row.day)
    # Undone first, so the unique index of live check-ins holds at every statement.
    db.session.flush()
    moved = 0
    for row in rows:
        if row.registration_id == from_id:
            row.registration_id = into_id
            annotate(row, "moved by a merge")
            moved += 1
    db.session.flush()
    return {"check-ins moved": moved, "check-ins undone": undone}
