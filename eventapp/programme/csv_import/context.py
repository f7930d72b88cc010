"""What the database already holds that a programme file may refer to, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.people.categories import ImportCategories, import_categories
from eventapp.people.models import Organization, Person
from eventapp.people.service import normalise_label
from eventapp.programme.csv_import.reading import ParsedProgramme
from eventapp.programme.models import Event, Room, Session
from eventapp.programme.rules import Booking, day_after
from eventapp.programme.session_changes import person_bookings
from eventapp.timeutil import local_to_utc

SessionKey = tuple[date, time, str]
OrgKey = tuple[str, str]
PersonKey = tuple[str, str, OrgKey | None]


def _title_key(title: str) -> str:
    return normalise_label(title)


def import_key(key: SessionKey) -> str:
    """A session's identity in the file as stored on it (Session.import_key)."""
    day, start, title = key
    return f"{day.isoformat()} {start:%H:%M} {title}"


@dataclass
class ImportContext:
    """What the database already holds that the file may refer to, loaded once."""

    event: Event
    zone: ZoneInfo
    categories: ImportCategories
    rooms: dict[str, Room]
    sessions: dict[SessionKey, Session]
    # The same sessions by the identity the last import gave them: found although moved
    # or renamed in the app since.
    imported: dict[str, Session]
    organizations: dict[OrgKey, Organization]
    persons: dict[PersonKey, Person]
    bookings: dict[int, list[Booking]]


def _org_key(name: str, country: str) -> OrgKey:
    return (Organization.key_for(name), country.upper())


def _person_key(first: str, last: str, org: OrgKey | None) -> PersonKey:
    return (first.casefold(), last.casefold(), org)


def load_context(event: Event, parsed: ParsedProgramme) -> ImportContext:
    """Everything the rows could match, in a fixed number of queries whatever the file's size."""
    zone = event.zone
    rooms = {
        normalise_label(r.name): r
        for r in db.session.scalars(select(Room).where(Room.event_id == event.id))
    }
    sessions: dict[SessionKey, Session] = {}
    imported: dict[str, Session] = {}
    for session in db.session.scalars(
        select(Session).where(Session.event_id == event.id).options(selectinload(Session.slots))
    ):
        local = session.starts_at.astimezone(zone)
        key = (local.date(), local.time().replace(tzinfo=None), _title_key(session.title))
        # Two old sessions with one identity: the visible one wins.
        if key not in sessions or session.status == "scheduled":
            sessions[key] = session
        if session.import_key and (session.import_key not in imported
                                   or session.status == "scheduled"):
            imported[session.import_key] = session

    wanted_orgs = {
        Organization.key_for(r.get("organization"))
        for r in parsed.rows if r.get("name") and r.get("organization")
    }
    organizations: dict[OrgKey, Organization] = {}
    if wanted_orgs:
        for org in db.session.scalars(
            select(Organization).where(Organization.name_key.in_(wanted_orgs))
        ):
            organizations[(org.name_key, org.country.upper())] = org

    org_ids = {org.id: key for key, org in organizations.items()}
    last_names = {
        Person.split_name(r.get("name"))[1] for r in parsed.rows if r.get("name")
    }
    persons: dict[PersonKey, Person] = {}
    if last_names:
        conditions = [Person.last_name.in_(last_names)]
        if org_ids:
            conditions.append(Person.organization_id.in_(org_ids))
        for person in db.session.scalars(
            select(Person).where(or_(*conditions)).order_by(Person.id)
        ):
            org_key = org_ids.get(person.organization_id) if person.organization_id else None
            if person.organization_id and org_key is None:
                continue
            key = _person_key(person.first_name, person.last_name, org_key)
            persons.setdefault(key, person)

    span_start = local_to_utc(event.start_date, time(0, 0), zone)
    span_end = local_to_utc(day_after(event.end_date), time(0, 0), zone)
    bookings = person_bookings(
        {p.id for p in persons.values()}, span_start, span_end
    )
    return ImportContext(
        event=event, zone=zone, categories=import_categories(), rooms=rooms,
        sessions=sessions, imported=imported, organizations=organizations, persons=persons,
        bookings=dict(bookings),
    )



def _empty_context(event: Event) -> ImportContext:
    return ImportContext(event=event, zone=event.zone, categories=ImportCategories(),
                         rooms={}, sessions={}, imported={},
                         organizations={}, persons={}, bookings={})
