"""The chair marks a planned speaker heard without timing: recorded, idempotent, undoable."""

from __future__ import annotations

import pytest
from lxml import html

from eventapp.extensions import db
from eventapp.floor import heard
from eventapp.floor.locking import FloorError
from eventapp.programme.models import SpeakingSlot
from tests.conftest import login
from tests.floor.helpers import dialogue, open_list, version


def _url(event, session, tail: str = "") -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor{tail}"


def _slot(slot_id: int) -> SpeakingSlot:
    db.session.expire_all()
    return db.session.get(SpeakingSlot, slot_id)


def test_set_heard_records_the_instant_once_and_can_be_taken_back(factory):
    _, session = dialogue(factory)
    slot = factory.slot(session, factory.person("Clara Chair"), role="chair", planned_minutes=5)
    speakers_list = open_list(session)
    before = version(speakers_list.id)
    heard.set_heard(session, slot.id)
    first = _slot(slot.id).heard_at
    assert first is not None and first.tzinfo is not None
    # Twice is harmless: the first instant stays.
    heard.set_heard(session, slot.id)
    assert _slot(slot.id).heard_at == first
    # Every change raises the list's version, so other chairs' consoles refresh.
    assert version(speakers_list.id) == before + 2
    heard.set_heard(session, slot.id, heard=False)
    assert _slot(slot.id).heard_at is None
    heard.set_heard(session, slot.id, heard=False)
    assert _slot(slot.id).heard_at is None


def test_set_heard_works_without_a_list(factory):
    _, session = dialogue(factory)
    slot = factory.slot(session, role="moderator", planned_minutes=10)
    heard.set_heard(session, slot.id)
    assert _slot(slot.id).heard_at is not None


def test_set_heard_refuses_another_sessions_slot_and_a_timed_one(factory):
    event, session = dialogue(factory)
    other = factory.session(event, title="Elsewhere")
    foreign = factory.slot(other, planned_minutes=5)
    timed = factory.slot(session, factory.person("Tim Timed"), planned_minutes=5,
                         actual_seconds=90)
    with pytest.raises(FloorError, match="Choose one of the session's planned speakers."):
        heard.set_heard(session, foreign.id)
    with pytest.raises(FloorError, match="Choose one of the session's planned speakers."):
        heard.set_heard(session, 999999)
    with pytest.raises(FloorError, match="Tim Timed was timed: the recorded time counts."):
        heard.set_heard(session, timed.id)
    assert _slot(foreign.id).heard_at is None and _slot(timed.id).heard_at is None


def test_console_marks_a_planned_speaker_heard_and_back(organizer_client, factory):
    event, session = dialogue(factory)
    slot = factory.slot(session, factory.person("Clara Chair"), role="chair", planned_minutes=5)
    open_list(session)
    page = html.fromstring(organizer_client.get(_url(event, session)).get_data(as_text=True))
    item = page.xpath(f'//ul[@id="floor-planned"]/li[@data-slot-id="{slot.id}"]')[0]
    assert item.get("data-heard") == "not-heard"
    assert item.xpath("string(.//button)") == "Mark as heard"

    response = organizer_client.post(_url(event, session, "/mark-heard"),
                                     data={"slot_id": slot.id, "heard": "1"})
    assert response.status_code == 302
    assert _slot(slot.id).heard_at is not None
    page = organizer_client.get(_url(event, session)).get_data(as_text=True)
    assert ("Clara Chair is marked as heard; their planned minutes count as speaking time."
            in page)
    item = html.fromstring(page).xpath(f'//li[@data-slot-id="{slot.id}"]')[0]
    assert item.get("data-heard") == "heard"
    assert item.xpath("string(.//button)") == "Undo: not heard"

    response = organizer_client.post(_url(event, session, "/mark-heard"),
                                     data={"slot_id": slot.id, "heard": "0"},
                                     headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json()["message"] == "Clara Chair is no longer marked as heard."
    assert _slot(slot.id).heard_at is None


def test_console_mark_heard_with_bad_input_says_so(organizer_client, factory):
    event, session = dialogue(factory)
    open_list(session)
    for data in ({}, {"slot_id": "abc"}, {"slot_id": 999999}):
        response = organizer_client.post(_url(event, session, "/mark-heard"), data=data,
                                         headers={"Accept": "application/json"})
        assert response.status_code == 200
        assert response.get_json()["message"] == "Choose one of the session's planned speakers."
        assert response.get_json()["category"] == "error"


def test_console_mark_heard_is_for_organizers_only(client, factory, participant):
    event, session = dialogue(factory)
    slot = factory.slot(session, planned_minutes=5)
    response = client.post(_url(event, session, "/mark-heard"), data={"slot_id": slot.id})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, participant)
    response = client.post(_url(event, session, "/mark-heard"), data={"slot_id": slot.id})
    assert response.status_code == 403
    assert _slot(slot.id).heard_at is None
