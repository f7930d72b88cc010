from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.attendance.models import CheckIn
from eventapp.demo.seed import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, seed_demo
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.registration.models import Registration
from tests.conftest import login


def counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Event, Session, SpeakingSlot, Room, Organization, Person, User,
                      StakeholderCategory, Registration, SpeakersList, FloorRequest, CheckIn)
    }


def test_seed_twice_creates_once(app_ctx):
    assert seed_demo() is True
    db.session.commit()
    first = counts()
    assert seed_demo() is False
    db.session.commit()
    assert counts() == first
    assert first["Event"] == 1
    assert first["Session"] == 14
    assert first["User"] == 4
    # 37 speakers and self-registered participants, and 25 registered by the organizers.
    assert first["Registration"] == 62
    # Three walk-in speakers joined the interactive discussion without registering.
    assert first["Person"] == 65
    assert first["CheckIn"] == 68
    assert (first["SpeakersList"], first["FloorRequest"]) == (1, 12)
    assert first["StakeholderCategory"] == 7


def test_demo_event_is_the_new_york_dialogue(app_ctx):
    seed_demo()
    db.session.commit()
    event = db.session.scalars(select(Event)).one()
    assert (event.slug, event.title, event.timezone, event.start_date, event.end_date,
            event.venue, event.city, event.country, event.is_published) == (
        "idm-2018-new-york", "International Dialogue on Migration 2018", "America/New_York",
        date(2018, 3, 26), date(2018, 3, 27), "United Nations Headquarters", "New York", "US",
        True)
    assert event.theme == ("Inclusive and innovative partnerships for effective global "
                           "governance of migration")
    assert "local, national, regional and global" in event.description


def test_demo_speakers_cover_every_category_level_and_role(app_ctx):
    seed_demo()
    db.session.commit()
    slots = db.session.scalars(select(SpeakingSlot)).all()
    categories = {s.person.effective_category.key for s in slots}
    assert categories == {"government", "un-system", "civil-society", "private-sector",
                          "migrants-diaspora", "local-authorities", "academia"}
    levels = {s.person.organization.governance_level for s in slots if s.person.organization}
    assert levels == {"local", "national", "regional", "global"}
    assert {s.role for s in slots} == {"chair", "moderator", "keynote", "panelist",
                                       "respondent", "rapporteur", "floor"}
    genders = {s.person.gender for s in slots}
    assert None in genders and "woman" in genders and "man" in genders


def test_demo_programme_shape(app_ctx):
    seed_demo()
    db.session.commit()
    sessions = db.session.scalars(select(Session).order_by(Session.starts_at)).all()
    kinds = [s.kind for s in sessions]
    assert kinds[0] == "opening" and kinds[-1] == "closing"
    assert kinds.count("panel") == 5
    assert kinds.count("interactive-dialogue") == 1
    assert all(not s.slots for s in sessions if s.kind == "break")
    assert sum(1 for s in sessions if s.kind == "break") == 5
    opening = sessions[0]
    assert [s.person.full_name for s in opening.slots] == [
        "Amara Okonkwo-Lind", "William Lacy Swing", "Henrietta H. Fore"]


def test_demo_organizer_can_log_in(app_ctx):
    seed_demo()
    db.session.commit()
    client = app_ctx.test_client()
    user = db.session.scalars(select(User).where(User.email == DEMO_ORGANIZER_EMAIL)).one()
    assert user.role == "admin"
    login(client, user, DEMO_PASSWORD)
    assert client.get("/organize/events/idm-2018-new-york/import").status_code == 200


def test_demo_speakers_are_invited_registrations(app_ctx):
    seed_demo()
    db.session.commit()
    invited = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.is_invited_speaker.is_(True), Registration.status == "approved"))
    programme_speakers = db.session.scalar(
        select(func.count(func.distinct(SpeakingSlot.person_id)))
        .where(SpeakingSlot.planned_minutes.is_not(None)))
    assert invited == programme_speakers == 34
    # Given the floor in the discussion: two registered participants and three walk-ins.
    speakers = db.session.scalar(select(func.count(func.distinct(SpeakingSlot.person_id))))
    assert speakers == 39


def test_demo_sessions_all_have_french_and_spanish_titles(app_ctx):
    seed_demo()
    db.session.commit()
    sessions = db.session.scalars(select(Session).order_by(Session.starts_at)).all()
    assert len(sessions) == 14
    assert [s for s in sessions if not (s.title_fr.strip() and s.title_es.strip())] == []
    first, last = sessions[0], sessions[-1]
    assert (first.title, first.title_fr, first.title_es) == (
        "Opening of the dialogue", "Ouverture du dialogue", "Apertura del diálogo")
    assert (last.title_fr, last.title_es) == ("Séance de clôture", "Sesión de clausura")


def test_demo_event_carries_iom_titles_in_french_and_spanish(app_ctx):
    seed_demo()
    db.session.commit()
    event = db.session.scalars(select(Event)).one()
    assert (event.title_fr, event.title_es) == (
        "Dialogue international sur la migration 2018",
        "Diálogo Internacional sobre la Migración 2018")
    assert (event.theme_fr, event.theme_es) == (
        "Partenariats inclusifs et innovants pour une gouvernance mondiale efficace des "
        "migrations",
        "Alianzas inclusivas e innovadoras para una gobernanza mundial efectiva de la migración")


def test_demo_seeded_before_the_translations_gains_them_on_the_next_seed(app_ctx):
    seed_demo()
    db.session.commit()
    event = db.session.scalars(select(Event)).one()
    event.title_fr = ""
    opening = db.session.scalars(select(Session).order_by(Session.starts_at)).first()
    opening.title_fr, opening.title_es = "", "Apertura (versión propia)"
    db.session.commit()
    sequence = opening.sequence

    assert seed_demo() is False
    db.session.commit()
    assert event.title_fr == "Dialogue international sur la migration 2018"
    # A version an organizer wrote is kept; only the missing one is filled in.
    assert (opening.title_fr, opening.title_es, opening.sequence) == (
        "Ouverture du dialogue", "Apertura (versión propia)", sequence + 1)
