"""Writing a valid import plan: rooms, organizations, persons, sessions and slots in bulk."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from eventapp.audit.context import current_source
from eventapp.audit.record import Entry, record_many
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.people.service import normalise_label
from eventapp.programme.csv_import.context import SessionKey, _person_key, import_key
from eventapp.programme.csv_import.plan import ImportPlan, ImportSummary, PlannedSession
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.speaker_hooks import speakers_added
from eventapp.versioning import PEOPLE, bump, programme_scope, session_scope


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

    session_ids: dict[SessionKey, int] = {}
    new_sessions = {str(uuid.uuid4()): s for s in plan.sessions if s.existing is None}
    if new_sessions:
        _insert(Session, [
            {"uid": uid, "event_id": event.id, "title": s.title, "kind": s.kind,
             "starts_at": s.starts_at, "ends_at": s.ends_at,
             "room_id": rooms[s.room].id if s.room else None,
             "created_at": now, "updated_at": now, "imported_at": now,
             "import_key": import_key(s.key),
             "title_fr": s.versions.get("title_fr", ""), "title_es": s.versions.get("title_es", "")}
            for uid, s in new_sessions.items()
        ])
        for session_id, uid in db.session.execute(
                select(Session.id, Session.uid).where(Session.uid.in_(new_sessions))):
            session_ids[new_sessions[uid].key] = session_id
        # Written past the flush listener: each new session goes on the trail here.
        record_many([Entry(event_id=event.id, object_type="session", object_id=session_id,
                           label=new_sessions[uid].title, action="created",
                           subject=f"session:{session_id}")
                     for session_id, uid in sorted(
                         (session_ids[s.key], uid) for uid, s in new_sessions.items())])

    new_slots = []
    for planned in plan.sessions:
        session = planned.existing
        if session is None:
            session_id = session_ids[planned.key]
        else:
            session_id = session.id
            if planned.changed:
                _update_session(session, planned, rooms.get(planned.room) if planned.room
                                else None, now)
            if planned.changed or session.import_key != import_key(planned.key):
                # The identity the file gives it, to find it again if the app moves it.
                session.imported_at, session.import_key = now, import_key(planned.key)
        listed: set[int] = set()
        for slot in planned.slots:
            if slot.existing is not None:
                slot.existing.planned_minutes = slot.planned_minutes
                slot.existing.position = slot.position
                if slot.actual_seconds is not None:
                    slot.existing.actual_seconds = slot.actual_seconds
                listed.add(slot.existing.id)
            else:
                new_slots.append({
                    "session_id": session_id, "person_id": person_ids[slot.person],
                    "role": slot.role, "position": slot.position,
                    "planned_minutes": slot.planned_minutes,
                    "actual_seconds": slot.actual_seconds,
                })
        if session is not None:
            kept = sorted((s for s in session.slots if s.id not in listed),
                          key=lambda s: (s.position, s.id))
            for offset, old in enumerate(kept):
                old.position = len(planned.slots) + offset
    _insert(SpeakingSlot, new_slots)
    # Bulk inserts bypass the flush hooks that tell caches the programme changed; a session
    # that was there before may have new slots on its panel.
    bump(db.session, {programme_scope(event.id), PEOPLE}
         | {session_scope(p.existing.id) for p in plan.sessions if p.existing is not None})
    _register_speakers(event, {person_ids[slot.person]
                               for planned in plan.sessions for slot in planned.slots})


def _register_speakers(event: Event, person_ids: set[int]) -> None:
    """Speakers are invited registrations, so programme and participant list agree."""
    if not person_ids:
        return
    speakers = db.session.scalars(
        select(Person).where(Person.id.in_(person_ids)).options(
            joinedload(Person.organization).joinedload(Organization.category),
            joinedload(Person.category),
        )
    ).unique().all()
    speakers_added(event, list(speakers))


def _insert(model: type, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)


def _update_session(session: Session, planned: PlannedSession, room: Room | None,
                    now: datetime) -> None:
    if (session.ends_at != planned.ends_at or _room_changed(session, room)
            or planned.changes_versions() or planned.moves_or_renames()):
        # Calendar clients replace an entry only when its SEQUENCE rises (a feed in French
        # or Spanish shows the new title).
        session.sequence += 1
    if planned.moves_or_renames():
        session.title = planned.title
    for name, value in planned.versions.items():
        setattr(session, name, value)
    session.kind = planned.kind
    session.starts_at = planned.starts_at
    session.ends_at = planned.ends_at
    session.room_id = room.id if room is not None else None
    session.updated_at = now


def _room_changed(session: Session, room: Room | None) -> bool:
    # Compared by id: reading session.room would load each room separately.
    return session.room_id != (room.id if room is not None else None)
