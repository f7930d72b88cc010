"""A session's door: which sessions scan at their door, the door's recorder, what the door
page and the session's organizer page show of the presence in the session.

The door gives the desk's answers (desk.py) with its own recorder: the presence in the
session, and the day's check-in when no desk recorded it yet (presence.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from eventapp.attendance.desk import Recorded, Recorder, find_registrations
from eventapp.attendance.models import SessionPresence
from eventapp.attendance.presence import presence_by_category, record_presence
from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event, Session
from eventapp.registration.models import Registration

RECENT_LIMIT = 20


def session_of_event(event: Event, session_id: int) -> Session | None:
    """The event's session, with its room, unless deleted (one query)."""
    return db.session.scalar(
        select(Session).where(Session.id == session_id, Session.event_id == event.id,
                              Session.status != "deleted")
        .options(joinedload(Session.room)))


def door_sessions(event: Event) -> list[Session]:
    """The event's sessions whose door scans, in time order, with their rooms (one query),
    for the desk page's links to the doors."""
    return list(db.session.scalars(
        select(Session).where(Session.event_id == event.id, Session.door_scanning.is_(True),
                              Session.status == "scheduled")
        .options(joinedload(Session.room)).order_by(Session.starts_at, Session.id)))


def door_is_open(session: Session) -> bool:
    """Whether the session's door scans: turned on, and the session not cancelled."""
    return session.door_scanning and session.status == "scheduled"


def door_recorder(event: Event, session: Session, *, desk: str,
                  user_id: int | None) -> Recorder:
    """The door's recorder: the presence in the session (and the day's check-in)."""
    def record(registration: Registration) -> Recorded:
        result = record_presence(event, session, registration, desk=desk, user_id=user_id)
        return Recorded(result.recorded, result.presence.scanned_at, result.presence.desk)
    return record


@dataclass(frozen=True)
class DoorHit:
    """A registration found by name at the door, and its presence in the session if any."""

    registration: Registration
    presence: SessionPresence | None

    @property
    def at(self) -> datetime | None:
        return self.presence.scanned_at if self.presence is not None else None


def door_search(event: Event, session: Session, text: str) -> list[DoorHit]:
    """Registrations matching the words, with their presence in the session; three queries
    at any size."""
    registrations = find_registrations(event, text)
    ids = [r.id for r in registrations]
    presences = {p.registration_id: p for p in db.session.scalars(
        select(SessionPresence).where(SessionPresence.session_id == session.id,
                                      SessionPresence.registration_id.in_(ids),
                                      SessionPresence.undone_at.is_(None)))} if ids else {}
    return [DoorHit(r, presences.get(r.id)) for r in registrations]


def recent_presences(session_id: int, limit: int = RECENT_LIMIT) -> list[SessionPresence]:
    """The session's latest presences, undone ones too, newest first, with the person
    (one query)."""
    return list(db.session.scalars(
        select(SessionPresence).where(SessionPresence.session_id == session_id)
        .options(joinedload(SessionPresence.registration).joinedload(Registration.person))
        .order_by(SessionPresence.scanned_at.desc(), SessionPresence.id.desc())
        .limit(limit)))


def presences_of(registration_id: int) -> list[SessionPresence]:
    """The registration's presences in sessions, undone ones too, in time order, with each
    session (one query), for the badge page."""
    return list(db.session.scalars(
        select(SessionPresence).where(SessionPresence.registration_id == registration_id)
        .options(joinedload(SessionPresence.session))
        .order_by(SessionPresence.scanned_at, SessionPresence.id)))


@dataclass(frozen=True)
class CategoryPresence:
    label: str
    present: int


@dataclass(frozen=True)
class DoorSummary:
    """What the session's organizer page shows of its door: on or off, and who is present
    per stakeholder category (organizers only: no small-cell rule applies)."""

    enabled: bool
    categories: tuple[CategoryPresence, ...]

    @property
    def present(self) -> int:
        return sum(row.present for row in self.categories)


def door_summary(event: Event, session: Session) -> DoorSummary:
    """The session's door for its organizer page; no query when the door is off, two at
    most when it is on."""
    if not session.door_scanning:
        return DoorSummary(False, ())
    counts = presence_by_category(session.id)
    categories = db.session.scalars(
        select(StakeholderCategory).where(StakeholderCategory.id.in_(set(counts)))
        .order_by(StakeholderCategory.sort_order, StakeholderCategory.key)).all() \
        if counts else []
    return DoorSummary(True, tuple(CategoryPresence(localized(c, "name"), counts[c.id])
                                   for c in categories))
