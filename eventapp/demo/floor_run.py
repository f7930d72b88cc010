"""The demo's interactive discussion, run through a list of speakers, as it would be recorded.

Written at model level, as the floor leaves it once the chair closes the list: finished
interventions with their seconds on speaking slots, walk-in speakers added on the spot, and
requests still waiting at the close. Every instant is fixed inside the session's own time and
nothing is random, so the figures are the same on every machine; a list that already exists is
left alone, so seeding twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Person
from eventapp.people.service import find_category, find_or_create_organization
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.timeutil import local_to_utc

DIALOGUE_KIND = "interactive-dialogue"
PANEL_TITLE = "Panel 2: Inclusive partnerships: migrants, civil society and the private sector"
FLOOR_LIMIT_SECONDS = 180


@dataclass(frozen=True)
class WalkIn:
    first_name: str
    last_name: str
    job_title: str
    organization: str
    category: str
    country: str
    governance_level: str


# Speakers the chair added on the spot; invented people, organizations of the kinds the
# dialogue calls on (a city, a migrant-led association, employers).
WALK_INS = {
    "city": WalkIn("Gabriela", "Andrade", "Director of Human Mobility",
                   "Metropolitan District of Quito, Human Mobility Office", "local-authorities",
                   "EC", "local"),
    "migrant-led": WalkIn("Marites", "Dela Cruz", "Chairperson",
                          "Filipino Domestic Workers' Association", "migrants-diaspora", "HK",
                          "local"),
    "employers": WalkIn("Henrik", "Lindqvist", "Adviser on labour mobility",
                        "Global Employers' Network on Fair Recruitment", "private-sector", "CH",
                        "global"),
}


@dataclass(frozen=True)
class Turn:
    """One request on the list: who, how they came on it, and how it ended."""

    who: str  # a programme speaker's full name, a participant's email, or a WALK_INS key
    kind: str
    asked: time  # local time the request was made (a walk-in: when the chair added them)
    status: str = "done"
    started: time | None = None
    seconds: int = 0
    given_by: str = "suggestion"
    delegation_role: str = "delegate"


DIALOGUE_TURNS = (
    Turn("Chiamaka Eze", "planned", time(16, 45, 0), started=time(16, 50, 0), seconds=172,
         delegation_role="head"),
    Turn("Aisha Mohammed", "planned", time(16, 45, 5), started=time(16, 53, 20), seconds=205),
    Turn("delegate@demo.eventapp.org", "request", time(16, 47, 40),
         started=time(16, 57, 10), seconds=168),
    Turn("city", "walk-in", time(17, 0, 30), started=time(17, 0, 30), seconds=194,
         given_by="chair"),
    Turn("Tomasz Nowak", "planned", time(16, 45, 10), started=time(17, 4, 10), seconds=176),
    Turn("ngo@demo.eventapp.org", "request", time(16, 52, 15), started=time(17, 7, 30),
         seconds=231),
    Turn("migrant-led", "walk-in", time(17, 11, 45), started=time(17, 11, 45), seconds=150,
         given_by="chair"),
    Turn("Yusuf Abdi Warsame", "planned", time(16, 45, 15), started=time(17, 14, 40),
         seconds=179),
    Turn("Rafael Quintero", "planned", time(16, 45, 20), started=time(17, 18, 0), seconds=184),
    Turn("employers", "walk-in", time(17, 21, 30), started=time(17, 21, 30), seconds=120,
         given_by="chair"),
    Turn("Mei Ling Tan", "planned", time(16, 45, 25), status="not_reached"),
    Turn("Li Wei", "planned", time(16, 45, 30), status="not_reached"),
)
DIALOGUE_CLOSED = time(17, 58, 0)

# Speakers heard but not timed: the dialogue's chair opened and summed up, the panel's
# moderator introduced each panelist; the chair marked them heard (local time of the mark).
HEARD_UNTIMED = {"Amara Okonkwo-Lind": time(17, 58, 0), "Hannah Berger": time(16, 30, 0)}

# Panel 2's statements were timed too (by the room's clock, not a list of speakers): the
# report compares them with the 12 minutes each panelist was planned.
PANEL_SECONDS = {
    "Samuel Otieno": 690, "Priya Natarajan": 805, "Diego Fernández": 742,
    "Fatima Zahra Benali": 655, "Anders Nyberg": 760,
}


def run_demo_floor(event: Event) -> None:
    """Add the demo's lists of speakers to `event`, unless they are already there."""
    sessions = db.session.scalars(
        select(Session).where(Session.event_id == event.id, Session.status == "scheduled")
        .order_by(Session.starts_at, Session.id)
    ).all()
    dialogue = next((s for s in sessions if s.kind == DIALOGUE_KIND), None)
    panel = next((s for s in sessions if s.title == PANEL_TITLE), None)
    if dialogue is not None:
        _run_list(event, dialogue, DIALOGUE_TURNS, limit=FLOOR_LIMIT_SECONDS,
                  policy="balanced", closed=DIALOGUE_CLOSED)
    if panel is not None:
        for slot in panel.slots:
            seconds = PANEL_SECONDS.get(slot.person.full_name)
            if seconds is not None and slot.role == "panelist" and slot.actual_seconds is None:
                slot.actual_seconds = seconds
    for session in (dialogue, panel):
        if session is not None:
            _mark_heard(event, session)
    db.session.flush()


def _mark_heard(event: Event, session: Session) -> None:
    day = session.starts_at.astimezone(event.zone).date()
    for slot in session.slots:
        marked = HEARD_UNTIMED.get(slot.person.full_name)
        if marked is not None and slot.actual_seconds is None and slot.heard_at is None:
            slot.heard_at = local_to_utc(day, marked, event.zone)


def _run_list(event: Event, session: Session, turns: tuple[Turn, ...], *, limit: int,
              policy: str, closed: time) -> None:
    """One closed list: its requests in the order they were made, each with its outcome."""
    exists = db.session.scalar(
        select(SpeakersList.id).where(SpeakersList.session_id == session.id))
    if exists is not None:
        return
    day = session.starts_at.astimezone(event.zone).date()

    def at(local: time) -> datetime:
        return local_to_utc(day, local, event.zone)

    opened = session.starts_at
    closed_at = at(closed)
    speakers_list = SpeakersList(
        session_id=session.id, event_id=event.id, is_open=False, policy=policy,
        default_limit_seconds=limit, opened_at=opened, closed_at=closed_at,
        updated_at=closed_at, version=1 + 2 * len(turns),
    )
    db.session.add(speakers_list)
    db.session.flush()

    planned = {slot.person.full_name: slot for slot in session.slots}
    registrations = _registrations_by_person(event)
    for position, turn in enumerate(sorted(turns, key=lambda t: (t.asked, t.who))):
        person, slot = _speaker(event, session, turn, planned)
        if person is None:
            continue
        organization = person.organization
        request = FloorRequest(
            list_id=speakers_list.id, event_id=event.id, person_id=person.id,
            registration_id=registrations.get(person.id),
            organization_id=organization.id if organization is not None else None,
            category_id=(organization.category_id if organization is not None
                         else person.category_id),
            delegation_role=turn.delegation_role, kind=turn.kind, status=turn.status,
            position=position, requested_at=at(turn.asked), limit_seconds=limit,
        )
        if turn.status == "done" and turn.started is not None:
            started = at(turn.started)
            request.given_by = turn.given_by
            request.started_at = started
            request.elapsed_seconds = turn.seconds
            request.finished_at = started + timedelta(seconds=turn.seconds)
            slot = slot or _floor_slot(session, person)
            slot.actual_seconds = (slot.actual_seconds or 0) + turn.seconds
            db.session.flush()
            request.slot_id = slot.id
        db.session.add(request)
    db.session.flush()


def _speaker(event: Event, session: Session, turn: Turn,
             planned: dict[str, SpeakingSlot]) -> tuple[Person | None, SpeakingSlot | None]:
    if turn.kind == "planned":
        slot = planned.get(turn.who)
        return (slot.person, slot) if slot is not None else (None, None)
    if turn.kind == "request":
        person = db.session.scalar(select(Person).where(Person.email == turn.who))
        return person, None
    walk_in = WALK_INS[turn.who]
    category = find_category(walk_in.category)
    if category is None:
        return None, None
    organization = find_or_create_organization(
        walk_in.organization, category=category, country=walk_in.country,
        governance_level=walk_in.governance_level)
    person = Person(first_name=walk_in.first_name, last_name=walk_in.last_name,
                    job_title=walk_in.job_title, organization=organization)
    db.session.add(person)
    db.session.flush()
    return person, None


def _floor_slot(session: Session, person: Person) -> SpeakingSlot:
    """The person's one "intervention from the floor" slot in the session."""
    for slot in session.slots:
        if slot.person_id == person.id and slot.role == "floor":
            return slot
    slot = SpeakingSlot(session=session, person=person, role="floor", planned_minutes=None,
                        position=len(session.slots))
    db.session.add(slot)
    return slot


def _registrations_by_person(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        select(Registration.person_id, Registration.id).where(Registration.event_id == event.id))
    return dict(rows.all())
