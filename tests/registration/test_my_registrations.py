"""/me/registrations: a participant sees, changes and cancels only their own registrations."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registration.accreditation import register
from eventapp.registration.models import Registration
from tests.conftest import count_queries, login
from tests.registration.outbox import outbox  # noqa: F401 - fixture


def _own(factory, user, event, **extra) -> Registration:
    person = factory.person("Amina Yusuf", user=user, email=user.email)
    return factory.registration(event, person, **extra)


def _details(**overrides) -> dict:
    data = {"first_name": "Amina", "last_name": "Yusuf-Ali", "email": "participant@example.org",
            "honorific": "Ms", "job_title": "Advisor", "delegation_role": "observer",
            "accessibility_needs": "Captioning", "consent_public_list": "y"}
    data.update(overrides)
    return data


def test_my_registrations_shows_status_and_message(participant_client, factory, participant):
    event = factory.event(title="IDM 2018")
    _own(factory, participant, event, status="waitlisted", organizer_message="<b>Soon</b>")
    page = participant_client.get("/me/registrations").get_data(as_text=True)
    assert "IDM 2018" in page
    assert "On the waiting list" in page
    assert "&lt;b&gt;Soon&lt;/b&gt;" in page


def test_my_registrations_anonymous_redirects_to_login(client):
    response = client.get("/me/registrations")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_other_participants_registration_is_404_everywhere(client, factory, participant):
    event = factory.event()
    other_user = factory.user(email="someone.else@example.org")
    theirs = _own(factory, other_user, event, status="approved")
    login(client, participant)
    base = f"/me/registrations/{theirs.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data=_details()).status_code == 404
    assert client.get(f"{base}/cancel").status_code == 404
    assert client.post(f"{base}/cancel").status_code == 404
    assert client.get("/me/registrations/999999/edit").status_code == 404
    db.session.expire_all()
    unchanged = db.session.get(Registration, theirs.id)
    assert (unchanged.status, unchanged.person.last_name) == ("approved", "Yusuf")


def test_edit_saves_details_without_touching_status(participant_client, factory, participant):
    event = factory.event()
    mine = _own(factory, participant, event, status="pending")
    response = participant_client.post(f"/me/registrations/{mine.id}/edit",
                                       data=_details(gender="non-binary"))
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Registration, mine.id)
    # The level is only proposed: the accredited one stays the organizers' decision.
    assert (saved.status, saved.delegation_role, saved.proposed_delegation_role,
            saved.accessibility_needs, saved.consent_public_list) == (
        "pending", "delegate", "observer", "Captioning", True)
    assert (saved.person.display_name, saved.person.job_title, saved.person.gender) == (
        "Ms Amina Yusuf-Ali", "Advisor", "non-binary")


def test_edit_invalid_rerenders_with_message(participant_client, factory, participant):
    mine = _own(factory, participant, factory.event())
    response = participant_client.post(f"/me/registrations/{mine.id}/edit",
                                       data=_details(first_name="", wishes_to_speak="y"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required." in page
    assert "Tell us the topic you wish to speak on." in page


def test_edit_email_of_another_person_is_refused(participant_client, factory, participant):
    factory.person("Other Person", email="taken@example.org")
    mine = _own(factory, participant, factory.event())
    response = participant_client.post(f"/me/registrations/{mine.id}/edit",
                                       data=_details(email="taken@example.org"))
    assert response.status_code == 200
    assert "belongs to another participant record" in response.get_data(as_text=True)


def test_cancel_confirms_then_frees_place_for_waitlist(
    participant_client, factory, participant, outbox  # noqa: F811
):
    event = factory.event(capacity=1, auto_approve=True)
    person = factory.person("Amina Yusuf", user=participant, email=participant.email)
    mine = register(event, person, factory.category())
    waiting = register(event, factory.person(email="next@example.org"), factory.category())
    confirm = participant_client.get(f"/me/registrations/{mine.id}/cancel")
    assert "Your place will be given to the next person on the waiting list." in (
        confirm.get_data(as_text=True))
    assert participant_client.post(f"/me/registrations/{mine.id}/cancel").status_code == 302
    assert participant_client.post(f"/me/registrations/{mine.id}/cancel").status_code == 302
    db.session.expire_all()
    assert [r.status for r in db.session.scalars(select(Registration).order_by(Registration.id))
            ] == ["cancelled", "approved"]
    assert outbox.summary()[2:] == [
        ("participant@example.org", "Test dialogue: registration cancelled"),
        ("next@example.org", "Test dialogue: registration approved"),
    ]
    assert waiting.id != mine.id


def test_my_registrations_query_count_does_not_grow(participant_client, factory, participant):
    person = factory.person("Amina Yusuf", user=participant)
    for _ in range(2):
        factory.registration(factory.event(), person)
    with count_queries() as few:
        participant_client.get("/me/registrations")
    for _ in range(8):
        factory.registration(factory.event(), person)
    with count_queries() as many:
        page = participant_client.get("/me/registrations").get_data(as_text=True)
    assert page.count("Change details") == 10
    assert few.count == many.count


def test_my_registrations_waitlisted_names_the_full_quota(participant_client, factory, participant):
    from eventapp.registration.models import CategoryQuota

    event = factory.event(title="IDM 2018", capacity=150)
    civil = factory.category("civil-society")
    db.session.add(CategoryQuota(event_id=event.id, category_id=civil.id, max_places=1))
    db.session.commit()
    factory.registration(event, category="civil-society")
    _own(factory, participant, event, category="civil-society", status="waitlisted")

    page = participant_client.get("/me/registrations").get_data(as_text=True)

    assert ('<p class="hint">The Civil society quota (1 place) is full, so you are on the '
            "waiting list.") in page


def test_my_registrations_waitlisted_names_the_full_event(participant_client, factory, participant):
    event = factory.event(title="IDM 2018", capacity=1)
    factory.registration(event)
    _own(factory, participant, event, status="waitlisted")

    page = participant_client.get("/me/registrations").get_data(as_text=True)

    assert ('<p class="hint">The event is full (1 place), so you are on the waiting '
            "list.") in page


def test_edit_form_records_that_the_public_list_question_was_asked(
    participant_client, factory, participant,
):
    event = factory.event()
    imported = _own(factory, participant, event, status="approved")
    assert imported.public_list_asked is False
    response = participant_client.post(f"/me/registrations/{imported.id}/edit",
                                       data=_details(consent_public_list=""))
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Registration, imported.id)
    assert (saved.public_list_asked, saved.consent_public_list) == (True, False)
