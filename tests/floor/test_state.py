from __future__ import annotations

from fractions import Fraction

from eventapp.balance.models import BalanceTarget
from eventapp.extensions import db
from eventapp.floor import chair, queries, requests, state
from eventapp.floor.models import SpeakersList
from eventapp.programme.models import Session
from tests.floor.helpers import dialogue, open_list, participant, requests_of


def _ask_all(speakers_list_id: int, people) -> None:
    for person in people:
        requests.ask(db.session.get(SpeakersList, speakers_list_id), person)


def test_targets_from_participants_who_are_not_invited_speakers(factory):
    event, session = dialogue(factory)
    participant(factory, event, "Ana Lopez", category="government")
    participant(factory, event, "Ben Okafor", category="civil-society")
    participant(factory, event, "Cem Yilmaz", category="civil-society")
    participant(factory, event, "Dee Ng", category="civil-society", status="pending")
    factory.registration(event, category="government", is_invited_speaker=True)

    targets = queries.targets(event.id)

    gov, cso = factory.category("government").id, factory.category("civil-society").id
    assert targets == queries.Targets({gov: Fraction(100, 3), cso: Fraction(200, 3)},
                                      "participants")


def test_targets_from_balance_targets_when_set(factory):
    event, session = dialogue(factory)
    participant(factory, event, "Ana Lopez", category="government")
    migrants = factory.category("migrants-diaspora")
    db.session.add(BalanceTarget(event_id=event.id, category_id=migrants.id, min_percent=15))
    db.session.commit()
    assert queries.targets(event.id) == queries.Targets({migrants.id: Fraction(15)}, "target")


def test_state_balanced_suggestion_uses_event_targets_and_session_counts(factory):
    event, session = dialogue(factory)
    migrants = factory.category("migrants-diaspora")
    db.session.add(BalanceTarget(event_id=event.id, category_id=migrants.id, min_percent=15))
    db.session.commit()
    speakers_list = open_list(session, policy="balanced")
    gov = participant(factory, event, "Ana Lopez", category="government", org="Mexico")
    mig = participant(factory, event, "Cara Diaz", category="migrants-diaspora", org="ADN")
    _ask_all(speakers_list.id, [gov, mig])
    chair.give_floor(speakers_list.id,
                     requests_of(speakers_list.id)[0].id)
    chair.stop(speakers_list.id)
    _ask_all(speakers_list.id, [gov])

    floor = state.build(db.session.get(Session, session.id),
                        db.session.get(SpeakersList, speakers_list.id))

    assert [r.person.full_name for r in floor.next_up] == ["Cara Diaz", "Ana Lopez"]
    assert [p.reason for p in floor.suggested] == [
        "Migrants & diaspora: 0 of 1 interventions so far, target 15%; "
        "first intervention for ADN",
        "Government: 1 of 1 interventions so far, no target; 1 of 2 counting the speakers "
        "above; Mexico has spoken once",
    ]
    row = floor.rows[floor.queue[1].id]  # Ana Lopez, asking again
    assert (row.category_session.count, row.organization_session.count,
            row.category_event.count, row.region, row.governance_level) == (
        1, 1, 1, "Americas", "National")


def test_state_arrival_next_is_the_chairs_order(factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    people = [participant(factory, event, n) for n in ("Ana Lopez", "Ben Okafor", "Cem Yilmaz")]
    _ask_all(speakers_list.id, people)
    third = requests_of(speakers_list.id)[2]
    chair.move(speakers_list.id, third.id, to_index=0)

    floor = state.build(db.session.get(Session, session.id),
                        db.session.get(SpeakersList, speakers_list.id))

    assert [r.person.full_name for r in floor.next_up] == ["Cem Yilmaz", "Ana Lopez",
                                                           "Ben Okafor"]
    given = chair.give_floor(speakers_list.id)
    assert (given.person.full_name, given.given_by) == ("Cem Yilmaz", "chair")


def test_clock_text_counts_down_and_shows_overrun():
    assert state.clock_text(None) == ""
    assert state.clock_text({"limit_seconds": 180, "elapsed_seconds": 35}) == "2:25"
    assert state.clock_text({"limit_seconds": 180, "elapsed_seconds": 200}) == "-0:20"
    assert state.clock_text({"limit_seconds": None, "elapsed_seconds": 65}) == "1:05"
