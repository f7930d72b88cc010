"""Organizations typed in by participants: held back until an organizer confirms them.

A participant who does not find their organization adds it on the registration form. Until an
organizer has looked at it, it is offered to nobody else (a typo or a joke must not become a
choice on every later form); the organizer either confirms it as it is or merges it into the
existing organization it duplicates, which moves every record pointing to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Row, distinct, func, select, update
from sqlalchemy.orm import selectinload

from eventapp.audit.record import Entry, record_many
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest
from eventapp.people.models import Organization, Person
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.request_input import parse_id
from eventapp.versioning import (
    bump,
    floor_scope,
    programme_scope,
    registrations_scope,
    session_scope,
)


class OrganizationError(ValueError):
    """The message is for the organizer."""


@dataclass(frozen=True)
class ToConfirm:
    organization: Organization
    registrations: int


def offered_organizations(person: Person | None) -> list[Organization]:
    """What the registration form offers: confirmed organizations and the person's own."""
    own = person.organization_id if person is not None else None
    condition = Organization.is_confirmed.is_(True)
    if own is not None:
        condition = condition | (Organization.id == own)
    return list(db.session.scalars(
        select(Organization).where(condition)
        .order_by(Organization.name_key, Organization.country)
    ))


def chosen_only(choice: str | None, person: Person | None) -> list[Organization]:
    """What a submitted registration form needs of the list: the organization it names, if
    the person may choose it (one lookup; none for "no organization" or a new one)."""
    organization_id = parse_id(choice or "")
    organization = db.session.get(Organization, organization_id) if organization_id else None
    return [organization] if organization is not None and may_choose(organization, person) \
        else []


def may_choose(organization: Organization, person: Person | None) -> bool:
    return organization.is_confirmed or (
        person is not None and person.organization_id == organization.id)


def to_confirm(event: Event) -> list[ToConfirm]:
    """Unconfirmed organizations of this event's registrations, with how many each; one query."""
    rows = db.session.execute(
        select(Organization, func.count(Registration.id))
        .join(Registration, Registration.organization_id == Organization.id)
        .where(Registration.event_id == event.id, Organization.is_confirmed.is_(False))
        .group_by(Organization.id)
        .order_by(Organization.name_key, Organization.id)
        .options(selectinload(Organization.category))
    ).all()
    return [ToConfirm(organization, n) for organization, n in rows]


def count_to_confirm(event: Event) -> int:
    return db.session.scalar(
        select(func.count(distinct(Organization.id)))
        .join(Registration, Registration.organization_id == Organization.id)
        .where(Registration.event_id == event.id, Organization.is_confirmed.is_(False))
    ) or 0


def merge_targets(limit: int = 2000) -> list[Organization]:
    """Confirmed organizations an unconfirmed one may be merged into."""
    return list(db.session.scalars(
        select(Organization).where(Organization.is_confirmed.is_(True))
        .order_by(Organization.name_key, Organization.country).limit(limit)
    ))


def unconfirmed_of_event_or_none(event: Event, organization_id: int) -> Organization | None:
    """An unconfirmed organization used by this event's registrations, else None."""
    return db.session.scalar(
        select(Organization)
        .join(Registration, Registration.organization_id == Organization.id)
        .where(Organization.id == organization_id, Registration.event_id == event.id,
               Organization.is_confirmed.is_(False))
        .limit(1)
    )


def confirm(organization: Organization) -> None:
    """Offer the organization to everyone from now on. Flushes; the caller commits."""
    organization.is_confirmed = True
    db.session.flush()


def merge_into(drop: Organization, keep: Organization) -> int:
    """Point every person, registration and floor request at ``keep`` and delete ``drop``.

    Returns how many registrations moved. Flushes; the caller commits.
    """
    if drop.id == keep.id:
        raise OrganizationError(_("Choose another organization to merge into."))
    if not keep.is_confirmed:
        raise OrganizationError(_("Merge into a confirmed organization."))
    events = set(db.session.scalars(
        select(Registration.event_id).where(Registration.organization_id == drop.id)))
    floor_events = set(db.session.scalars(
        select(FloorRequest.event_id).where(FloorRequest.organization_id == drop.id)))
    # Members who speak show the organization's name in those programmes.
    speaking = set(db.session.execute(
        select(Session.event_id, Session.id)
        .join(SpeakingSlot, SpeakingSlot.session_id == Session.id)
        .join(Person, SpeakingSlot.person_id == Person.id)
        .where(Person.organization_id == drop.id)).all())
    registrations = db.session.execute(
        select(Registration.id, Registration.event_id, Person.first_name, Person.last_name)
        .join(Person, Registration.person_id == Person.id)
        .where(Registration.organization_id == drop.id)).all()
    moved = db.session.execute(
        update(Registration).where(Registration.organization_id == drop.id)
        .values(organization_id=keep.id)
    ).rowcount or 0
    db.session.execute(update(Person).where(Person.organization_id == drop.id)
                       .values(organization_id=keep.id))
    db.session.execute(update(FloorRequest).where(FloorRequest.organization_id == drop.id)
                       .values(organization_id=keep.id))
    # Bulk updates bypass the flush hooks, so the caches they affect are named here.
    bump(db.session, {registrations_scope(e) for e in events}
         | {floor_scope(e) for e in floor_events}
         | {programme_scope(e) for e, _ in speaking} | {session_scope(s) for _, s in speaking})
    _record_merge(drop, keep, registrations, floor_events | {e for e, _ in speaking})
    db.session.delete(drop)  # through the session: the people scope is bumped on flush
    db.session.flush()
    db.session.expire_all()
    return moved


def _record_merge(drop: Organization, keep: Organization,
                  registrations: Sequence[Row[tuple[int, int, str, str]]],
                  other_events: set[int]) -> None:
    """The merge on the trail of every event it touched, with the set-based moves the flush
    listener cannot see: a "merged" entry per event (what went into what, how many of the
    event's registrations moved) and an entry per registration, in its history."""
    names = (f"{drop.name} ({drop.id})", f"{keep.name} ({keep.id})")
    per_event = Counter(row.event_id for row in registrations)
    entries = [Entry(event_id, "organization", keep.id, keep.name, "merged",
                     {"organization": names,
                      **({"registrations moved": (None, per_event[event_id])}
                         if per_event[event_id] else {})})
               for event_id in sorted(set(per_event) | other_events)]
    entries += [Entry(row.event_id, "registration", row.id,
                      " ".join(part for part in (row.first_name, row.last_name) if part),
                      "moved by a merge", {"organization": names},
                      subject=f"registration:{row.id}")
                for row in registrations]
    record_many(entries)
