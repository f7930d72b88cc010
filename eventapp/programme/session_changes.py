"""Checking and writing sessions: the one path of the session form, the timetable and the
programme import.

Every change to a session's time, room, title or kind goes through `check_session` (or
the import's batch checks over the same rules) and `save_sessions`, so SEQUENCE,
updated_at (LAST-MODIFIED), the content versions and the feeds' ETags move the same way
whoever made the change. `save_sessions` takes many sessions at once in a fixed number of
statements; `save_session` is its one-session form.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from eventapp.audit.record import Entry, record_many
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme import rules
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.rules import Booking, Problem
from eventapp.timeutil import local_to_utc
from eventapp.versioning import bump, programme_scope, session_scope


@dataclass
class SessionData:
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None = None
    description: str = ""
    # The French and Spanish versions; empty shows the original.
    title_fr: str = ""
    title_es: str = ""
    description_fr: str = ""
    description_es: str = ""


# The fields whose change calendar clients must see (they show the title in a language).
CALENDAR_FIELDS = ("title", "title_fr", "title_es", "starts_at", "ends_at", "room_id")
VERSION_FIELDS = ("title_fr", "title_es", "description_fr", "description_es")
_DATA_FIELDS = ("title", "kind", "starts_at", "ends_at", "room_id", "description",
                *VERSION_FIELDS)


def booking_of(session: Session) -> Booking:
    """What a session occupies, for the clash rules."""
    return Booking(session.id, session.title, session.starts_at, session.ends_at,
                   session.event_id)


def room_bookings(room_id: int, starts_at: datetime, ends_at: datetime) -> list[Booking]:
    rows = db.session.execute(
        select(Session.id, Session.title, Session.starts_at, Session.ends_at, Session.event_id)
        .where(
            Session.room_id == room_id,
            Session.status == "scheduled",
            Session.starts_at < ends_at,
            Session.ends_at > starts_at,
        )
    )
    return [Booking(*row) for row in rows]


def person_bookings(
    person_ids: Iterable[int], starts_at: datetime, ends_at: datetime
) -> dict[int, list[Booking]]:
    ids = list(set(person_ids))
    found: dict[int, list[Booking]] = defaultdict(list)
    if not ids:
        return found
    rows = db.session.execute(
        select(SpeakingSlot.person_id, Session.id, Session.title, Session.starts_at,
               Session.ends_at, Session.event_id, Event.title)
        .join(Session, SpeakingSlot.session)
        .join(Event, Session.event_id == Event.id)
        .where(
            SpeakingSlot.person_id.in_(ids),
            Session.status == "scheduled",
            Session.starts_at < ends_at,
            Session.ends_at > starts_at,
        )
    )
    for person_id, *booking in rows:
        found[person_id].append(Booking(*booking))
    return found


def session_speakers(session_id: int) -> list[SpeakingSlot]:
    """A session's speaking slots with their persons, in one query."""
    return list(db.session.scalars(
        select(SpeakingSlot).options(joinedload(SpeakingSlot.person))
        .where(SpeakingSlot.session_id == session_id)
        .order_by(SpeakingSlot.position, SpeakingSlot.id)))


def check_session(
    event: Event, data: SessionData, *, session_id: int | None = None,
    speakers: list[SpeakingSlot] | None = None,
) -> list[Problem]:
    """Every blocking problem and warning for putting a session at this time and room.

    `speakers` are the session's slots when the caller has them (with their persons);
    otherwise they are read here, with their names, in one query.
    """
    zone = event.zone
    problems = rules.check_times(
        data.starts_at, data.ends_at,
        event_start=event.start_date, event_end=event.end_date, zone=zone,
    )
    if any(p.field == "ends_at" for p in problems):
        return problems
    candidate = Booking(session_id, data.title, data.starts_at, data.ends_at, event.id)
    if data.room_id is not None:
        room = db.session.get(Room, data.room_id)
        if room is None or room.event_id != event.id:
            problems.append(Problem("room", _("Choose one of this event's rooms.")))
        else:
            clash = rules.room_clash_problem(
                candidate, room.name, room_bookings(room.id, data.starts_at, data.ends_at), zone
            )
            if clash:
                problems.append(clash)
    if session_id is not None:
        slots = session_speakers(session_id) if speakers is None else speakers
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


@dataclass
class SessionWrite:
    """One session to create (`session` None) or to update to `data`.

    `marks` are columns the caller keeps about the session besides what it shows (the
    import's identity of it), written with it.
    """

    data: SessionData
    session: Session | None = None
    marks: dict[str, object] = field(default_factory=dict)


def save_sessions(event: Event, writes: Sequence[SessionWrite], *,
                  now: datetime | None = None) -> list[int]:
    """Create or update sessions (the caller has checked them); their ids, in order.

    Not committed. A fixed number of statements whatever the number of sessions: the new
    ones are one INSERT (the ORM would send one per row on SQLite, to learn each id) and
    their ids are read back by UID; the changed ones are flushed together. A session
    whose time, room or title (in any language) changes gets a higher SEQUENCE; every
    session written gets a new updated_at and content version, and the programme a new
    version. `now` is their updated_at (the caller's clock when it stamps them too).
    """
    now = now or utcnow()
    ids: list[int | None] = []
    for write in writes:
        session = write.session
        if session is not None:
            _update(session, write.data, now)
            for name, value in write.marks.items():
                setattr(session, name, value)
        ids.append(session.id if session is not None else None)
    new = {str(uuid.uuid4()): index for index, w in enumerate(writes) if w.session is None}
    if new:
        # One executemany needs the same columns in every row.
        marked = {name: None for index in new.values() for name in writes[index].marks}
        db.session.execute(insert(Session), [
            {"uid": uid, "event_id": event.id, "created_at": now, "updated_at": now,
             **{name: getattr(writes[index].data, name) for name in _DATA_FIELDS},
             **marked, **writes[index].marks}
            for uid, index in new.items()
        ])
        for session_id, uid in db.session.execute(
                select(Session.id, Session.uid).where(Session.uid.in_(new))):
            ids[new[uid]] = session_id
        # A bulk insert passes by the flush hooks that raise these versions and that write
        # the audit trail: both are done here.
        bump(db.session, {programme_scope(event.id)}
             | {session_scope(ids[index]) for index in new.values()})
        record_many([Entry(event_id=event.id, object_type="session", object_id=ids[index],
                           label=writes[index].data.title, action="created",
                           subject=f"session:{ids[index]}")
                     for index in sorted(new.values())])
    db.session.flush()
    return [session_id for session_id in ids if session_id is not None]


def _update(session: Session, data: SessionData, now: datetime) -> None:
    if any(getattr(session, name) != getattr(data, name) for name in CALENDAR_FIELDS):
        # Calendar clients replace an event only when its SEQUENCE rises.
        session.sequence += 1
    for name in _DATA_FIELDS:
        setattr(session, name, getattr(data, name))
    session.updated_at = now


def save_session(event: Event, data: SessionData, session: Session | None = None) -> Session:
    """Create or update one session (the caller has checked it). Not committed."""
    (session_id,) = save_sessions(event, [SessionWrite(data, session)])
    if session is not None:
        return session
    created = db.session.get(Session, session_id)
    assert created is not None
    return created


def set_session_status(session: Session, status: str) -> None:
    """Cancel, delete or restore. Rows stay so feeds can announce the cancellation."""
    if status not in ("scheduled", "cancelled", "deleted"):
        raise ValueError(status)
    if session.status != status:
        session.status = status
        session.sequence += 1
        session.updated_at = utcnow()


def session_data_from_local(
    event: Event, *, title: str, kind: str, day: date, start: time, end: time,
    room_id: int | None = None, description: str = "",
    versions: dict[str, str] | None = None,
) -> tuple[SessionData | None, list[Problem]]:
    """Read wall-clock times in the event's zone; a time skipped by the clocks is refused.

    local_to_utc would quietly shift a skipped time; an organizer typing it has made a
    mistake worth hearing about rather than a session an hour off.
    """
    zone = event.zone
    problems = [
        p for p in (
            rules.nonexistent_time_problem("starts_at", day, start, zone),
            rules.nonexistent_time_problem("ends_at", day, end, zone),
        ) if p
    ]
    if problems:
        return None, problems
    data = SessionData(
        title=title.strip(), kind=kind,
        starts_at=local_to_utc(day, start, zone), ends_at=local_to_utc(day, end, zone),
        room_id=room_id, description=(description or "").strip(),
        **{name: (value or "").strip() for name, value in (versions or {}).items()
           if name in VERSION_FIELDS},
    )
    return data, []


def data_of(session: Session) -> SessionData:
    return SessionData(**{name: getattr(session, name) for name in _DATA_FIELDS})
