"""Writing a valid import plan: rooms, organizations and persons in bulk, then sessions and
speakers through the functions the session form, the timetable and the speaker editor use
(session_changes.save_sessions, service.add_speakers), in their batch forms."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import joinedload

from eventapp.audit.context import current_source
from eventapp.audit.record import Entry, record_many
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.people.service import normalise_label
from eventapp.programme.csv_import.context import SessionKey, _person_key, import_key
from eventapp.programme.csv_import.plan import ImportPlan, ImportSummary, PlannedSession
from eventapp.programme.models import Event, Room, Session
from eventapp.programme.service import NewSlot, add_speakers
from eventapp.programme.session_changes import (
    SessionData,
    SessionWrite,
    data_of,
    save_sessions,
)
from eventapp.versioning import ORGANIZATIONS, PEOPLE, bump, programme_scope


class ImportRejected(ValueError):
    """apply() was given a plan with errors."""


def apply(event: Event, plan: ImportPlan) -> ImportSummary:
    """Write a valid plan in one flush; the caller commits. Rolls back on any failure."""
    if not plan.is_valid:
        raise ImportRejected(_("The programme has errors; nothing was imported."))
    summary = plan.summary()
    try:
        _write(event, plan)
        record_many([Entry(
            event_id=event.id, object_type="import", object_id=None, label=current_source(),
            action="imported", changes={name.replace("_", " "): (None, value) for name, value
                                        in dataclasses.asdict(summary).items()})])
        db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    return summary


def _write(event: Event, plan: ImportPlan) -> None:
    # New rows go in as one executemany per table, then are read back by their natural keys:
    # the ORM would insert them one statement per row on SQLite, to learn each new id.
    now = utcnow()
    rooms = dict(plan.known_rooms)
    if plan.rooms:
        _insert(Room, [{"event_id": event.id, "name": name} for name in plan.rooms.values()])
        rooms = {
            normalise_label(r.name): r
            for r in db.session.scalars(select(Room).where(Room.event_id == event.id))
        }

    organizations = {k: o.existing for k, o in plan.organizations.items() if o.existing}
    new_orgs = [o for o in plan.organizations.values() if o.existing is None]
    if new_orgs:
        _insert(Organization, [
            {"name": o.name, "name_key": o.key[0], "category_id": o.category.id,
             "country": o.country, "governance_level": o.governance_level}
            for o in new_orgs
        ])
        # Past the flush listener: the registration form's list of organizations grew.
        bump(db.session, {ORGANIZATIONS})
        for org in db.session.scalars(select(Organization).where(
                Organization.name_key.in_({o.key[0] for o in new_orgs}))):
            organizations.setdefault((org.name_key, org.country.upper()), org)

    person_ids = {k: p.existing.id for k, p in plan.persons.items() if p.existing}
    new_persons = [p for p in plan.persons.values() if p.existing is None]
    if new_persons:
        _insert(Person, [
            {"first_name": p.first_name, "last_name": p.last_name, "honorific": p.honorific,
             "job_title": p.job_title, "gender": p.gender, "created_at": now,
             "organization_id": organizations[p.organization].id if p.organization else None,
             "category_id": p.category.id if p.category is not None else None}
            for p in new_persons
        ])
        org_keys = {org.id: key for key, org in organizations.items()}
        taken = set(person_ids.values())
        for person_id, first, last, org_id in db.session.execute(
            select(Person.id, Person.first_name, Person.last_name, Person.organization_id)
            .where(Person.last_name.in_({p.last_name for p in new_persons}))
            .order_by(Person.id.desc())
        ):
            key = _person_key(first, last, org_keys.get(org_id) if org_id else None)
            if person_id not in taken and key not in person_ids:
                person_ids[key] = person_id

    session_ids = _write_sessions(event, plan, rooms, now)
    new_slots: list[NewSlot] = []
    for planned in plan.sessions:
        session = planned.existing
        session_id = session_ids[planned.key]
        listed: set[int] = set()
        for slot in planned.slots:
            if slot.existing is not None:
                slot.existing.planned_minutes = slot.planned_minutes
                slot.existing.position = slot.position
                if slot.actual_seconds is not None:
                    slot.existing.actual_seconds = slot.actual_seconds
                listed.add(slot.existing.id)
            else:
                new_slots.append(NewSlot(session_id, person_ids[slot.person], slot.role,
                                         slot.position, slot.planned_minutes,
                                         slot.actual_seconds))
        if session is not None:
            kept = sorted((s for s in session.slots if s.id not in listed),
                          key=lambda s: (s.position, s.id))
            for offset, old in enumerate(kept):
                old.position = len(planned.slots) + offset
    add_speakers(event, new_slots, _speakers(
        {person_ids[slot.person] for planned in plan.sessions for slot in planned.slots}))
    # Rooms, organizations and persons went in as bulk inserts, which pass by the flush hooks.
    scopes = {programme_scope(event.id)} if plan.rooms or new_orgs or new_persons else set()
    if new_orgs or new_persons:
        scopes.add(PEOPLE)
    if scopes:
        bump(db.session, scopes)


def _write_sessions(event: Event, plan: ImportPlan, rooms: dict[str, Room],
                    now: datetime) -> dict[SessionKey, int]:
    """New and changed sessions through the path of the session form and the timetable
    (session_changes.save_sessions), each stamped with the identity the file gives it; the
    ids of all the file's sessions."""
    writes: list[tuple[PlannedSession, SessionWrite]] = []
    restamped: list[dict[str, object]] = []
    for planned in plan.sessions:
        existing = planned.existing
        key = import_key(planned.key)
        room_id = rooms[planned.room].id if planned.room else None
        if existing is None or planned.changed:
            writes.append((planned, SessionWrite(
                _data(planned, room_id), existing, {"imported_at": now, "import_key": key})))
        elif existing.import_key != key:
            # Unchanged, first met by this identity (imported before it was kept): only the
            # stamp, which nothing shows, so no version or SEQUENCE moves.
            restamped.append({"b_id": existing.id, "b_key": key, "b_at": now})
    ids = save_sessions(event, [write for _planned, write in writes], now=now)
    session_ids = {planned.key: planned.existing.id
                   for planned in plan.sessions if planned.existing is not None}
    session_ids.update({planned.key: session_id
                        for (planned, _write), session_id in zip(writes, ids, strict=True)})
    if restamped:
        table = Session.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("b_id"))
            .values(import_key=bindparam("b_key"), imported_at=bindparam("b_at")), restamped)
    return session_ids


def _data(planned: PlannedSession, room_id: int | None) -> SessionData:
    """What the session will be: the file's time, room, kind and versions; a title kept as
    the app spells it unless the file moves or renames the session."""
    old = planned.existing
    if old is None:
        return SessionData(title=planned.title, kind=planned.kind, starts_at=planned.starts_at,
                           ends_at=planned.ends_at, room_id=room_id,
                           title_fr=planned.versions.get("title_fr", ""),
                           title_es=planned.versions.get("title_es", ""))
    data = data_of(old)
    if planned.moves_or_renames():
        data.title = planned.title
    data.kind, data.starts_at, data.ends_at = planned.kind, planned.starts_at, planned.ends_at
    data.room_id = room_id
    for name, value in planned.versions.items():
        setattr(data, name, value)
    return data


def _speakers(person_ids: set[int]) -> list[Person]:
    """The file's speakers with what the registration of invited speakers reads."""
    if not person_ids:
        return []
    return list(db.session.scalars(
        select(Person).where(Person.id.in_(person_ids)).options(
            joinedload(Person.organization).joinedload(Organization.category),
            joinedload(Person.category),
        )
    ).unique().all())


def _insert(model: type, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)
