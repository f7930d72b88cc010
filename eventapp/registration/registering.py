"""A participant's own registration: the registration window, and its status decided at once.

A fresh registration is approved while a place is free (with automatic approval), else
waitlisted, or pending for the organizers' review; "unverified" while the person's address
awaits confirmation (unverified.py). See accreditation.py for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventapp.audit.tracking import label_as
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration import notifications
from eventapp.registration.errors import AlreadyRegistered, RegistrationClosed, RegistrationError
from eventapp.registration.models import DELEGATION_ROLES, Registration
from eventapp.registration.notify import load_for_mail
from eventapp.registration.places import Places, accreditation_lock, load_places
from eventapp.registration.quotas import WaitReason
from eventapp.registration.statuses import set_status

DELEGATION_ROLE_KEYS = tuple(key for key, _ in DELEGATION_ROLES)


def registration_window_state(event: Event, now: datetime) -> str:
    """'open', 'not-yet-open' or 'closed' for this moment."""
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return "not-yet-open"
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return "closed"
    return "open"


def fresh_status(event: Event, places: Places, category_id: int
                 ) -> tuple[str, WaitReason | None]:
    """What a participant's own registration gets now: pending for review, approved while a
    place is free, else waitlisted (with what is full). Takes the place in ``places``."""
    if not event.auto_approve:
        return "pending", None
    reason = places.wait_reason(category_id)
    if reason is None:
        places.take(category_id)
        return "approved", None
    return "waitlisted", reason


@dataclass(frozen=True)
class Registered:
    """What a participant's own registration decided, known without reading it back."""

    registration_id: int
    status: str
    reason: WaitReason | None = None


def register(
    event: Event,
    person: Person,
    category: StakeholderCategory,
    **details: object,
) -> Registration:
    """Register a person and decide at once: approved, waitlisted or pending (see decide);
    returns the registration loaded with what a message or a page shows of it."""
    decided = decide(event, person, category, **details)  # type: ignore[arg-type]
    return load_for_mail([decided.registration_id])[0]


def decide(
    event: Event,
    person: Person,
    category: StakeholderCategory,
    *,
    organization: Organization | None = None,
    delegation_role: str = "delegate",
    proposed_delegation_role: str | None = None,
    wishes_to_speak: bool = False,
    speaking_topic: str = "",
    accessibility_needs: str = "",
    consent_public_list: bool = False,
    public_list_asked: bool = False,
    awaiting_email: bool = False,
    none_before: bool = False,
) -> Registered:
    """Register a person and decide at once: approved, waitlisted or pending.

    ``awaiting_email``: the person's address is not confirmed yet; if the event requires it,
    the registration waits as "unverified" and takes no place.

    A cancelled registration is reopened (the person arrives anew, at the end of any
    waiting list); any other existing registration raises AlreadyRegistered.
    ``none_before``: the caller looked in this transaction and the person has none, so the
    lock does not look again (one registered meanwhile is caught by the unique constraint).

    Everything that does not decide the place is done before the event's lock is taken: the
    confirmation is written from the rows the caller holds, and finished inside the lock
    with the status decided. The lock holds the count, the registration, the version raised
    and the message queued with it.
    """
    if {delegation_role, proposed_delegation_role or "delegate"} - set(DELEGATION_ROLE_KEYS):
        raise RegistrationError(_("Choose a delegation role from the list."))
    event_id, person_id, category_id = event.id, person.id, category.id
    organization_id = organization.id if organization is not None else None
    # The trail names the registration after its person, read here: the lock's commit
    # expires the person's row, and naming it inside the lock would read it again.
    person_label = person.full_name
    draft = notifications.confirmation_draft(
        notifications.own_registration_view(event, person, category, organization),  # type: ignore[arg-type]
        attachments=notifications.confirmation_attachments(event))
    try:
        with accreditation_lock(event_id) as locked:
            now = utcnow()
            state = registration_window_state(locked, now)
            if not locked.is_published or state != "open":
                raise RegistrationClosed(
                    _("Registration for this event has not opened yet.")
                    if state == "not-yet-open"
                    else _("Registration for this event is closed.")
                )
            registration = None if none_before else db.session.scalar(
                select(Registration).where(
                    Registration.event_id == event_id, Registration.person_id == person_id
                )
            )
            if registration is not None and registration.status != "cancelled":
                raise AlreadyRegistered(registration)
            if awaiting_email and locked.require_verified_email:
                status, reason = "unverified", None  # takes no place: see unverified.py
            else:
                status, reason = fresh_status(locked, load_places(locked), category_id)
            if registration is None:
                registration = Registration(event_id=event_id, person_id=person_id,
                                            created_at=now)
                db.session.add(registration)
            registration.category_id = category_id
            registration.organization_id = organization_id
            registration.delegation_role = delegation_role
            registration.proposed_delegation_role = proposed_delegation_role
            registration.wishes_to_speak = wishes_to_speak
            registration.speaking_topic = speaking_topic if wishes_to_speak else ""
            registration.accessibility_needs = accessibility_needs
            registration.consent_public_list = consent_public_list
            registration.public_list_asked = public_list_asked or consent_public_list
            registration.is_invited_speaker = False
            registration.organizer_message = ""
            set_status(registration, status, now)
            label_as(registration, person_label)
            db.session.flush()
            registration_id = registration.id
            notifications.queue_drafted_confirmation(draft, event_id, status, reason,
                                                      registration)
    except IntegrityError as exc:
        # The unique constraint catches what the lock (or none_before) did not.
        existing = db.session.scalar(
            select(Registration).where(
                Registration.event_id == event_id, Registration.person_id == person_id
            )
        )
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from exc
    return Registered(registration_id, status, reason)
