"""Builders of test data with sensible defaults; every call commits."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import count
from zoneinfo import ZoneInfo

from werkzeug.security import generate_password_hash

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.timeutil import local_to_utc

PASSWORD = "correct horse battery"
_seq = count(1)


@cache
def _password_hash(password: str) -> str:
    """Hashed once per worker and shared by every test user with this password: hashing is
    slow on purpose, and logging in still checks the password against a real hash."""
    return generate_password_hash(password)


class Factory:
    def __init__(self) -> None:
        self._categories: dict[str, StakeholderCategory] | None = None

    def categories(self) -> dict[str, StakeholderCategory]:
        if self._categories is None:
            self._categories = {c.key: c for c in ensure_default_categories()}
            db.session.commit()
        return self._categories

    def category(self, key: str = "government") -> StakeholderCategory:
        return self.categories()[key]

    def user(self, *, email: str | None = None, role: str = "participant",
             password: str = PASSWORD) -> User:
        # "organizer" is what every organizer account was before event teams: a site
        # administrator now (see the teams migration), so existing tests keep their meaning.
        role = "admin" if role == "organizer" else role
        user = User(email=(email or f"user{next(_seq)}@example.org").lower(), role=role)
        user.password_hash = _password_hash(password)
        db.session.add(user)
        db.session.commit()
        return user

    def organization(self, name: str | None = None, *, category: str = "government",
                     country: str = "US", governance_level: str = "national") -> Organization:
        name = name or f"Organization {next(_seq)}"
        org = Organization(name=name, name_key=Organization.key_for(name),
                           category=self.category(category), country=country,
                           governance_level=governance_level)
        db.session.add(org)
        db.session.commit()
        return org

    def person(self, name: str | None = None, *, organization: Organization | None = None,
               category: str | None = None, gender: str | None = None,
               user: User | None = None, job_title: str = "", honorific: str = "",
               email: str | None = None) -> Person:
        first, last = Person.split_name(name or f"Speaker Number{next(_seq)}")
        person = Person(first_name=first, last_name=last, organization=organization,
                        category=self.category(category) if category else None,
                        gender=gender, user=user, job_title=job_title, honorific=honorific,
                        email=email)
        db.session.add(person)
        db.session.commit()
        return person

    def event(self, slug: str | None = None, *, title: str = "Test dialogue",
              timezone: str = "America/New_York", start: date = date(2018, 3, 26),
              end: date = date(2018, 3, 27), published: bool = True, **extra) -> Event:
        # Tests of other rules register people whose addresses they never confirm; the tests
        # of the confirmation rule ask for it (new events of the app have it on).
        extra.setdefault("require_verified_email", False)
        event = Event(slug=slug or f"event-{next(_seq)}", title=title, timezone=timezone,
                      start_date=start, end_date=end, is_published=published, **extra)
        db.session.add(event)
        db.session.commit()
        return event

    def room(self, event: Event, name: str | None = None) -> Room:
        room = Room(event=event, name=name or f"Room {next(_seq)}")
        db.session.add(room)
        db.session.commit()
        return room

    def session(self, event: Event, *, title: str | None = None, kind: str = "panel",
                day: date | None = None, start: time = time(10, 0), minutes: int = 60,
                room: Room | None = None, status: str = "scheduled",
                starts_at: datetime | None = None) -> Session:
        zone = ZoneInfo(event.timezone)
        if starts_at is None:
            starts_at = local_to_utc(day or event.start_date, start, zone)
        session = Session(event=event, title=title or f"Session {next(_seq)}", kind=kind,
                          starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes),
                          room=room, status=status)
        db.session.add(session)
        db.session.commit()
        return session

    def slot(self, session: Session, person: Person | None = None, *, role: str = "panelist",
             planned_minutes: int | None = 10, actual_seconds: int | None = None,
             position: int | None = None) -> SpeakingSlot:
        person = person or self.person()
        slot = SpeakingSlot(session=session, person=person, role=role,
                            planned_minutes=planned_minutes, actual_seconds=actual_seconds,
                            position=len(session.slots) if position is None else position)
        db.session.add(slot)
        db.session.commit()
        return slot

    def member(self, event: Event, user: User | None = None, *, role: str = "organizer") -> User:
        """An account in the event's team with this role (a new account unless given)."""
        from eventapp.teams.models import EventMember

        user = user or self.user()
        db.session.add(EventMember(event_id=event.id, user_id=user.id, role=role))
        db.session.commit()
        return user

    def registration(self, event: Event, person: Person | None = None, *,
                     category: str = "government", status: str = "approved",
                     **extra) -> Registration:
        person = person or self.person()
        reg = Registration(event=event, person=person, category=self.category(category),
                           organization=person.organization, status=status, **extra)
        db.session.add(reg)
        db.session.commit()
        return reg


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- Lists of speakers and floor requests --------------------------------------------------


def _floor_models():
    from eventapp.floor.models import FloorRequest, SpeakersList

    return FloorRequest, SpeakersList


def speakers_list(session: Session, *, is_open: bool = True, policy: str = "balanced",
                  default_limit_seconds: int = 180, **extra):
    """A list of speakers on `session` (committed)."""
    _, SpeakersList = _floor_models()
    lst = SpeakersList(session_id=session.id, event_id=session.event_id, is_open=is_open,
                       policy=policy, default_limit_seconds=default_limit_seconds, **extra)
    db.session.add(lst)
    db.session.commit()
    return lst


def floor_request(lst, person: Person, *, status: str = "waiting",
                  kind: str = "request", category: str | None = None,
                  organization: Organization | None = None, position: int | None = None,
                  **extra):
    """A request on `lst` as the person speaks: category and organization copied as when asking."""
    FloorRequest, _ = _floor_models()
    organization = organization or person.organization
    if category is not None:
        category_id = Factory().category(category).id
    else:
        category_id = (organization.category_id if organization is not None
                       else person.category_id)
    request = FloorRequest(
        list_id=lst.id, event_id=lst.event_id, person_id=person.id,
        organization_id=organization.id if organization is not None else None,
        category_id=category_id, kind=kind, status=status,
        position=len(lst.requests) if position is None else position, **extra)
    db.session.add(request)
    db.session.commit()
    return request


def floor_intervention(lst, person: Person, seconds: int, *,
                       start: datetime, kind: str = "request",
                       slot: SpeakingSlot | None = None, given_by: str = "suggestion",
                       limit_seconds: int | None = None, **extra):
    """A finished intervention recorded as the floor records it.

    A planned speaker's seconds go on their own slot; a requester's or walk-in's on their one
    "floor" slot in the session, which a second intervention adds to.
    """
    session = db.session.get(Session, lst.session_id)
    if slot is None:
        slot = next((s for s in session.slots
                     if s.person_id == person.id and s.role == "floor"), None)
        if slot is None:
            slot = SpeakingSlot(session=session, person=person, role="floor",
                                planned_minutes=None, position=len(session.slots))
            db.session.add(slot)
    slot.actual_seconds = (slot.actual_seconds or 0) + seconds
    db.session.flush()
    return floor_request(
        lst, person, status="done", kind=kind, given_by=given_by, slot_id=slot.id,
        limit_seconds=limit_seconds or lst.default_limit_seconds, started_at=start,
        finished_at=start + timedelta(seconds=seconds), elapsed_seconds=seconds, **extra)
