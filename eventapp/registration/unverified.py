"""Registrations waiting for their person's e-mail confirmation.

An event that requires a confirmed address (``Event.require_verified_email``) keeps a
participant's own registration "unverified" while the address is not confirmed: it takes no
place, and capacity, quotas, the waiting list and automatic approval all ignore it, so
registering a stranger's address gets nobody a place under their name.

When the address is confirmed (or the organizer stops requiring it), each such registration
is decided exactly as a fresh registration would be at that moment, under the event's
accreditation lock: approved when automatic approval is on and a place is free, waitlisted
when full (its place on the list is that moment), pending otherwise; the person is told as
for any status change. The registration window is not checked again: the person registered
while it was open.

Registrations that organizers make (imports, invited speakers) never wait: they do not go
through ``registering.register``.
"""

from __future__ import annotations

from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.accounts.service import email_confirmed
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.registration.models import Registration
from eventapp.registration.notify import notify
from eventapp.registration.places import accreditation_lock, load_places
from eventapp.registration.quotas import WaitReason
from eventapp.registration.registering import fresh_status
from eventapp.registration.statuses import set_status

UNVERIFIED = "unverified"


def awaits_email(person: Person) -> bool:
    """True when the person's own account has an address not confirmed yet."""
    user = person.user
    return user is not None and user.email_verified_at is None


def admit(event_id: int, person_id: int | None = None) -> list[int]:
    """Decide the event's unverified registrations (one person's, or all) as fresh ones, in
    arrival order; returns their ids. Commits, with the messages."""
    with accreditation_lock(event_id) as locked:
        now = utcnow()
        query = select(Registration).where(Registration.event_id == event_id,
                                           Registration.status == UNVERIFIED)
        if person_id is not None:
            query = query.where(Registration.person_id == person_id)
        waiting = db.session.scalars(
            query.order_by(Registration.created_at, Registration.id).with_for_update()).all()
        places = load_places(locked)
        reasons: dict[int, WaitReason] = {}
        for registration in waiting:
            status, reason = fresh_status(locked, places, registration.category_id)
            set_status(registration, status, now)
            if reason is not None:
                reasons[registration.id] = reason
        db.session.flush()
        decided = [r.id for r in waiting]
        notify("status", decided, reasons=reasons)
    return decided


def admit_person(person_id: int) -> list[int]:
    """Every unverified registration of the person, event by event (one lock at a time)."""
    event_ids = db.session.scalars(
        select(Registration.event_id).distinct()
        .where(Registration.person_id == person_id, Registration.status == UNVERIFIED)
        .order_by(Registration.event_id)).all()
    return [i for event_id in event_ids for i in admit(event_id, person_id)]


@email_confirmed.connect
def _on_email_confirmed(sender: object, user: User, **extra: object) -> None:
    person = db.session.scalar(select(Person).where(Person.user_id == user.id))
    if person is not None:
        admit_person(person.id)
