"""Presence in a session, scanned at its door, and undoing a mistaken one.

A door scan records the person present in the session once, and also records the day's
check-in when no desk did yet, in the same transaction: someone in a session room is at the
event today, so the desk dashboard, the balance report's funnel and the floor's "present
only" rule agree with the door (docs/DECISIONS.md). Both rows are written by one
``INSERT ... ON CONFLICT DO NOTHING`` each (once.py), so two doors scanning one badge at the
same instant record one presence and one check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from eventapp.attendance.checkins import CheckInResult, check_in, clean_desk_label
from eventapp.attendance.models import SessionPresence
from eventapp.attendance.once import insert_once
from eventapp.audit.record import record
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.models import Event, Session
from eventapp.registration.models import Registration
from eventapp.versioning import attendance_scope, bump


@dataclass(frozen=True)
class PresenceResult:
    """The presence that stands for the session, whether this call recorded it, and the
    day's check-in (recorded now when the door was the person's first scan today)."""

    presence: SessionPresence
    recorded: bool
    check_in: CheckInResult


def active_presence(session_id: int, registration_id: int) -> SessionPresence | None:
    return db.session.scalar(
        select(SessionPresence).where(SessionPresence.session_id == session_id,
                                      SessionPresence.registration_id == registration_id,
                                      SessionPresence.undone_at.is_(None)))


def record_presence(event: Event, session: Session, registration: Registration, *, desk: str,
                    user_id: int | None, now: datetime | None = None) -> PresenceResult:
    """Record the registration present in the session, unless it already is, and checked in
    today, unless it already is; the caller commits.

    The caller has decided the registration may enter (see badge_codes); this only records.
    """
    now = now or utcnow()
    label = clean_desk_label(desk)
    event_id, session_id, registration_id = event.id, session.id, registration.id
    table = SessionPresence.__table__
    new_id = insert_once(table, {
        "event_id": event_id, "session_id": session_id, "registration_id": registration_id,
        "scanned_at": now, "desk": label, "by_user_id": user_id,
    }, [table.c.session_id, table.c.registration_id])
    day = check_in(event, registration, desk=label, user_id=user_id, now=now)
    if new_id is None:
        standing = active_presence(session_id, registration_id)
        if standing is None:  # undone between the two statements: record it after all
            return record_presence(event, session, registration, desk=desk, user_id=user_id,
                                   now=now)
        return PresenceResult(standing, recorded=False, check_in=day)
    # A core statement: the flush listeners do not see it (see checkins.check_in).
    if not day.recorded:  # check_in raised the version already when it recorded
        bump(db.session, {attendance_scope(event_id)})
    record(event_id, "session presence", new_id, f"registration {registration_id}",
           "present in session",
           changes={"session": (None, session.title), "desk": (None, label)},
           subject=f"session:{session_id}")
    return PresenceResult(db.session.get(SessionPresence, new_id), recorded=True,
                          check_in=day)


def undo_presence(presence: SessionPresence, *, user_id: int | None,
                  now: datetime | None = None) -> bool:
    """Mark a presence undone (kept, no longer counted); False when it already was. Flushes.

    The day's check-in stays: the desk's undo is the place to take that back.
    """
    if presence.undone_at is not None:
        return False
    presence.undone_at = now or utcnow()
    presence.undone_by_user_id = user_id
    db.session.flush()
    return True


def present_in_session_ids(session_id: int) -> set[int]:
    """The registrations present in the session (presences not undone); one query."""
    return set(db.session.scalars(
        select(SessionPresence.registration_id).where(SessionPresence.session_id == session_id,
                                                      SessionPresence.undone_at.is_(None))))


def presence_by_category(session_id: int) -> dict[int, int]:
    """How many are present in the session, per stakeholder category id; one query."""
    return dict(db.session.execute(
        select(Registration.category_id, func.count(SessionPresence.id))
        .join(Registration, SessionPresence.registration_id == Registration.id)
        .where(SessionPresence.session_id == session_id, SessionPresence.undone_at.is_(None))
        .group_by(Registration.category_id)).all())
