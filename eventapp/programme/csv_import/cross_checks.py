"""Checks of a programme file as a whole, once every row is read: each slot's turn, what
the file changes, room and speaker clashes, and planned minutes against a session's length.

They add their findings to the plan's issues; no database access.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _

from eventapp.programme import rules
from eventapp.programme.csv_import.context import ImportContext, PersonKey
from eventapp.programme.csv_import.plan import ImportPlan, PlannedSession
from eventapp.programme.csv_import.reading import Issue
from eventapp.programme.rules import Booking


def positions_and_changes(plan: ImportPlan, context: ImportContext) -> None:
    """Each slot's turn, the slots and sessions the file matches, and whether each changes."""
    room_keys = {room.id: key for key, room in context.rooms.items()}
    for session in plan.sessions:
        existing = session.existing
        old_slots = list(existing.slots) if existing is not None else []
        by_identity = {}
        for old in old_slots:
            by_identity[(old.person_id, old.role)] = old
        matched: set[int] = set()
        for position, slot in enumerate(session.slots):
            slot.position = position
            person = plan.persons[slot.person].existing
            if person is not None:
                slot.existing = by_identity.get((person.id, slot.role))
                if slot.existing is not None:
                    matched.add(slot.existing.id)
        if existing is None:
            continue
        # Speakers added by hand and absent from the file keep their turn, after the file's.
        kept = [s for s in sorted(old_slots, key=lambda s: (s.position, s.id))
                if s.id not in matched]
        session.changed = (
            existing.kind != session.kind
            or session.moves_or_renames()
            or session.changes_versions()
            or existing.ends_at != session.ends_at
            or room_keys.get(existing.room_id) != session.room
            or any(s.existing is None or s.changes_existing for s in session.slots)
            or any(
                kept.position != len(session.slots) + index
                for index, kept in enumerate(kept)
            )
        )


def _booking(session: PlannedSession, event_id: int | None = None) -> Booking:
    return Booking(session.booking_id, session.title, session.starts_at, session.ends_at,
                   event_id)


def room_clashes(plan: ImportPlan, context: ImportContext) -> None:
    in_file = {s.existing.id for s in plan.sessions if s.existing is not None}
    by_room: dict[int, list[Booking]] = defaultdict(list)
    for session in context.sessions.values():
        if session.status == "scheduled" and session.id not in in_file and session.room_id:
            by_room[session.room_id].append(Booking(
                session.id, session.title, session.starts_at, session.ends_at))
    earlier: dict[str, list[Booking]] = defaultdict(list)
    for session in plan.sessions:
        if session.room is None:
            continue
        candidate = _booking(session)
        known_room = context.rooms.get(session.room)
        others = earlier[session.room] + (by_room[known_room.id] if known_room else [])
        problem = rules.room_clash_problem(candidate, session.room_text, others, context.zone)
        if problem:
            plan.issues.append(Issue(session.line, problem.message))
        earlier[session.room].append(candidate)


def person_clashes(plan: ImportPlan, context: ImportContext) -> None:
    in_file = {s.existing.id for s in plan.sessions if s.existing is not None}
    person_ids = {p.existing.id: key for key, p in plan.persons.items() if p.existing}
    earlier: dict[PersonKey, list[Booking]] = defaultdict(list)
    for session in plan.sessions:
        candidate = _booking(session, context.event.id)
        seen: set[PersonKey] = set()
        for slot in session.slots:
            if slot.person in seen:
                continue
            seen.add(slot.person)
            planned = plan.persons[slot.person]
            outside = []
            if planned.existing is not None:
                outside = [b for b in context.bookings.get(planned.existing.id, [])
                           if b.session_id not in in_file]
            problem = rules.person_clash_problem(
                candidate, planned.full_name, earlier[slot.person] + outside, context.zone)
            if problem:
                plan.issues.append(Issue(slot.line, problem.message))
            earlier[slot.person].append(candidate)
        # Speakers kept from the database occupy the session too.
        if session.existing is not None:
            for old in session.existing.slots:
                key = person_ids.get(old.person_id)
                if key is not None and key not in seen:
                    seen.add(key)
                    earlier[key].append(candidate)


def planned_minutes(plan: ImportPlan) -> None:
    for session in plan.sessions:
        listed = {s.existing.id for s in session.slots if s.existing is not None}
        kept = []
        if session.existing is not None:
            kept = [old.planned_minutes for old in session.existing.slots
                    if old.id not in listed]
        warning = rules.planned_minutes_problem(
            [s.planned_minutes for s in session.slots] + kept, session.duration_minutes)
        if warning:
            plan.issues.append(Issue(
                session.line, _("“%(title)s”: %(message)s", title=session.title,
                                message=warning.message), is_warning=True))
