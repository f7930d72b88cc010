"""Programme operations on the database, enforcing the rules in rules.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.people.service import find_or_create_organization, find_person
from eventapp.programme import rules
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.rules import Booking, Problem
from eventapp.programme.speaker_hooks import speakers_added
from eventapp.timeutil import local_to_utc


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
_CALENDAR_FIELDS = ("title", "title_fr", "title_es", "starts_at", "ends_at", "room_id")
_VERSION_FIELDS = ("title_fr", "title_es", "description_fr", "description_es")


def _booking(session: Session, event_name: str = "") -> Booking:
    return Booking(session.id, session.title, session.starts_at, session.ends_at,
                   session.event_id, event_name)


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
        select(SpeakingSlot.person_id, Session, Event.title).join(Session, SpeakingSlot.session)
        .join(Event, Session.event_id == Event.id)
        .where(
            SpeakingSlot.person_id.in_(ids),
            Session.status == "scheduled",
            Session.starts_at < ends_at,
            Session.ends_at > starts_at,
        )
    )
    for person_id, session, event_title in rows:
        found[person_id].append(_booking(session, event_title))
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
    elif any(getattr(session, name) != getattr(data, name) for name in _CALENDAR_FIELDS):
        # Calendar clients replace an event only when its SEQUENCE rises.
        session.sequence += 1
    session.title = data.title
    for name in _VERSION_FIELDS:
        setattr(session, name, getattr(data, name))
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
        problems.append(Problem("person", _("%(name)s already has this role here.",
                                            name=person.full_name)))
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
    speakers_added(session.event, [person])
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


# --- Back office -------------------------------------------------------------------------


class ProgrammeError(ValueError):
    """A refused change, with the form field it is about."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


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
           if name in _VERSION_FIELDS},
    )
    return data, []


def data_of(session: Session) -> SessionData:
    return SessionData(
        title=session.title, kind=session.kind, starts_at=session.starts_at,
        ends_at=session.ends_at, room_id=session.room_id, description=session.description,
        **{name: getattr(session, name) for name in _VERSION_FIELDS},
    )


def organizer_sessions(event: Event) -> list[tuple[Session, int]]:
    """Every session not deleted, with its room and number of speakers, in two queries."""
    counts = dict(
        db.session.execute(
            select(SpeakingSlot.session_id, func.count(SpeakingSlot.id))
            .join(Session, SpeakingSlot.session)
            .where(Session.event_id == event.id)
            .group_by(SpeakingSlot.session_id)
        ).all()
    )
    sessions = db.session.scalars(
        select(Session)
        .where(Session.event_id == event.id, Session.status != "deleted")
        .options(joinedload(Session.room))
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    ).all()
    return [(s, counts.get(s.id, 0)) for s in sessions]


def event_rooms(event: Event) -> list[Room]:
    return list(
        db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.name))
    )


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _check_room_name(event: Event, name: str, room_id: int | None) -> str:
    name = _one_line(name)
    if not name:
        raise ProgrammeError(_("Give the room a name."), "name")
    clash = db.session.scalar(
        select(Room.id).where(Room.event_id == event.id, func.lower(Room.name) == name.lower())
    )
    if clash is not None and clash != room_id:
        raise ProgrammeError(_("This event already has a room called “%(name)s”.", name=name),
                             "name")
    return name


def room_name_problem(event: Event, name: str, room_id: int | None) -> str | None:
    """What add_room / update_room would say about this name, else None (for forms that
    tell every mistake at once)."""
    try:
        _check_room_name(event, name, room_id)
    except ProgrammeError as exc:
        return str(exc)
    return None


def add_room(event: Event, name: str, capacity: int | None = None, *, name_fr: str = "",
             name_es: str = "") -> Room:
    room = Room(event=event, name=_check_room_name(event, name, None), capacity=capacity,
                name_fr=_one_line(name_fr), name_es=_one_line(name_es))
    db.session.add(room)
    db.session.flush()
    return room


def update_room(room: Room, name: str, capacity: int | None = None, *, name_fr: str = "",
                name_es: str = "") -> None:
    new_name = _check_room_name(room.event, name, room.id)
    name_fr, name_es = _one_line(name_fr), _one_line(name_es)
    if (new_name, name_fr, name_es) != (room.name, room.name_fr, room.name_es):
        # The location calendar clients show changes with the name.
        for session in sessions_in_room(room):
            session.sequence += 1
            session.updated_at = utcnow()
    room.name = new_name
    room.name_fr, room.name_es = name_fr, name_es
    room.capacity = capacity
    db.session.flush()


def sessions_in_room(room: Room) -> list[Session]:
    """Sessions not deleted that take place in this room, in time order."""
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.room_id == room.id, Session.status != "deleted")
            .order_by(Session.starts_at, Session.id)
        )
    )


def delete_room(room: Room) -> None:
    # Done here rather than left to ON DELETE SET NULL: SQLite does not enforce it, and
    # the sessions' calendar entries change place, so their SEQUENCE must rise.
    now = utcnow()
    for session in db.session.scalars(select(Session).where(Session.room_id == room.id)):
        session.room = None
        if session.status != "deleted":
            session.sequence += 1
            session.updated_at = now
    db.session.flush()
    db.session.delete(room)
    db.session.flush()


def update_speaker(slot: SpeakingSlot, role: str, planned_minutes: int | None) -> None:
    slot.role = role
    slot.planned_minutes = planned_minutes
    slot.session.updated_at = utcnow()
    db.session.flush()


@dataclass
class NewOrganizationData:
    name: str
    category_id: int
    country: str = ""
    governance_level: str = "national"


@dataclass
class NewPersonData:
    first_name: str
    last_name: str
    honorific: str = ""
    job_title: str = ""
    gender: str | None = None
    organization_id: int | None = None
    new_organization: NewOrganizationData | None = None
    # Whom the person speaks for when they come without an organization.
    category_id: int | None = None


def find_or_create_person(data: NewPersonData) -> Person:
    """The person with this name at this organization, created when new (flushed).

    Re-submitting the same new speaker finds the person made the first time, so the
    duplicate-role rule answers instead of a second, identical person appearing.
    """
    organization = None
    if data.new_organization is not None:
        new = data.new_organization
        category = db.session.get(StakeholderCategory, new.category_id)
        if category is None:
            raise ProgrammeError(_("Choose the organization's stakeholder category."),
                                 "org_category")
        if not new.name.strip():
            raise ProgrammeError(_("Give the new organization's name."), "org_name")
        organization = find_or_create_organization(
            new.name, category=category, country=new.country,
            governance_level=new.governance_level,
        )
    elif data.organization_id is not None:
        organization = db.session.get(Organization, data.organization_id)
        if organization is None:
            raise ProgrammeError(_("Choose one of the listed organizations."), "organization")
    category = None
    if organization is None:
        category = db.session.get(StakeholderCategory, data.category_id or 0)
        if category is None:
            raise ProgrammeError(
                _("Choose the stakeholder category this person speaks for, or an organization."),
                "category",
            )
    person = find_person(data.first_name, data.last_name, organization)
    if person is None:
        person = Person(
            honorific=data.honorific.strip(), first_name=data.first_name.strip(),
            last_name=data.last_name.strip(), job_title=data.job_title.strip(),
            organization=organization, category=category, gender=data.gender or None,
        )
        db.session.add(person)
        db.session.flush()
    return person


def speaker_choices() -> list[Person]:
    """Everyone who can be put on a panel, with their organization, in one query."""
    return list(
        db.session.scalars(
            select(Person)
            .options(joinedload(Person.organization))
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
    )


def organization_choices() -> list[Organization]:
    return list(
        db.session.scalars(select(Organization).order_by(Organization.name, Organization.country))
    )
