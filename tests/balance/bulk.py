"""Bulk builders for size tests and the benchmark: plain INSERTs, no ORM object per row."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import GOVERNANCE_LEVELS, Organization, Person
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import SPEAKER_ROLES, Event, Session, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.timeutil import local_to_utc

GENDERS = ("woman", "man", None, "non-binary", "prefer-not")
COUNTRIES = ("US", "CH", "KE", "BR", "PH", "FJ", "")


def add_programme(event: Event, *, slots: int, per_session: int = 10,
                  prefix: str = "bulk") -> None:
    """`slots` speaking slots over sessions of `per_session` speakers, varied in every dimension."""
    from datetime import time

    categories = ensure_default_categories()
    db.session.execute(insert(Organization), [
        {"name": f"{prefix} org {i}", "name_key": f"{prefix} org {i}",
         "category_id": categories[i % len(categories)].id,
         "country": COUNTRIES[i % len(COUNTRIES)],
         "governance_level": GOVERNANCE_LEVELS[i % len(GOVERNANCE_LEVELS)]}
        for i in range(20)
    ])
    orgs = db.session.scalars(select(Organization.id).where(
        Organization.name.like(f"{prefix} org %")).order_by(Organization.id)).all()
    now = utcnow()
    sessions = -(-slots // per_session)
    start = local_to_utc(event.start_date, time(9, 0), event.zone)
    db.session.execute(insert(Session), [
        {"event_id": event.id, "title": f"{prefix} session {i}",
         "kind": ("panel", "opening", "keynote", "interactive-dialogue")[i % 4],
         "starts_at": start + timedelta(minutes=30 * i),
         "ends_at": start + timedelta(minutes=30 * i + 30), "status": "scheduled",
         "uid": f"{prefix}-{event.id}-{i}", "sequence": 0, "description": "",
         "created_at": now, "updated_at": now}
        for i in range(sessions)
    ])
    session_ids = db.session.scalars(select(Session.id).where(
        Session.event_id == event.id, Session.title.like(f"{prefix} session %"))
        .order_by(Session.id)).all()
    db.session.execute(insert(Person), [
        {"first_name": "Speaker", "last_name": f"{prefix}{i}", "honorific": "", "job_title": "",
         "organization_id": orgs[i % len(orgs)] if i % 9 else None,
         "category_id": categories[i % len(categories)].id if i % 18 else None,
         "gender": GENDERS[i % len(GENDERS)], "gender_description": "", "created_at": now}
        for i in range(slots)
    ])
    people = db.session.scalars(select(Person.id).where(
        Person.last_name.like(f"{prefix}%")).order_by(Person.id)).all()
    db.session.execute(insert(SpeakingSlot), [
        {"session_id": session_ids[i // per_session], "person_id": pid,
         "role": SPEAKER_ROLES[i % len(SPEAKER_ROLES)][0], "position": i % per_session,
         "planned_minutes": (5, 10, None)[i % 3],
         "actual_seconds": 300 + i if i % 2 else None}
        for i, pid in enumerate(people)
    ])
    db.session.commit()


def add_registrations(event: Event, n: int, *, prefix: str = "reg",
                      wishes_to_speak_every: int = 0) -> None:
    """`n` approved registrations spread over the categories."""
    categories = ensure_default_categories()
    now = utcnow()
    db.session.execute(insert(Person), [
        {"first_name": "Participant", "last_name": f"{prefix}{i}", "honorific": "",
         "job_title": "", "gender": None, "gender_description": "", "created_at": now}
        for i in range(n)
    ])
    people = db.session.scalars(select(Person.id).where(
        Person.last_name.like(f"{prefix}%")).order_by(Person.id)).all()
    db.session.execute(insert(Registration), [
        {"event_id": event.id, "person_id": pid,
         "category_id": categories[i % len(categories)].id, "status": "approved",
         "consent_public_list": False, "delegation_role": "delegate",
         "wishes_to_speak": bool(wishes_to_speak_every and i % wishes_to_speak_every == 0),
         "speaking_topic": "", "accessibility_needs": "", "is_invited_speaker": False,
         "organizer_message": "", "created_at": now, "updated_at": now,
         "status_changed_at": now}
        for i, pid in enumerate(people)
    ])
    db.session.commit()


FLOOR_STATUSES = ("done", "not_reached", "done", "waiting", "withdrawn", "done")


def add_floor(event: Event, *, requests: int, prefix: str = "bulk") -> None:
    """A list of speakers on each of the event's sessions, `requests` requests spread over them.

    Requests come from the speakers `add_programme` made with the same prefix, with every
    outcome; the clock fields are shaped like a finished run's.
    """
    from eventapp.floor.models import FloorRequest, SpeakersList

    categories = ensure_default_categories()
    session_ids = db.session.scalars(select(Session.id).where(
        Session.event_id == event.id).order_by(Session.id)).all()
    now = utcnow()
    db.session.execute(insert(SpeakersList), [
        {"session_id": sid, "event_id": event.id, "is_open": False, "policy": "balanced",
         "default_limit_seconds": 180, "version": 1, "opened_at": now, "updated_at": now}
        for sid in session_ids
    ])
    lists = db.session.scalars(select(SpeakersList.id).where(
        SpeakersList.event_id == event.id).order_by(SpeakersList.id)).all()
    people = db.session.scalars(select(Person.id).where(
        Person.last_name.like(f"{prefix}%")).order_by(Person.id)).all()
    rows = []
    for i in range(requests):
        status = FLOOR_STATUSES[i % len(FLOOR_STATUSES)]
        done = status == "done"
        rows.append({
            "list_id": lists[i % len(lists)], "event_id": event.id,
            # One request per person and list, so the one-active-request rule always holds.
            "person_id": people[i % len(people)],
            "category_id": categories[i % len(categories)].id if i % 7 else None,
            "delegation_role": "delegate", "kind": "request", "status": status,
            "position": i, "requested_at": now, "limit_seconds": 180,
            "elapsed_seconds": 120 + (i % 5) * 30 if done else 0,
            "started_at": now if done else None, "finished_at": now if done else None,
            "given_by": "suggestion" if done else None,
        })
    db.session.execute(insert(FloorRequest), rows)
    db.session.commit()


def add_check_ins(event: Event) -> None:
    """Check the event's registrations in: two in three on the first day, one in two on the
    second, and every fifth of the second day's undone."""
    from eventapp.attendance.models import CheckIn

    registrations = db.session.scalars(select(Registration.id).where(
        Registration.event_id == event.id).order_by(Registration.id)).all()
    now = utcnow()
    rows = [{"event_id": event.id, "registration_id": rid, "day": event.start_date,
             "checked_in_at": now, "desk": "Bulk"}
            for i, rid in enumerate(registrations) if i % 3]
    rows += [{"event_id": event.id, "registration_id": rid, "day": event.end_date,
              "checked_in_at": now, "desk": "Bulk", "undone_at": now if i % 5 == 0 else None}
             for i, rid in enumerate(registrations) if i % 2]
    db.session.execute(insert(CheckIn), rows)
    db.session.commit()
