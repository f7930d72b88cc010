"""The chair's actions on the audit trail: the floor given, against the suggested order
(naming the suggestion), and moves in the queue."""

from __future__ import annotations

from eventapp.audit.context import Actor, acting_as
from eventapp.floor import chair, requests
from tests.audit.helpers import changes, entries
from tests.floor.helpers import dialogue, open_list, participant, requests_of


def _setup(factory):
    event, session = dialogue(factory)
    gov = participant(factory, event, "Ana Lopez", org="Mexico")
    cso = participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC")
    speakers_list = open_list(session, policy="balanced")
    requests.ask(speakers_list, gov)
    requests.ask(speakers_list, cso)
    return event, session, speakers_list


def test_chair_audit_floor_given_on_the_suggestion_is_named(factory):
    event, session, speakers_list = _setup(factory)
    with acting_as(Actor(3, "chair@example.org")):
        chair.give_floor(speakers_list.id)
    [entry] = entries(object_type="floor request", action="floor given")
    assert (entry.event_id, entry.actor_label, entry.object_label, entry.subject,
            changes(entry)) == (
        event.id, "chair@example.org", "Ana Lopez", f"session:{session.id}",
        {"given_by": {"from": None, "to": "suggestion"},
         "limit_seconds": {"from": None, "to": 180},
         "started_at": {"from": None, "to": changes(entry)["started_at"]["to"]},
         "status": {"from": "waiting", "to": "speaking"}})


def test_chair_audit_override_of_the_suggested_order_names_the_suggestion(factory):
    event, session, speakers_list = _setup(factory)
    chosen = requests_of(speakers_list.id)[1]
    chair.give_floor(speakers_list.id, chosen.id)
    [entry] = entries(object_type="floor request",
                      action="floor given out of the suggested order")
    assert (entry.object_id, entry.object_label) == (chosen.id, "Ben Okafor")
    assert changes(entry)["suggested"] == {"from": None, "to": "Ana Lopez"}
    assert changes(entry)["given_by"] == {"from": None, "to": "chair"}


def test_chair_audit_move_in_the_queue_records_the_places(factory):
    event, session, speakers_list = _setup(factory)
    second = requests_of(speakers_list.id)[1]
    chair.move(speakers_list.id, second.id, direction="up")
    [entry] = entries(object_type="floor request", action="moved")
    assert (entry.object_id, changes(entry)) == (
        second.id, {"place in queue": {"from": 2, "to": 1}})
    # Renumbering the others is no news of its own.
    assert [e.action for e in entries(object_type="floor request")] == [
        "created", "created", "moved"]


def test_chair_audit_pausing_the_clock_writes_nothing(factory):
    event, session, speakers_list = _setup(factory)
    chair.give_floor(speakers_list.id)
    before = len(entries())
    chair.pause(speakers_list.id)
    chair.resume(speakers_list.id)
    assert len(entries()) == before
