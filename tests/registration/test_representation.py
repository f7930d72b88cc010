"""The level of representation: proposed by the participant, accredited by the organizers,
and followed by protocol order on the floor."""

from __future__ import annotations

import lxml.html
import pytest

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import SpeakersList
from eventapp.registration.accreditation import RegistrationError
from eventapp.registration.models import Registration
from eventapp.registration.representation import accredit_level
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version


def _registration(person) -> Registration:
    return db.session.scalar(db.select(Registration).where(Registration.person_id == person.id))


def test_accredit_level_updates_waiting_requests_and_raises_list_version(factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="protocol")
    ana = participant(factory, event, "Ana Lopez")
    ben = participant(factory, event, "Ben Okafor")
    for person in (ana, ben):
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)
    before = version(speakers_list.id)

    assert accredit_level(_registration(ben), "minister") is True
    assert accredit_level(_registration(ben), "minister") is False
    with pytest.raises(RegistrationError):
        accredit_level(_registration(ben), "emperor")

    assert [(r.person.full_name, r.delegation_role) for r in requests_of(speakers_list.id)] == [
        ("Ana Lopez", "delegate"), ("Ben Okafor", "minister")]
    assert version(speakers_list.id) == before + 1
    assert chair.give_floor(speakers_list.id).person.full_name == "Ben Okafor"


def test_protocol_order_ignores_a_level_posted_when_asking(client, factory):
    from tests.conftest import login

    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="protocol")
    head = participant(factory, event, "Ben Okafor", role="head")
    requests.ask(db.session.get(SpeakersList, speakers_list.id), head)
    user = factory.user(email="self@example.org")
    participant(factory, event, "Ana Lopez", user=user)
    login(client, user)
    client.post(f"/events/{event.slug}/sessions/{session.id}/floor/request",
                data={"delegation_role": "minister"})

    assert [(r.person.full_name, r.delegation_role) for r in requests_of(speakers_list.id)] == [
        ("Ben Okafor", "head"), ("Ana Lopez", "delegate")]
    assert chair.give_floor(speakers_list.id).person.full_name == "Ben Okafor"


def test_organizer_sees_proposal_and_accredits_level(organizer_client, factory):
    event = factory.event()
    registration = factory.registration(event, status="approved")
    registration.proposed_delegation_role = "minister"
    db.session.commit()
    url = f"/organize/events/{event.slug}/registrations/{registration.id}"

    page = lxml.html.fromstring(organizer_client.get(url).data)
    assert " ".join(page.xpath('string(//*[@id="proposed-level"])').split()) == (
        "Minister or high-level representative differs from the accredited level")
    assert page.xpath('//*[@id="representation-form"]//select/option[@selected]/@value') == [
        "delegate"]

    response = organizer_client.post(url + "/representation",
                                     data={"delegation_role": "minister"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).delegation_role == "minister"
    page = lxml.html.fromstring(organizer_client.get(url).data)
    assert " ".join(page.xpath('string(//*[@id="proposed-level"])').split()) == (
        "Minister or high-level representative")

    bad = organizer_client.post(url + "/representation", data={"delegation_role": "emperor"})
    assert bad.status_code == 422
    assert db.session.get(Registration, registration.id).delegation_role == "minister"


def test_participant_cannot_accredit_a_level(client, factory, participant):
    from tests.conftest import login

    event = factory.event()
    registration = factory.registration(event, status="approved")
    login(client, participant)
    response = client.post(
        f"/organize/events/{event.slug}/registrations/{registration.id}/representation",
        data={"delegation_role": "minister"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).delegation_role == "delegate"
