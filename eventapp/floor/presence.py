"""Who is present, as the floor asks it of attendance: checked in today at the desks, or
scanned at the session's door when its door scans."""

from __future__ import annotations

from eventapp.attendance.checkins import active_check_in, event_day, present_registration_ids
from eventapp.attendance.presence import present_in_session_ids
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.models import Event, Session


def present_today(event: Event) -> set[int]:
    """The registrations of the event checked in on today's event-local day (one query)."""
    return present_registration_ids(event.id, event_day(event, utcnow()))


def present_for_console(event: Event, session: Session) -> set[int]:
    """The presence marks of the chair's console (one query): in the room when the session's
    door scans, since the door knows who came in; checked in today otherwise."""
    if session.door_scanning:
        return present_in_session_ids(session.id)
    return present_today(event)


def is_present_today(event_id: int, registration_id: int) -> bool:
    event = db.session.get(Event, event_id)
    return event is not None and active_check_in(
        registration_id, event_day(event, utcnow())) is not None
