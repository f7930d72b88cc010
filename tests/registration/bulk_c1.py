"""Bulk builders for size tests: plain INSERTs, no ORM objects per row."""

from __future__ import annotations

from sqlalchemy import insert, select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.registration.models import Registration


def add_registrations(event, categories: list, n: int, *, status: str = "approved",
                      consent: bool = True, prefix: str = "bulk") -> None:
    now = utcnow()
    org_rows = [
        {"name": f"{prefix} org {i}", "name_key": f"{prefix} org {i}",
         "category_id": categories[i % len(categories)].id, "country": "DE",
         "governance_level": "national"}
        for i in range(max(n // 10, 1))
    ]
    db.session.execute(insert(Organization), org_rows)
    orgs = db.session.scalars(
        select(Organization.id).where(Organization.name.like(f"{prefix} org %"))
        .order_by(Organization.id)
    ).all()
    db.session.execute(insert(Person), [
        {"first_name": f"First{i}", "last_name": f"{prefix}{i}", "honorific": "", "job_title": "",
         "organization_id": orgs[i % len(orgs)], "gender": "woman", "gender_description": "",
         "created_at": now}
        for i in range(n)
    ])
    people = db.session.execute(
        select(Person.id, Person.organization_id).where(Person.last_name.like(f"{prefix}%"))
        .order_by(Person.id)
    ).all()
    db.session.execute(insert(Registration), [
        {"event_id": event.id, "person_id": pid, "category_id": categories[i % len(categories)].id,
         "organization_id": oid, "status": status, "consent_public_list": consent,
         "delegation_role": "delegate", "wishes_to_speak": False, "speaking_topic": "",
         "accessibility_needs": "", "is_invited_speaker": False, "organizer_message": "",
         "created_at": now, "updated_at": now, "status_changed_at": now}
        for i, (pid, oid) in enumerate(people)
    ])
    db.session.commit()
