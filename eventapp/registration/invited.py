"""Invited speakers: the programme's own guests, approved, never taking a participant's place."""

from __future__ import annotations

from sqlalchemy import insert, select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.programme.models import Event
from eventapp.registration.audit_entries import record_invited
from eventapp.registration.models import Registration
from eventapp.registration.statuses import set_status
from eventapp.versioning import bump, registrations_scope


def ensure_invited_registration(event: Event, person: Person) -> Registration | None:
    """Make sure a programme speaker is an approved, invited registration of the event.

    Runs inside the caller's transaction (flush, no commit): it is called while editing the
    programme and by dry-run imports that may roll back, and it needs no capacity lock
    because invited speakers take no participant place. If this turns a participant's own
    approved place into an invited one, the place is given to the waiting list at the next
    accreditation change or ``promote_waitlisted`` call.

    Returns None when the person has no category yet (no organization and no category of
    their own): a registration needs one, and guessing would distort the balance figures.
    """
    return ensure_invited_registrations(event, [person]).get(person.id)


def ensure_invited_registrations(
    event: Event, persons: list[Person]
) -> dict[int, Registration]:
    """The bulk form for imports: a fixed number of statements for any number of speakers.

    Persons should come with organization and categories loaded. Flushes, no commit.
    """
    wanted = {p.id: p for p in persons}
    if not wanted:
        return {}
    existing = _registrations_of(event, list(wanted))
    now = utcnow()
    new_rows = []
    for person_id, person in wanted.items():
        registration = existing.get(person_id)
        if registration is None:
            category = person.effective_category
            if category is None:
                continue
            new_rows.append({
                "event_id": event.id, "person_id": person_id, "category_id": category.id,
                "organization_id": person.organization_id, "status": "approved",
                "is_invited_speaker": True, "created_at": now, "updated_at": now,
                "status_changed_at": now,
            })
        else:
            registration.is_invited_speaker = True
            if registration.status != "approved":
                set_status(registration, "approved", now)
    if new_rows:
        # One executemany: the ORM would insert row by row on SQLite to learn each id.
        db.session.execute(insert(Registration), new_rows)
        # Bulk inserts bypass the flush hooks that tell caches registrations changed.
        bump(db.session, {registrations_scope(event.id)})
        existing.update(_registrations_of(event, [row["person_id"] for row in new_rows]))
        record_invited(event.id, [(existing[row["person_id"]].id,
                                   wanted[row["person_id"]].full_name) for row in new_rows])
    db.session.flush()
    return {pid: existing[pid] for pid in wanted if pid in existing}


def _registrations_of(event: Event, person_ids: list[int]) -> dict[int, Registration]:
    return {
        r.person_id: r
        for r in db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id, Registration.person_id.in_(person_ids)
            )
        )
    }
