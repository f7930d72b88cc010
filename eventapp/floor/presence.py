"""Who is present today, as the floor asks it of the desk's check-ins (attendance)."""

from __future__ import annotations

from eventapp.attendance.checkins import active_check_in, event_day, present_registration_ids
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.models import Event


def present_today(event: Event) -> set[int]:
    """The registrations of the event checked in on today's event-local day (one query)."""
    return present_registration_ids(event.id, event_day(event, utcnow()))


def is_present_today(event_id: int, registration_id: int) -> bool:
    event = db.session.get(Event, event_id)
    return event is not None and active_check_in(
        registration_id, event_day(event, utcnow())) is not None
