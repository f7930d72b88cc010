"""A participant asks for the floor, or withdraws: the rules and their messages.

Only a person with an approved registration for the event may ask, once at a time, while
the list is open. They speak as the organization and category of their registration (the
delegation they came with); the level of representation is theirs to state for protocol
order. The partial unique index on (list, person) for active requests is the final guard:
a double click or two tabs never put anyone on the list twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor.chair import next_position
from eventapp.floor.locking import FloorError, locked_list
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Person
from eventapp.registration.models import DELEGATION_ROLES, Registration

ROLE_KEYS = tuple(key for key, _label in DELEGATION_ROLES)


@dataclass(frozen=True)
class Standing:
    """Where a person stands on a list: their active request and its place in the queue."""

    request: FloorRequest | None
    position: int | None  # 1-based place in the chair's order while waiting
    registration: Registration | None


def approved_registration(event_id: int, person: Person | None) -> Registration | None:
    if person is None:
        return None
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event_id,
                                   Registration.person_id == person.id)
    )


def standing(speakers_list: SpeakersList, person: Person | None) -> Standing:
    """Two queries: the person's registration and the list's waiting queue."""
    registration = approved_registration(speakers_list.event_id, person)
    if person is None:
        return Standing(None, None, registration)
    active = list(db.session.execute(
        select(FloorRequest.id, FloorRequest.person_id, FloorRequest.status)
        .where(FloorRequest.list_id == speakers_list.id,
               FloorRequest.status.in_(("waiting", "speaking")))
        .order_by(FloorRequest.position, FloorRequest.id)
    ))
    waiting = [row for row in active if row.status == "waiting"]
    mine = next((row for row in active if row.person_id == person.id), None)
    if mine is None:
        return Standing(None, None, registration)
    request = db.session.get(FloorRequest, mine.id)
    position = next((i for i, row in enumerate(waiting, start=1) if row.id == mine.id), None)
    return Standing(request, position, registration)


def _check_registration(registration: Registration | None) -> Registration:
    if registration is None:
        raise FloorError(_("Only registered participants can ask for the floor. Register for "
                           "the event first."))
    if registration.status == "pending":
        raise FloorError(_("Your registration is still pending: you can ask for the floor "
                           "once the organizers have approved it."))
    if registration.status != "approved":
        raise FloorError(_("Only participants with an approved registration can ask for the "
                           "floor."))
    return registration


def ask(speakers_list: SpeakersList, person: Person | None,
        delegation_role: str | None = None) -> int:
    """Put the person on the list; returns their place. Raises FloorError with the reason."""
    registration = _check_registration(approved_registration(speakers_list.event_id, person))
    role = delegation_role or registration.delegation_role
    if role not in ROLE_KEYS:
        raise FloorError(_("Choose a level of representation from the list."))
    list_id = speakers_list.id
    try:
        with locked_list(list_id) as locked:
            if not locked.is_open:
                raise FloorError(_("The list of speakers is closed."))
            current = standing(locked, person)
            if current.request is not None:
                raise FloorError(_already(current))
            db.session.add(FloorRequest(
                list_id=locked.id, event_id=locked.event_id, person_id=person.id,
                registration_id=registration.id,
                organization_id=registration.organization_id,
                category_id=registration.category_id, delegation_role=role,
                kind="request", status="waiting", position=next_position(locked.id),
                requested_at=utcnow(),
            ))
            db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise FloorError(_already(standing(speakers_list, person))) from None
    place = standing(db.session.get(SpeakersList, list_id), person).position
    return place or 0


def _already(current: Standing) -> str:
    if current.request is not None and current.request.status == "speaking":
        return _("You have the floor now.")
    return _("You are already on the list of speakers, at position %(position)s.",
             position=current.position)


def withdraw(speakers_list: SpeakersList, person: Person | None) -> None:
    if person is None:
        raise FloorError(_("You are not on the list of speakers."))
    with locked_list(speakers_list.id) as locked:
        request = db.session.scalar(
            select(FloorRequest).where(FloorRequest.list_id == locked.id,
                                       FloorRequest.person_id == person.id,
                                       FloorRequest.status == "waiting")
        )
        if request is None:
            raise FloorError(_("You are not waiting on the list of speakers."))
        request.status = "withdrawn"
        request.finished_at = utcnow()
