"""The demo's days at the door: more participants, and who the desks checked in each day.

Written at model level as the desks leave it: check-ins per event-local day at fixed local
times, one of them undone by the desk, nothing random. Participants registered the way an
organizer's import makes them (no account, not on the public list). A demo that already has
check-ins is left alone, so seeding twice changes nothing.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.people.service import find_category, find_or_create_organization
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.timeutil import local_to_utc

# first name, last name, category key, organization, country, level, status, days present
# ("1", "2", "12", or "" for never came; "2x": checked in on day 2 by mistake, then undone).
PARTICIPANTS = (
    ("Nomvula", "Dlamini", "government", "Permanent Mission of South Africa", "ZA",
     "national", "approved", "12"),
    ("Jakub", "Wiśniewski", "government", "Ministry of Family, Labour and Social Policy",
     "PL", "national", "approved", "1"),
    ("Thảo", "Nguyễn", "government", "Permanent Mission of Viet Nam", "VN", "national",
     "approved", "12"),
    ("Emre", "Yıldız", "government", "Directorate General of Migration Management", "TR",
     "national", "approved", "2"),
    ("Carlos", "Mendoza", "government", "Secretaría de Relaciones Exteriores", "MX",
     "national", "approved", ""),
    ("Aigerim", "Seitkali", "government", "Ministry of Labour and Social Protection", "KZ",
     "national", "declined", ""),
    ("Sione", "Tupou", "government", "Ministry of Foreign Affairs", "TO", "national",
     "approved", "1"),
    ("Ebba", "Lindgren", "un-system", "UN Development Programme", "US", "global",
     "approved", "12"),
    ("Rashid", "Al-Mansouri", "un-system", "Regional Consultative Process Secretariat", "QA",
     "regional", "approved", ""),
    ("Adwoa", "Boateng", "civil-society", "Migrant Workers' Rights Coalition", "GH",
     "regional", "approved", "12"),
    ("Luis", "Paredes", "civil-society", "Red de Casas del Migrante", "GT", "regional",
     "approved", "1"),
    ("Sarah", "O'Neill", "civil-society", "Refugee Legal Aid Network", "IE", "global",
     "approved", "2"),
    ("Imran", "Qureshi", "civil-society", "Overseas Workers' Welfare Forum", "PK",
     "national", "waitlisted", ""),
    ("Joanna", "Kowalczyk", "civil-society", "Caritas Migration Desk", "PL", "national",
     "approved", "2x"),
    ("Mehari", "Tesfay", "migrants-diaspora", "Eritrean Diaspora Forum", "DE", "local",
     "approved", "12"),
    ("Rosa", "Quispe", "migrants-diaspora", "Bolivian Migrant Women's Collective", "AR",
     "local", "approved", "1"),
    ("Tariq", "Haidari", "migrants-diaspora", "Afghan Youth Diaspora Network", "SE",
     "national", "approved", "12"),
    ("Ana", "Folau", "migrants-diaspora", "Pacific Islands Diaspora Council", "NZ",
     "regional", "pending", ""),
    ("Fatou", "Sow", "migrants-diaspora", "Senegalese Returnees' Association", "SN", "local",
     "approved", ""),
    ("Marta", "Ortiz", "local-authorities", "City of Montevideo, Migrant Office", "UY",
     "local", "approved", "1"),
    ("Kwame", "Asante", "local-authorities", "Accra Metropolitan Assembly", "GH", "local",
     "approved", "12"),
    ("Lena", "Hofmann", "local-authorities", "Association of European Border Regions", "DE",
     "regional", "approved", ""),
    ("Olumide", "Adeyemi", "private-sector", "West African Recruiters' Alliance", "NG",
     "regional", "approved", "1"),
    ("Chen", "Jie", "private-sector", "Pearl River Manufacturing Group", "CN", "national",
     "cancelled", ""),
    ("Isabel", "Ferreira", "academia", "Centre for Migration Studies, Lisbon", "PT",
     "national", "approved", "2"),
)
# The participants who spoke in the dialogue came on its day; speakers came on the days they
# spoke (and the chair of both days on both).
KNOWN_PRESENT = {"delegate@demo.eventapp.org": "12", "ngo@demo.eventapp.org": "1"}
DESKS = ("North Lobby", "Visitors' Entrance")
FIRST_ARRIVAL = time(8, 30)


def run_demo_attendance(event: Event) -> None:
    """Add the demo's participants and check-ins to `event`, unless it has check-ins."""
    if db.session.scalar(select(CheckIn.id).where(CheckIn.event_id == event.id).limit(1)):
        return
    days = {"1": event.start_date, "2": event.end_date}
    arrivals: list[tuple[Registration, date, bool]] = []
    for (first, last, key, org_name, country, level, status, present) in PARTICIPANTS:
        category = find_category(key)
        if category is None:
            continue
        organization = find_or_create_organization(org_name, category=category,
                                                   country=country, governance_level=level)
        person = Person(first_name=first, last_name=last, organization=organization)
        registration = Registration(event=event, person=person, category=category,
                                    organization=organization, status=status)
        db.session.add(registration)
        arrivals += [(registration, days[d], present.endswith("x"))
                     for d in present.rstrip("x")]
    arrivals += _known(event, days)
    db.session.flush()
    for index, (registration, day, undone) in enumerate(arrivals):
        at = local_to_utc(day, FIRST_ARRIVAL, event.zone) + timedelta(minutes=3 * index)
        db.session.add(CheckIn(
            event_id=event.id, registration_id=registration.id, day=day, checked_in_at=at,
            desk=DESKS[index % len(DESKS)],
            undone_at=at + timedelta(minutes=2) if undone else None))
    db.session.flush()


def _known(event: Event, days: dict[str, date]) -> list[tuple[Registration, date, bool]]:
    """The seeded participants who spoke, and the invited speakers on their sessions' days."""
    registrations = db.session.execute(
        select(Registration, Person.email).join(Person, Person.id == Registration.person_id)
        .where(Registration.event_id == event.id).order_by(Registration.id)).all()
    speaking_days: dict[int, set[date]] = {}
    for person_id, starts_at in db.session.execute(
            select(SpeakingSlot.person_id, Session.starts_at)
            .join(Session, Session.id == SpeakingSlot.session_id)
            .where(Session.event_id == event.id, Session.status == "scheduled")):
        speaking_days.setdefault(person_id, set()).add(starts_at.astimezone(event.zone).date())
    found = []
    for registration, email in registrations:
        if email in KNOWN_PRESENT:
            found += [(registration, days[d], False) for d in KNOWN_PRESENT[email]]
        elif registration.is_invited_speaker:
            found += [(registration, day, False)
                      for day in sorted(speaking_days.get(registration.person_id, ()))]
    return found
