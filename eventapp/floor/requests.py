"""A participant asks for the floor, or withdraws: the rules and their messages.

Only a person with an approved registration for the event may ask, once at a time, while
the list is open. They speak as the organization and category of their registration (the
delegation they came with) and at the level of representation the organizers accredited on
it (see registration.accreditation), which protocol order follows. The partial unique index
on (list, person) for active requests is the final guard: a double click or two tabs never
put anyone on the list twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import state
from eventapp.floor.chair import next_position
from eventapp.floor.locking import FloorError, locked_list
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.floor.presence import is_present_today
from eventapp.people.models import Person
from eventapp.registration.models import Registration


@dataclass(frozen=True)
class Standing:
    """Where a person stands on a list, as the chair will call them.

    ``position`` is the place in the calling order under the list's policy (the suggested
    order; under the arrival policy the chair's own order), 1 for the next person called.
    ``last`` is the person's latest request whatever its status, for "you spoke", "you were
    skipped"...; ``request`` is it while still waiting or speaking.
    """

    request: FloorRequest | None
    position: int | None
    registration: Registration | None
    last: FloorRequest | None = None
    waiting: int = 0
    is_open: bool = True

    @property
    def status(self) -> str:
        """none (never asked), or the latest request's status (waiting, speaking, done...)."""
        return self.last.status if self.last is not None else "none"


def approved_registration(event_id: int, person: Person | None) -> Registration | None:
    if person is None:
        return None
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event_id,
                                   Registration.person_id == person.id)
    )


def standing(speakers_list: SpeakersList, person: Person | None,
             floor: state.FloorState | None = None) -> Standing:
    """The person's registration (one query) and the list's state (floor.state.build's
    queries, unless the caller has it): the same few queries for any length of list."""
    registration = approved_registration(speakers_list.event_id, person)
    if person is None:
        return Standing(None, None, registration, is_open=speakers_list.is_open)
    floor = floor or state.build(None, speakers_list, with_rows=False)
    mine = [r for r in [*floor.queue, *([floor.current] if floor.current else []),
                        *floor.history] if r.person_id == person.id]
    last = max(mine, key=lambda r: r.id, default=None)
    order = floor.next_up
    position = next((i for i, r in enumerate(order, start=1) if r.id == last.id), None) \
        if last is not None and last.status == "waiting" else None
    # A speaker paused for a point of order or a reply still holds their turn.
    active = last if last is not None and last.status in ("waiting", "speaking", "interrupted") \
        else None
    return Standing(active, position, registration, last, len(order), speakers_list.is_open)


def _active(speakers_list: SpeakersList, person: Person) -> FloorRequest | None:
    return db.session.scalar(
        select(FloorRequest).where(FloorRequest.list_id == speakers_list.id,
                                   FloorRequest.person_id == person.id,
                                   FloorRequest.status.in_(("waiting", "speaking")))
    )


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


def ask(speakers_list: SpeakersList, person: Person | None) -> int:
    """Put the person on the list; returns their place in the calling order (see Standing).
    Raises FloorError with the reason."""
    registration = _check_registration(approved_registration(speakers_list.event_id, person))
    if speakers_list.present_only and not is_present_today(speakers_list.event_id,
                                                           registration.id):
        raise FloorError(_("Only participants checked in today may ask for the floor on this "
                           "list. Check in at the desk first, then ask again."))
    # The level the organizers accredited, never one the participant states when asking.
    role = registration.delegation_role
    list_id = speakers_list.id
    try:
        with locked_list(list_id) as locked:
            if not locked.is_open:
                raise FloorError(_("The list of speakers is closed."))
            if _active(locked, person) is not None:
                raise FloorError(_already(standing(locked, person)))
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
