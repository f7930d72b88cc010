"""The demo event: IOM's International Dialogue on Migration, New York, 26–27 March 2018.

The programme ships as a CSV file and goes through the same import organizers use, so the
demo also proves the import.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

from sqlalchemy import select

from eventapp.accounts.models import ROLE_ADMIN
from eventapp.accounts.service import create_user, find_user_by_email
from eventapp.demo.attendance_run import run_demo_attendance
from eventapp.demo.floor_run import run_demo_floor
from eventapp.extensions import db
from eventapp.people.service import ensure_default_categories
from eventapp.programme.csv_import import VERSION_COLUMNS, import_programme, parse_programme
from eventapp.programme.events import EventData, create_event
from eventapp.programme.models import Event, Session

DEMO_ORGANIZER_EMAIL = "organizer@demo.eventapp.org"
DEMO_PASSWORD = "idm-2018-demo"  # noqa: S105 - a published demo login, not a secret
DEMO_SLUG = "idm-2018-new-york"
PROGRAMME_FILE = "idm-2018-programme.csv"

DEMO_DESCRIPTION = """\
The International Dialogue on Migration is IOM's main forum for migration policy: a large \
and open meeting place where Member and observer States talk directly with UN agencies, \
civil society, the private sector, academia, local authorities and migrants themselves.

The 2018 dialogue meets while the global compact for migration is being negotiated. It \
looks at partnerships in three ways:

1. At every level of governance: local, national, regional and global. Cities and \
municipalities, where shelter, jobs, schools and services are provided and where \
integration succeeds or fails, are heard alongside ministries and regional consultative \
processes.
2. With every stakeholder: governments, international organizations, civil society, \
employers and, above all, migrants, who need a voice of their own rather than others \
speaking about them or on their behalf.
3. As a way of finding new and creative approaches: ethical recruitment, integration led \
by migrant associations with local government, and diaspora communities taking a lead in \
development.

Format: opening statements and keynotes set the scene; moderated panels bring speakers \
from different stakeholder groups together; an interactive discussion gives the floor to \
delegations and observers. Apart from the opening statements, the speakers in this demo \
programme are illustrative.
"""


# IOM's own titles of the dialogue and of its theme in French and Spanish.
DEMO_VERSIONS = {
    "title_fr": "Dialogue international sur la migration 2018",
    "title_es": "Diálogo Internacional sobre la Migración 2018",
    "theme_fr": "Partenariats inclusifs et innovants pour une gouvernance mondiale efficace "
    "des migrations",
    "theme_es": "Alianzas inclusivas e innovadoras para una gobernanza mundial efectiva de la "
    "migración",
}


def programme_csv() -> str:
    return resources.files("eventapp.demo").joinpath(PROGRAMME_FILE).read_text("utf-8")


def seed_demo() -> bool:
    """Create the demo event with its programme; True if created, False if already there.

    Not committed: the caller commits, so a failure leaves nothing behind.
    """
    ensure_default_categories()
    if find_user_by_email(DEMO_ORGANIZER_EMAIL) is None:
        create_user(DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, role=ROLE_ADMIN)
    existing = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    if existing is not None:
        # A demo seeded before the floor existed gains its run of the floor, one seeded
        # before the translations gains them, and one seeded before the desks its check-ins;
        # else nothing.
        run_demo_floor(existing)
        _add_versions(existing)
        run_demo_attendance(existing)
        return False
    event = create_event(EventData(
        slug=DEMO_SLUG,
        title="International Dialogue on Migration 2018",
        theme="Inclusive and innovative partnerships for effective global governance "
        "of migration",
        description=DEMO_DESCRIPTION,
        timezone="America/New_York",
        start_date=date(2018, 3, 26),
        end_date=date(2018, 3, 27),
        venue="United Nations Headquarters",
        city="New York",
        country="US",
        is_published=True,
        **DEMO_VERSIONS,
    ))
    result = import_programme(event, programme_csv())
    if not result.ok:
        raise RuntimeError(
            "The demo programme does not import: "
            + "; ".join(str(issue) for issue in result.plan.errors)
        )
    _registrations(event)
    run_demo_floor(event)
    run_demo_attendance(event)
    return True


def _add_versions(event: Event) -> None:
    """French and Spanish titles where an earlier demo has none (an organizer's are kept)."""
    for name, value in DEMO_VERSIONS.items():
        if not getattr(event, name):
            setattr(event, name, value)
    titles = {row.get("session"): {name: row.get(column) for column, name
                                   in VERSION_COLUMNS.items()}
              for row in parse_programme(programme_csv()).rows}
    for session in db.session.scalars(select(Session).where(Session.event_id == event.id)):
        missing = {name: value for name, value in titles.get(session.title, {}).items()
                   if value and not getattr(session, name)}
        if missing:
            for name, value in missing.items():
                setattr(session, name, value)
            # Calendars in French or Spanish show the new title.
            session.sequence += 1
    db.session.flush()


DEMO_PARTICIPANTS = (
    # email, first name, last name, category key, organization, country, level, status
    ("delegate@demo.eventapp.org", "Lucía", "Romero", "government",
     "Permanent Mission of Uruguay to the United Nations", "UY", "national", "approved"),
    ("ngo@demo.eventapp.org", "Kofi", "Mensah", "civil-society",
     "West Africa Migrant Rights Forum", "GH", "regional", "approved"),
    ("student@demo.eventapp.org", "Hana", "Kobayashi", "academia",
     "Graduate Institute of Mobility Studies", "JP", "national", "pending"),
)


def _registrations(event: Event) -> None:
    """Speakers as invited registrations, and a few participants who signed up themselves."""
    try:
        from eventapp.registration.accreditation import ensure_invited_registrations
    except ImportError:  # registrations are optional for the demo
        return
    from eventapp.people.models import Person
    from eventapp.people.service import find_category, find_or_create_organization
    from eventapp.programme.models import Session, SpeakingSlot
    from eventapp.registration.models import Registration

    speakers = list(db.session.scalars(
        select(Person).join(SpeakingSlot, SpeakingSlot.person_id == Person.id)
        .join(Session, SpeakingSlot.session_id == Session.id)
        .where(Session.event_id == event.id).distinct()
    ))
    ensure_invited_registrations(event, speakers)
    for email, first, last, key, org_name, country, level, status in DEMO_PARTICIPANTS:
        if find_user_by_email(email) is not None:
            continue
        user = create_user(email, DEMO_PASSWORD)
        category = find_category(key)
        org = find_or_create_organization(org_name, category=category, country=country,
                                          governance_level=level)
        person = Person(first_name=first, last_name=last, organization=org, user=user,
                        email=email)
        db.session.add(Registration(event=event, person=person, category=category,
                                    organization=org, status=status,
                                    consent_public_list=True, public_list_asked=True))
    db.session.flush()
