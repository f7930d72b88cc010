from __future__ import annotations

import pytest

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.locking import FloorError
from eventapp.floor.models import SpeakersList
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version


def test_ask_approved_participant_goes_on_list_with_registration_org(factory):
    event, session = dialogue(factory)
    person = participant(factory, event, "Ana Lopez", org="Mexico", role="head")
    speakers_list = open_list(session)

    assert requests.ask(speakers_list, person) == 1

    [request] = requests_of(speakers_list.id)
    assert (request.person_id, request.status, request.kind, request.delegation_role,
            request.organization.name, request.category.key, request.position) == (
        person.id, "waiting", "request", "head", "Mexico", "government", 1)


def test_ask_twice_says_position_and_writes_nothing(factory):
    event, session = dialogue(factory)
    first = participant(factory, event, "Ana Lopez")
    second = participant(factory, event, "Ben Okafor")
    speakers_list = open_list(session)
    requests.ask(speakers_list, first)
    assert requests.ask(speakers_list, second) == 2
    before = version(speakers_list.id)

    with pytest.raises(FloorError) as error:
        requests.ask(speakers_list, second)

    assert str(error.value) == "You are already on the list of speakers, at position 2."
    assert len(requests_of(speakers_list.id)) == 2
    assert version(speakers_list.id) == before


@pytest.mark.parametrize(("status", "message"), [
    ("pending", "Your registration is still pending: you can ask for the floor once the "
                "organizers have approved it."),
    ("waitlisted", "Only participants with an approved registration can ask for the floor."),
    ("cancelled", "Only participants with an approved registration can ask for the floor."),
])
def test_ask_without_approved_registration_refused(factory, status, message):
    event, session = dialogue(factory)
    person = participant(factory, event, "Ana Lopez", status=status)
    speakers_list = open_list(session)

    with pytest.raises(FloorError) as error:
        requests.ask(speakers_list, person)

    assert str(error.value) == message
    assert requests_of(speakers_list.id) == []


def test_ask_registered_for_other_event_only_refused(factory):
    event, session = dialogue(factory)
    other, _ = dialogue(factory)
    person = participant(factory, other, "Ana Lopez")
    speakers_list = open_list(session)

    with pytest.raises(FloorError) as error:
        requests.ask(speakers_list, person)

    assert str(error.value) == ("Only registered participants can ask for the floor. "
                                "Register for the event first.")
    assert requests_of(speakers_list.id) == []


def test_ask_not_registered_and_no_person_refused(factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    with pytest.raises(FloorError):
        requests.ask(speakers_list, factory.person("Nobody Here"))
    with pytest.raises(FloorError):
        requests.ask(speakers_list, None)
    assert requests_of(speakers_list.id) == []


def test_ask_list_closed_refused(factory):
    event, session = dialogue(factory)
    person = participant(factory, event, "Ana Lopez")
    speakers_list = open_list(session)
    chair.close_list(speakers_list.id)

    with pytest.raises(FloorError) as error:
        requests.ask(speakers_list, person)

    assert str(error.value) == "The list of speakers is closed."
    assert requests_of(speakers_list.id) == []


def test_withdraw_then_ask_again_gets_new_place(factory):
    event, session = dialogue(factory)
    first = participant(factory, event, "Ana Lopez")
    second = participant(factory, event, "Ben Okafor")
    speakers_list = open_list(session)
    requests.ask(speakers_list, first)
    requests.ask(speakers_list, second)

    requests.withdraw(speakers_list, first)
    assert requests.standing(speakers_list, second).position == 1
    assert requests.ask(speakers_list, first) == 2

    assert [(r.person_id, r.status) for r in requests_of(speakers_list.id)] == [
        (first.id, "withdrawn"), (second.id, "waiting"), (first.id, "waiting")]
    with pytest.raises(FloorError):
        requests.withdraw(speakers_list, factory.person("Not On List"))


def test_ask_uses_the_accredited_level_never_a_stated_one(factory):
    event, session = dialogue(factory)
    person = participant(factory, event, "Ana Lopez", role="head")
    speakers_list = open_list(session)
    with pytest.raises(TypeError):
        requests.ask(speakers_list, person, "minister")  # no such argument any more
    requests.ask(speakers_list, person)
    assert [r.delegation_role for r in requests_of(speakers_list.id)] == ["head"]


@pytest.mark.parametrize("policy", ["arrival", "balanced", "protocol"])
def test_announced_place_is_the_place_the_chair_calls(factory, policy: str):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy=policy)
    people = [participant(factory, event, name, category=category, role=role, org=f"{name} Org")
              for name, category, role in (
                  ("Ana Lopez", "civil-society", "delegate"),
                  ("Ben Okafor", "government", "delegate"),
                  ("Cem Yilmaz", "government", "minister"),
                  ("Dina Haddad", "migrants-diaspora", "delegate"),
                  ("Eva Novak", "government", "head"),
                  ("Fay Moreau", "academia", "observer"))]
    for person in people:
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)
    # The chair's own order differs from arrival: the last to ask is moved to the front.
    chair.move(speakers_list.id, requests_of(speakers_list.id)[-1].id, to_index=0)
    called = []
    while True:
        lst = db.session.get(SpeakersList, speakers_list.id)
        places = {p.full_name: requests.standing(lst, p).position for p in people}
        waiting = {name: place for name, place in places.items() if place is not None}
        if not waiting:
            break
        assert sorted(waiting.values()) == list(range(1, len(waiting) + 1))
        given = chair.give_floor(speakers_list.id)
        assert waiting[given.person.full_name] == 1
        called.append(given.person.full_name)
    assert len(called) == 6
    assert called[0] == {"arrival": "Fay Moreau", "protocol": "Cem Yilmaz"}.get(
        policy, called[0])
