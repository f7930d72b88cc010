"""Programme operations on the database, enforcing the rules in rules.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.programme import rules
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.rules import Booking, Problem


@dataclass
class SessionData:
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None = None
    description: str = ""


def _booking(session: Session) -> Booking:
    return Booking(session.id, session.title, session.starts_at, session.ends_at)


def room_bookings(room_id: int, starts_at: datetime, ends_at: datetime) -> list[Booking]:
    rows = db.session.scalars(
        select(Session).where(
            Session.room_id == room_id,
            Session.status == "scheduled",
            Session.starts_at < ends_at,
            Session.ends_at > starts_at,
        )
    )
    return [_booking(s) for s in rows]


def person_bookings(
    person_ids: Iterable[int], starts_at: datetime, ends_at: datetime
) -> dict[int, list[Booking]]:
    ids = list(set(person_ids))
    found: dict[int, list[Booking]] = defaultdict(list)
    if not ids:
        return found
    rows = db.session.execute(
        select(SpeakingSlot.person_id, Session).join(Session, SpeakingSlot.session)
        .where(
            SpeakingSlot.person_id.in_(ids),
            Session.status == "scheduled",
            Session.starts_at < ends_at,
            Session.ends_at > starts_at,
        )
    )
    for person_id, session in rows:
        found[person_id].append(_booking(session))
    return found


def check_session(
    event: Event, data: SessionData, *, session_id: int | None = None
) -> list[Problem]:
    """Every blocking problem and warning for putting a session at this time and room."""
    zone = event.zone
    problems = rules.check_times(
        data.starts_at, data.ends_at,
        event_start=event.start_date, event_end=event.end_date, zone=zone,
    )
    if any(p.field == "ends_at" for p in problems):
        return problems
    candidate = Booking(session_id, data.title, data.starts_at, data.ends_at)
    if data.room_id is not None:
        room = db.session.get(Room, data.room_id)
        if room is None or room.event_id != event.id:
            problems.append(Problem("room", "Choose one of this event's rooms."))
        else:
            clash = rules.room_clash_problem(
                candidate, room.name, room_bookings(room.id, data.starts_at, data.ends_at), zone
            )
            if clash:
                problems.append(clash)
    if session_id is not None:
        slots = list(
            db.session.scalars(
                select(SpeakingSlot).where(SpeakingSlot.session_id == session_id)
            )
        )
        bookings = person_bookings((s.person_id for s in slots), data.starts_at, data.ends_at)
        for slot in slots:
            clash = rules.person_clash_problem(
                candidate, slot.person.full_name, bookings.get(slot.person_id, []), zone
            )
            if clash:
                problems.append(clash)
        duration = int((data.ends_at - data.starts_at).total_seconds() // 60)
        warning = rules.planned_minutes_problem((s.planned_minutes for s in slots), duration)
        if warning:
            problems.append(warning)
    return problems


def save_session(event: Event, data: SessionData, session: Session | None = None) -> Session:
    """Create or update a session (caller has checked it). Not committed."""
    now = utcnow()
    if session is None:
        session = Session(event=event, created_at=now)
        db.session.add(session)
    elif (
        session.title != data.title
        or session.starts_at != data.starts_at
        or session.ends_at != data.ends_at
        or session.room_id != data.room_id
    ):
        # Calendar clients replace an event only when its SEQUENCE rises.
        session.sequence += 1
    session.title = data.title
    session.kind = data.kind
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    session.room_id = data.room_id
    session.description = data.description
    session.updated_at = now
    db.session.flush()
    return session


def set_session_status(session: Session, status: str) -> None:
    """Cancel, delete or restore. Rows stay so feeds can announce the cancellation."""
    if status not in ("scheduled", "cancelled", "deleted"):
        raise ValueError(status)
    if session.status != status:
        session.status = status
        session.sequence += 1
        session.updated_at = utcnow()


def check_speaker(
    session: Session, person: Person, role: str, planned_minutes: int | None,
    *, slot_id: int | None = None,
) -> list[Problem]:
    """Problems with adding (or changing) one person's slot on a session."""
    problems: list[Problem] = []
    zone = session.event.zone
    candidate = _booking(session)
    booked = person_bookings([person.id], session.starts_at, session.ends_at)
    others = [b for b in booked.get(person.id, []) if b.session_id != session.id]
    clash = rules.person_clash_problem(candidate, person.full_name, others, zone)
    if clash:
        problems.append(clash)
    duplicate = any(
        s.person_id == person.id and s.role == role and s.id != slot_id for s in session.slots
    )
    if duplicate:
        problems.append(Problem("person", f"{person.full_name} already has this role here."))
    minutes = [s.planned_minutes for s in session.slots if s.id != slot_id] + [planned_minutes]
    warning = rules.planned_minutes_problem(minutes, session.duration_minutes)
    if warning:
        problems.append(warning)
    return problems


def add_speaker(
    session: Session, person: Person, role: str, planned_minutes: int | None
) -> SpeakingSlot:
    position = max((s.position for s in session.slots), default=-1) + 1
    slot = SpeakingSlot(
        session=session, person=person, role=role,
        position=position, planned_minutes=planned_minutes,
    )
    db.session.add(slot)
    session.updated_at = utcnow()
    db.session.flush()
    return slot


def move_speaker(slot: SpeakingSlot, offset: int) -> None:
    """Move a speaker up (-1) or down (+1) in the speaking order."""
    ordered = sorted(slot.session.slots, key=lambda s: (s.position, s.id))
    index = ordered.index(slot)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, each in enumerate(ordered):
        each.position = position
    slot.session.updated_at = utcnow()


def remove_speaker(slot: SpeakingSlot) -> None:
    session = slot.session
    session.slots.remove(slot)
    db.session.delete(slot)
    for position, each in enumerate(sorted(session.slots, key=lambda s: (s.position, s.id))):
        each.position = position
    session.updated_at = utcnow()
