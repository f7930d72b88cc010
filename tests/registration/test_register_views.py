"""The registration form at /events/<slug>/register."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.registration.models import Registration
from tests.registration.outbox import outbox  # noqa: F401 - fixture


def _form(factory, **overrides) -> dict:
    data = {
        "email": "amina.yusuf@example.org",
        "password": "a long enough password",
        "confirm": "a long enough password",
        "honorific": "Dr",
        "first_name": "Amina",
        "last_name": "Yusuf",
        "job_title": "Director",
        "category": str(factory.category("civil-society").id),
        "organization": "new",
        "new_organization_name": "Migrant Rights Network",
        "new_organization_country": "ke",
        "new_organization_level": "regional",
        "delegation_role": "head",
        "wishes_to_speak": "y",
        "speaking_topic": "Labour mobility",
        "accessibility_needs": "Step-free access",
        "consent_public_list": "y",
        "gender": "woman",
        "migrant_experience": "yes",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_register_get_shows_form_with_category_descriptions(client, factory):
    event = factory.event(slug="idm-2018")
    factory.categories()
    page = client.get("/events/idm-2018/register").get_data(as_text=True)
    assert "Register for Test dialogue" in page
    assert "Companies, employers and business associations." in page
    assert 'href="/login?next=/events/idm-2018/register"' in page
    assert "Used only in anonymous balance statistics" in page
    assert "Prefer not to say" in page
    assert event.slug == "idm-2018"


def test_register_anonymous_creates_account_person_org_and_registration(
    client, factory, outbox  # noqa: F811
):
    factory.event(slug="idm", capacity=10, auto_approve=True)
    response = client.post("/events/idm/register", data=_form(factory))
    assert response.status_code == 302
    assert response.headers["Location"] == "/me/registrations"
    user = db.session.scalar(select(User))
    person = db.session.scalar(select(Person))
    registration = db.session.scalar(select(Registration))
    assert user.email == "amina.yusuf@example.org"
    assert (person.user_id, person.display_name, person.gender, person.migrant_experience) == (
        user.id, "Dr Amina Yusuf", "woman", "yes")
    assert (person.organization.name, person.organization.country,
            person.organization.governance_level) == ("Migrant Rights Network", "KE", "regional")
    # "head" is the participant's proposal; the accredited level waits for the organizers.
    assert (registration.status, registration.delegation_role,
            registration.proposed_delegation_role, registration.speaking_topic,
            registration.accessibility_needs, registration.consent_public_list) == (
        "approved", "delegate", "head", "Labour mobility", "Step-free access", True)
    assert outbox.summary() == [("amina.yusuf@example.org", "Registration received: Test dialogue"),
                                ("amina.yusuf@example.org", "Confirm your e-mail address")]
    # The new account is logged in and sees the result.
    page = client.get("/me/registrations").get_data(as_text=True)
    assert "Approved" in page


def test_register_invalid_input_rerenders_with_messages_and_writes_nothing(client, factory):
    factory.event(slug="idm")
    response = client.post("/events/idm/register", data=_form(
        factory, category=None, new_organization_country="Kenya", speaking_topic="",
        confirm="something else"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose the stakeholder category you take part as." in page
    assert "Use the two-letter code." in page
    assert "Tell us the topic you wish to speak on." in page
    assert "The passwords do not match." in page
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(func.count(Organization.id))) == 0


def test_register_with_existing_account_email_asks_to_log_in(client, factory, participant):
    factory.event(slug="idm")
    response = client.post("/events/idm/register", data=_form(factory, email=participant.email))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "An account with this email address already exists. Log in first" in page
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_register_logged_in_with_existing_organization(participant_client, factory, participant):
    factory.event(slug="idm", auto_approve=False)
    org = factory.organization("Ministry of Interior", category="government", country="MX")
    form_page = participant_client.get("/events/idm/register").get_data(as_text=True)
    assert 'name="password"' not in form_page
    assert 'value="participant@example.org"' in form_page
    response = participant_client.post("/events/idm/register", data=_form(
        factory, email="Participant@Example.org", password=None, confirm=None,
        organization=str(org.id),
        category=str(factory.category("government").id), gender="prefer-not"))
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.status == "pending"
    assert registration.organization_id == org.id
    assert registration.person.user_id == participant.id
    assert registration.person.email == "participant@example.org"


def test_register_second_attempt_redirects_to_my_registrations(participant_client, factory):
    factory.event(slug="idm")
    data = _form(factory, email="participant@example.org", password=None, confirm=None)
    assert participant_client.post("/events/idm/register", data=data).status_code == 302
    again = participant_client.get("/events/idm/register", follow_redirects=True)
    assert "You are already registered for this event" in again.get_data(as_text=True)
    assert participant_client.post("/events/idm/register", data=data).headers["Location"] == (
        "/me/registrations")
    assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_register_closed_window_shows_friendly_page(client, factory):
    factory.event(slug="past", registration_closes_at=utcnow() - timedelta(days=1))
    factory.event(slug="future", registration_opens_at=utcnow() + timedelta(days=3))
    closed = client.get("/events/past/register")
    not_yet = client.post("/events/future/register", data=_form(factory))
    assert closed.status_code == 200
    assert "Registration is closed since" in closed.get_data(as_text=True)
    assert not_yet.status_code == 200
    assert "Registration has not opened yet. It opens" in not_yet.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_register_unpublished_or_unknown_event_is_404(client, factory):
    factory.event(slug="draft", published=False)
    assert client.get("/events/draft/register").status_code == 404
    assert client.get("/events/nope/register").status_code == 404


def test_register_new_person_never_takes_over_record_with_same_email(client, factory):
    factory.event(slug="idm")
    speaker = factory.person("Ana Silva", email="amina.yusuf@example.org")
    assert client.post("/events/idm/register", data=_form(factory)).status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.person_id != speaker.id
    assert registration.person.email is None


def test_register_form_records_that_the_public_list_question_was_asked(client, factory):
    event = factory.event(slug="idm-2018")
    response = client.post("/events/idm-2018/register",
                           data=_form(factory, consent_public_list=None))
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration).where(Registration.event_id == event.id))
    assert (registration.public_list_asked, registration.consent_public_list) == (True, False)
