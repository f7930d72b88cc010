"""The demo's check-ins at the door: who was present on each of the two days.

Everyone who spoke or asked for the floor on a day was in the room, so is checked in that
day; of the other approved participants, one in four did not come that day (a real share of
the accredited never arrive). Times are fixed in the event's morning and nothing is random,
so the figures are the same on every machine; an event that has check-ins is left alone.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.timeutil import local_to_utc

DESKS = ("Visitors' entrance, 1st Avenue", "Conference building, desk 2")
FIRST_ARRIVAL = time(8, 15)
ABSENT_EVERY = 4


def _active_people(event: Event) -> dict[date, set[int]]:
    """Per local day, the people who were on the programme's stage or asked for the floor."""
    rows = db.session.execute(
        select(Session.starts_at, SpeakingSlot.person_id)
        .join(SpeakingSlot, SpeakingSlot.session_id == Session.id)
        .where(Session.event_id == event.id, Session.status == "scheduled")
        .union_all(
            select(Session.starts_at, FloorRequest.person_id).select_from(FloorRequest)
            .join(SpeakersList, FloorRequest.list_id == SpeakersList.id)
            .join(Session, SpeakersList.session_id == Session.id)
            .where(Session.event_id == event.id))).all()
    people: dict[date, set[int]] = {}
    for starts_at, person_id in rows:
        people.setdefault(starts_at.astimezone(event.zone).date(), set()).add(person_id)
    return people


def check_in_demo(event: Event) -> None:
    """Add the demo's check-ins to `event`, unless it has some already. Flushes."""
    if db.session.scalar(select(CheckIn.id).where(CheckIn.event_id == event.id).limit(1)):
        return
    registrations = db.session.execute(
        select(Registration.id, Registration.person_id)
        .where(Registration.event_id == event.id, Registration.status == "approved")
        .order_by(Registration.id)).all()
    active = _active_people(event)
    day = event.start_date
    while day <= event.end_date:
        on_stage = active.get(day, set())
        arrivals = [registration_id for index, (registration_id, person_id)
                    in enumerate(registrations)
                    if person_id in on_stage or (index + day.toordinal()) % ABSENT_EVERY]
        first = local_to_utc(day, FIRST_ARRIVAL, event.zone)
        for order, registration_id in enumerate(arrivals):
            db.session.add(CheckIn(
                event_id=event.id, registration_id=registration_id, day=day,
                checked_in_at=first + timedelta(minutes=order * 3 % 100, seconds=order * 7 % 60),
                desk=DESKS[order % len(DESKS)]))
        day += timedelta(days=1)
    db.session.flush()
