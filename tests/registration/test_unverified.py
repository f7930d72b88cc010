"""Registrations waiting for an e-mail confirmation take no place until it comes."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from eventapp.accounts import tokens
from eventapp.accounts.models import User
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.programme.models import Event
from eventapp.registration.accreditation import places_summary, register
from eventapp.registration.models import Registration
from eventapp.registration.settings import RegistrationSettings, save_settings
from tests.conftest import login
from tests.factories import Factory
from tests.registration.outbox import Outbox, outbox  # noqa: F401 - fixture


def _event(factory: Factory, capacity: int | None = 1, auto_approve: bool = True) -> Event:
    return factory.event(capacity=capacity, auto_approve=auto_approve,
                         require_verified_email=True)


def _someone(factory: Factory, email: str, *, verified: bool) -> Person:
    user = factory.user(email=email)
    if verified:
        user.email_verified_at = utcnow()
        db.session.commit()
    return factory.person(email.split("@")[0].title() + " Person", user=user, email=email)


def _register(factory: Factory, event: Event, person: Person) -> Registration:
    return register(event, person, factory.category(),
                    awaiting_email=person.user.email_verified_at is None)


def _statuses(event: Event) -> dict[str, str]:
    db.session.expire_all()
    return {r.person.email: r.status for r in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id))}


def _confirm(client: FlaskClient, user: User) -> None:
    response = client.get(f"/verify-email/{tokens.verification_token(user)}")
    assert response.status_code == 302


def test_register_unverified_takes_no_place_and_the_verified_one_gets_it(factory):
    event = _event(factory)
    stranger = _someone(factory, "stranger@example.org", verified=False)
    owner = _someone(factory, "owner@example.org", verified=True)

    first = _register(factory, event, stranger)
    second = _register(factory, event, owner)

    assert (first.status, second.status) == ("unverified", "approved")
    summary = places_summary(event)
    assert (summary.approved, summary.left, summary.waitlisted, summary.pending,
            summary.unverified) == (1, 0, 0, 0, 1)


def test_confirming_later_when_full_puts_the_registration_on_the_waiting_list(client, factory,
                                                                            outbox):  # noqa: F811
    event = _event(factory)
    late = _someone(factory, "late@example.org", verified=False)
    _register(factory, event, late)
    _register(factory, event, _someone(factory, "owner@example.org", verified=True))
    before = utcnow()

    _confirm(client, late.user)

    assert _statuses(event) == {"late@example.org": "waitlisted", "owner@example.org": "approved"}
    waiting = db.session.scalar(select(Registration).where(Registration.person_id == late.id))
    assert waiting.status_changed_at >= before
    assert ("late@example.org", "Test dialogue: registration waitlisted") in outbox.summary()


def test_confirming_with_a_place_free_approves_at_once(client, factory, outbox):  # noqa: F811
    event = _event(factory, capacity=2)
    person = _someone(factory, "amina@example.org", verified=False)
    _register(factory, event, person)

    _confirm(client, person.user)

    assert _statuses(event) == {"amina@example.org": "approved"}
    received, approved = outbox.messages()
    assert (received["Subject"], approved["Subject"]) == (
        "Registration received: Test dialogue", "Test dialogue: registration approved")
    assert ("Confirm your e-mail address to complete your registration: open the link in the "
            "message we sent you.") in " ".join(received.get_body(("plain",)).get_content().split())


def test_confirming_for_an_event_without_automatic_approval_leaves_it_pending(client, factory):
    event = _event(factory, capacity=None, auto_approve=False)
    person = _someone(factory, "amina@example.org", verified=False)
    _register(factory, event, person)

    _confirm(client, person.user)

    assert _statuses(event) == {"amina@example.org": "pending"}


def test_raising_the_capacity_promotes_the_waiting_list_but_not_the_unverified(factory):
    event = _event(factory, capacity=1)
    _register(factory, event, _someone(factory, "unverified@example.org", verified=False))
    _register(factory, event, _someone(factory, "owner@example.org", verified=True))
    _register(factory, event, _someone(factory, "next@example.org", verified=True))

    save_settings(event, RegistrationSettings(None, None, 3, True))

    assert _statuses(event) == {"unverified@example.org": "unverified",
                                "owner@example.org": "approved", "next@example.org": "approved"}


def test_event_that_stops_requiring_decides_the_waiting_ones_in_arrival_order(factory):
    event = _event(factory, capacity=1)
    first = _someone(factory, "first@example.org", verified=False)
    second = _someone(factory, "second@example.org", verified=False)
    _register(factory, event, first)
    _register(factory, event, second)

    save_settings(event, RegistrationSettings(None, None, 1, True, require_verified_email=False))

    assert _statuses(event) == {"first@example.org": "approved",
                                "second@example.org": "waitlisted"}


def test_event_without_the_requirement_registers_unverified_people_as_before(factory):
    event = factory.event(capacity=1, auto_approve=True)
    person = _someone(factory, "amina@example.org", verified=False)

    assert _register(factory, event, person).status == "approved"


def test_person_without_an_account_is_never_held_back(factory):
    event = _event(factory)
    person = factory.person("Invited Guest", email="guest@example.org")

    assert register(event, person, factory.category()).status == "approved"


def test_new_events_require_a_confirmed_address():
    assert Event.__table__.c.require_verified_email.default.arg is True


def test_register_page_for_a_new_account_waits_for_the_confirmation(client, factory, outbox):  # noqa: F811
    event = _event(factory)
    response = client.post(f"/events/{event.slug}/register", data={
        "first_name": "Amina", "last_name": "Yusuf", "email": "amina@example.org",
        "password": "a long enough password", "confirm": "a long enough password",
        "category": str(factory.category("civil-society").id), "organization": "new",
        "new_organization_name": "Migrant Rights Network", "new_organization_country": "ke",
        "new_organization_level": "regional", "delegation_role": "delegate",
    }, follow_redirects=True)

    page = response.get_data(as_text=True)
    assert ("Confirm your e-mail address to complete your registration: open the link we sent "
            "you.") in page
    assert "Waiting for your e-mail confirmation" in page
    assert 'action="/me/account/verification"' in page
    assert _statuses(event) == {"amina@example.org": "unverified"}
    assert places_summary(event).approved == 0


def test_organizer_sees_the_state_in_list_filter_summary_and_export(client, factory, organizer):
    event = _event(factory, capacity=10)
    _register(factory, event, _someone(factory, "waiting@example.org", verified=False))
    _register(factory, event, _someone(factory, "owner@example.org", verified=True))
    login(client, organizer)

    listed = client.get(f"/organize/events/{event.slug}/registrations?status=unverified")
    exported = client.get(f"/organize/events/{event.slug}/registrations.csv")

    page = listed.get_data(as_text=True)
    assert listed.status_code == 200
    assert "E-mail unconfirmed" in page
    assert "1 waiting for e-mail confirmation" in page
    assert "Waiting Person" in page and "Owner Person" not in page
    rows = exported.get_data(as_text=True).splitlines()
    assert any(",unverified," in row and "waiting@example.org" in row for row in rows)


def test_organizer_cannot_set_a_registration_unverified(client, factory, organizer):
    event = _event(factory, capacity=10)
    person = factory.person(email="imported@example.org")
    registration = factory.registration(event, person, status="pending")
    login(client, organizer)

    response = client.post(f"/organize/events/{event.slug}/registrations/{registration.id}",
                           data={"status": "unverified"})

    # The form again, with the choice refused; nothing changed.
    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert _statuses(event) == {"imported@example.org": "pending"}

