"""Large synthetic programmes, built in bulk for query-count tests and benchmarks."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.timeutil import local_to_utc


def build_programme(event: Event, *, sessions: int, slots_per_session: int,
                    rooms: int = 5) -> None:
    """Sessions of 30 minutes spread over the event's days and rooms, each with a panel."""
    categories = ensure_default_categories()
    zone = ZoneInfo(event.timezone)
    room_objs = [Room(event=event, name=f"Bulk room {i + 1}") for i in range(rooms)]
    orgs = [
        Organization(name=f"{event.slug} org {i}", name_key=f"{event.slug} org {i}",
                     category=categories[i % len(categories)], country="US",
                     governance_level=("local", "national", "regional", "global")[i % 4])
        for i in range(len(categories) * 2)
    ]
    db.session.add_all(room_objs + orgs)
    days = (event.end_date - event.start_date).days + 1
    per_day_slots = 26  # 30-minute slots from 08:00 to 21:00
    person_no = 0
    for index in range(sessions):
        day = event.start_date + timedelta(days=(index // (rooms * per_day_slots)) % days)
        within_day = (index // rooms) % per_day_slots
        hour, half = divmod(within_day, 2)
        starts = local_to_utc(day, time(8 + hour, 30 * half), zone)
        session = Session(event=event, title=f"Bulk session {index}", kind="panel",
                          starts_at=starts, ends_at=starts + timedelta(minutes=30),
                          room=room_objs[index % rooms])
        db.session.add(session)
        for position in range(slots_per_session):
            person_no += 1
            person = Person(first_name="Speaker", last_name=f"N{person_no}",
                            organization=orgs[person_no % len(orgs)],
                            gender=("woman", "man", None)[person_no % 3])
            db.session.add(SpeakingSlot(session=session, person=person,
                                        role="panelist", position=position,
                                        planned_minutes=5))
    db.session.commit()
