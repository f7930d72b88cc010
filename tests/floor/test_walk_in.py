"""Walk-in and planned-speaker ids from the console's selects: out of range is a message."""

from __future__ import annotations

import pytest

from tests.floor.helpers import dialogue, open_list, requests_of, version

TOO_LARGE = [str(2**31), str(2**63), "9" * 30, "-1", "1e3", "x"]


def _url(event, session, tail: str) -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor{tail}"


@pytest.mark.parametrize("person_id", TOO_LARGE)
def test_walk_in_with_an_impossible_person_id_says_so(organizer_client, factory, person_id):
    event, session = dialogue(factory)
    speakers_list = open_list(session)

    response = organizer_client.post(_url(event, session, "/walk-in"), data={
        "version": version(speakers_list.id), "person_id": person_id,
        "delegation_role": "delegate"}, follow_redirects=True)

    # The console again, with the message and the form as the chair typed it.
    assert response.status_code == 422
    assert ("Choose a participant, or type the walk-in speaker&#39;s last name."
            in response.get_data(as_text=True))
    assert requests_of(speakers_list.id) == []


@pytest.mark.parametrize("category_id", TOO_LARGE)
def test_walk_in_with_an_impossible_category_id_says_so(organizer_client, factory, category_id):
    event, session = dialogue(factory)
    speakers_list = open_list(session)

    response = organizer_client.post(_url(event, session, "/walk-in"), data={
        "version": version(speakers_list.id), "person_id": "", "last_name": "Haddad",
        "category_id": category_id, "delegation_role": "delegate"}, follow_redirects=True)

    # The console again, with the message and the form as the chair typed it.
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose the walk-in speaker&#39;s stakeholder category." in page
    assert 'id="last_name" maxlength="120" name="last_name" type="text" value="Haddad"' in page
    assert requests_of(speakers_list.id) == []


@pytest.mark.parametrize("slot_id", TOO_LARGE)
def test_planned_speaker_with_an_impossible_slot_id_says_so(organizer_client, factory, slot_id):
    event, session = dialogue(factory)
    speakers_list = open_list(session)

    response = organizer_client.post(_url(event, session, "/add-planned"), data={
        "version": version(speakers_list.id), "slot_id": slot_id}, follow_redirects=True)

    assert response.status_code == 200  # back on the console, with the message
    assert "Choose one of the session&#39;s planned speakers." in response.get_data(as_text=True)
    assert requests_of(speakers_list.id) == []


def test_walk_in_refused_country_and_missing_name_and_category_told_together(
        organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)

    answer = organizer_client.post(_url(event, session, "/walk-in"), data={
        "version": version(speakers_list.id), "person_id": "", "country": "K",
        "delegation_role": "delegate"}, headers={"Accept": "application/json"}).get_json()

    assert (answer["category"], answer["message"]) == ("error", "; ".join([
        "Last name: Choose a participant, or type the walk-in speaker's last name.",
        "Country code of the organization (two letters): Field must be exactly 2 characters "
        "long.",
        "Stakeholder category: Choose the walk-in speaker's stakeholder category."]))
    assert requests_of(speakers_list.id) == []


def test_walk_in_refused_country_alone_is_told_alone(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    category = factory.category("academia")

    answer = organizer_client.post(_url(event, session, "/walk-in"), data={
        "version": version(speakers_list.id), "person_id": "", "last_name": "Haddad",
        "category_id": str(category.id), "country": "K", "delegation_role": "delegate"},
        headers={"Accept": "application/json"}).get_json()

    assert (answer["category"], answer["message"]) == (
        "error", "Country code of the organization (two letters): Field must be exactly 2 "
        "characters long.")
    assert requests_of(speakers_list.id) == []
