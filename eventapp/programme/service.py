"""Programme operations on the database, enforcing the rules in rules.py: speakers, rooms,
the people put on panels, and the organizer's lists. Sessions are checked and written in
session_changes.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.people.service import find_or_create_organization, find_person
from eventapp.programme import rules
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.rules import Problem
from eventapp.programme.session_changes import booking_of, person_bookings
from eventapp.programme.speaker_hooks import speakers_added
from eventapp.versioning import bump, programme_scope, session_scope


def check_speaker(
    session: Session, person: Person, role: str, planned_minutes: int | None,
    *, slot_id: int | None = None,
) -> list[Problem]:
    """Problems with adding (or changing) one person's slot on a session."""
    problems: list[Problem] = []
    zone = session.event.zone
    candidate = booking_of(session)
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


@dataclass(frozen=True)
class NewSlot:
    session_id: int
    person_id: int
    role: str
    position: int
    planned_minutes: int | None
    # Recorded speaking time, when a programme file gives it.
    actual_seconds: int | None = None


def add_speakers(event: Event, slots: Sequence[NewSlot], persons: list[Person]) -> None:
    """Put people on panels (the caller has checked them), in one INSERT whatever their
    number: the speaker editor adds one, the programme import many. Their sessions' versions
    and the programme's are raised, and the packages that keep speakers (invited
    registrations) are told of `persons`, who come with their organization and categories
    loaded. The sessions' updated_at is the caller's to set (save_sessions does). Not
    committed.
    """
    if slots:
        db.session.execute(insert(SpeakingSlot), [asdict(slot) for slot in slots])
        # A bulk insert passes by the flush hooks that raise these versions.
        bump(db.session, {programme_scope(event.id)}
             | {session_scope(slot.session_id) for slot in slots})
    if persons:
        speakers_added(event, persons)


def add_speaker(
    session: Session, person: Person, role: str, planned_minutes: int | None
) -> None:
    """Add one speaker after the others (may raise IntegrityError: the same role twice)."""
    position = max((s.position for s in session.slots), default=-1) + 1
    session.updated_at = utcnow()
    add_speakers(session.event, [NewSlot(session.id, person.id, role, position,
                                         planned_minutes)], [person])
    # The panel as loaded lacks the new slot: read again when next asked for.
    db.session.expire(session, ["slots"])
    db.session.flush()


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
