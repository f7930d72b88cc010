"""Points of order and rights of reply: the speaker pauses and resumes with exact seconds."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import chair, interjections, queries, requests, state
from eventapp.floor.locking import FloorError
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Person
from eventapp.programme.models import Event, Session, SpeakingSlot
from tests.factories import Factory
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version


def _speaking(factory: Factory) -> tuple[Event, Session, SpeakersList,
                                         tuple[Person, Person, Person], int, datetime]:
    """Ana speaks (given 70 s of clock at T0 + 70), Ben waits; Carla is a participant."""
    event, session = dialogue(factory)
    ana = participant(factory, event, "Ana Lopez", org="Mexico")
    ben = participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC")
    carla = participant(factory, event, "Carla Diaz", category="un-system", org="UNHCR")
    speakers_list = open_list(session, policy="arrival")
    requests.ask(speakers_list, ana)
    requests.ask(speakers_list, ben)
    given = chair.give_floor(speakers_list.id)
    t0 = utcnow().replace(microsecond=0) - timedelta(hours=1)
    request = db.session.get(FloorRequest, given.id)
    request.started_at = request.running_since = t0
    db.session.commit()
    return event, session, speakers_list, (ana, ben, carla), given.id, t0


def _slots(session_id: int) -> list[tuple[int, str, int | None]]:
    db.session.expire_all()
    return [(s.person_id, s.role, s.actual_seconds) for s in db.session.scalars(
        select(SpeakingSlot).where(SpeakingSlot.session_id == session_id)
        .order_by(SpeakingSlot.id))]


def test_point_of_order_pauses_and_speaker_resumes_with_exact_seconds(factory: Factory):
    _event, session, speakers_list, (ana, ben, _carla), ana_request, t0 = _speaking(factory)
    # Ben, waiting on the list, raises a point of order 70 s into Ana's intervention.
    point = interjections.interject(speakers_list.id, kind="order", person_id=ben.id,
                                    speaker_request_id=ana_request,
                                    now=t0 + timedelta(seconds=70))
    db.session.expire_all()
    paused = db.session.get(FloorRequest, ana_request)
    assert (paused.status, paused.elapsed_seconds, paused.running_since) == (
        "interrupted", 70, None)
    order = db.session.get(FloorRequest, point.id)
    assert (order.kind, order.status, order.interrupts_id, order.running_since) == (
        "order", "speaking", ana_request, t0 + timedelta(seconds=70))

    ended = interjections.end(speakers_list.id, point.id, now=t0 + timedelta(seconds=95))

    assert ended.elapsed_seconds == 25
    db.session.expire_all()
    resumed = db.session.get(FloorRequest, ana_request)
    assert (resumed.status, resumed.elapsed_seconds, resumed.running_since) == (
        "speaking", 70, t0 + timedelta(seconds=95))
    # Ben is still waiting in his place on the list.
    assert [(r.person_id, r.kind, r.status) for r in requests_of(speakers_list.id)] == [
        (ana.id, "request", "speaking"), (ben.id, "request", "waiting"),
        (ben.id, "order", "done")]
    # The 25 s are Ben's point of order, on a slot of its own; Ana's slot gets nothing yet.
    assert _slots(session.id) == [(ben.id, "point-of-order", 25)]


def test_reply_stopped_with_stop_and_seconds_not_added_to_speaker(factory: Factory):
    _event, session, speakers_list, (ana, _ben, carla), ana_request, t0 = _speaking(factory)
    reply = interjections.interject(speakers_list.id, kind="reply", person_id=carla.id,
                                    speaker_request_id=ana_request,
                                    now=t0 + timedelta(seconds=40))
    interjections.end(speakers_list.id, reply.id, now=t0 + timedelta(seconds=100))
    db.session.expire_all()
    speaker = db.session.get(FloorRequest, ana_request)
    # Ana spoke 40 s before the reply; her clock runs again from t0 + 100.
    speaker.running_since = utcnow() - timedelta(seconds=20)
    db.session.commit()

    done = chair.stop(speakers_list.id)

    assert done.elapsed_seconds in (60, 61)  # 40 + 20 (a second may tick during the call)
    slots = _slots(session.id)
    assert slots[0] == (carla.id, "reply", 60)
    assert slots[1][:2] == (ana.id, "floor") and slots[1][2] == done.elapsed_seconds


def test_interjection_with_stale_speaker_writes_nothing(factory: Factory):
    _event, _session, speakers_list, (_ana, ben, _carla), ana_request, t0 = _speaking(factory)
    before = version(speakers_list.id)
    with pytest.raises(FloorError, match="The floor changed since this page was loaded"):
        interjections.interject(speakers_list.id, kind="order", person_id=ben.id,
                                speaker_request_id=ana_request + 100)
    with pytest.raises(FloorError, match="Ana Lopez has the floor already."):
        interjections.interject(speakers_list.id, kind="order", person_id=_ana.id,
                                speaker_request_id=ana_request)
    assert version(speakers_list.id) == before
    assert [r.status for r in requests_of(speakers_list.id)] == ["speaking", "waiting"]


def test_second_interjection_and_give_floor_refused_while_one_runs(factory: Factory):
    _event, _session, speakers_list, (_ana, ben, carla), ana_request, t0 = _speaking(factory)
    point = interjections.interject(speakers_list.id, kind="order", person_id=ben.id,
                                    speaker_request_id=ana_request)
    with pytest.raises(FloorError, match="already has the floor: end it first"):
        interjections.interject(speakers_list.id, kind="reply", person_id=carla.id,
                                speaker_request_id=point.id)
    with pytest.raises(FloorError, match="has the floor: end it first"):
        chair.give_floor(speakers_list.id)
    interjections.end(speakers_list.id, point.id)
    with pytest.raises(FloorError, match="has already ended"):
        interjections.end(speakers_list.id, point.id)


def test_close_during_interjection_records_both(factory: Factory):
    _event, session, speakers_list, (ana, ben, _carla), ana_request, t0 = _speaking(factory)
    interjections.interject(speakers_list.id, kind="order", person_id=ben.id,
                            speaker_request_id=ana_request, now=t0 + timedelta(seconds=30))
    chair.close_list(speakers_list.id)
    rows = [(r.person_id, r.kind, r.status) for r in requests_of(speakers_list.id)]
    assert rows == [(ana.id, "request", "done"), (ben.id, "request", "not_reached"),
                    (ben.id, "order", "done")]
    slots = _slots(session.id)
    assert slots[0] == (ana.id, "floor", 30)
    assert slots[1][:2] == (ben.id, "point-of-order")


def test_state_and_floor_json_show_interjection(client: FlaskClient, factory: Factory):
    event, session, speakers_list, (ana, ben, _carla), ana_request, t0 = _speaking(factory)
    interjections.interject(speakers_list.id, kind="order", person_id=ben.id,
                            speaker_request_id=ana_request, now=t0 + timedelta(seconds=70))
    db.session.expire_all()
    floor = state.build(session, queries.list_for_session(session.id))
    assert floor.interjection is floor.current and floor.interrupted.id == ana_request
    data = client.get(f"/events/{event.slug}/sessions/{session.id}/floor.json").get_json()
    assert data["interjection"] == {
        "kind": "order",
        "interrupted": {"name": "Ana Lopez", "organization": "Mexico",
                        "category": "Government", "elapsed_seconds": 70}}
    assert data["current"]["name"] == "Ben Okafor"
    screen = client.get(f"/events/{event.slug}/sessions/{session.id}/floor").get_data(
        as_text=True)
    assert "Point of order" in screen and "Ana Lopez paused at 1:10" in screen


def _url(event: Event, session: Session, tail: str) -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor{tail}"


def test_console_interject_and_end_without_js(organizer_client: FlaskClient, factory: Factory):
    event, session, speakers_list, (_ana, ben, _carla), ana_request, t0 = _speaking(factory)
    page = organizer_client.get(_url(event, session, "")).get_data(as_text=True)
    assert 'id="floor-interject-form"' in page
    response = organizer_client.post(_url(event, session, "/interject"), data={
        "kind": "order", "person_id": str(ben.id), "speaker_request_id": str(ana_request)},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Point of order: Ben Okafor has the floor." in page
    assert "Ana Lopez is paused at 60:0" in page
    point = db.session.scalar(select(FloorRequest).where(FloorRequest.kind == "order"))
    response = organizer_client.post(_url(event, session, "/interject/end"),
                                     data={"interjection_id": str(point.id)},
                                     headers={"Accept": "application/json"})
    assert response.get_json()["category"] == "success"
    assert "ended after 0 min" in response.get_json()["message"]
    # Pressed twice (a second chair): said, nothing written.
    response = organizer_client.post(_url(event, session, "/interject/end"),
                                     data={"interjection_id": str(point.id)},
                                     follow_redirects=True)
    assert "That point of order or reply has already ended." in response.get_data(as_text=True)


def test_console_interject_bad_input_never_500(organizer_client: FlaskClient, factory: Factory):
    event, session, speakers_list, (_ana, ben, _carla), ana_request, t0 = _speaking(factory)
    for data, message in (
        ({"kind": "speech", "person_id": str(ben.id)}, "Not a valid choice"),
        ({"kind": "order", "person_id": ""}, "This field is required."),
        ({"kind": "order", "person_id": "abc", "speaker_request_id": str(ana_request)},
         "Choose a participant of this event."),
        ({"kind": "order", "person_id": str(ben.id), "speaker_request_id": "x"},
         "Not a valid integer value."),
    ):
        response = organizer_client.post(_url(event, session, "/interject"), data=data,
                                         follow_redirects=True)
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    response = organizer_client.post(_url(event, session, "/interject/end"),
                                     data={"interjection_id": str(ana_request)},
                                     follow_redirects=True)
    assert "That point of order or reply is not on this list." in response.get_data(
        as_text=True)
    assert [r.status for r in requests_of(speakers_list.id)] == ["speaking", "waiting"]


def test_walk_in_of_interrupted_speaker_or_interjector_is_said_not_500(factory: Factory):
    _event, _session, speakers_list, (ana, _ben, carla), ana_request, t0 = _speaking(factory)
    interjections.interject(speakers_list.id, kind="order", person_id=carla.id,
                            speaker_request_id=ana_request)
    with pytest.raises(FloorError, match="Ana Lopez is already on the list."):
        chair.add_speaker(speakers_list.id, ana, kind="walk-in",
                          organization_id=ana.organization_id, category_id=None)
    # Carla's point of order is no place on the list: she may be put on it.
    added = chair.add_speaker(speakers_list.id, carla,
                              kind="walk-in", organization_id=carla.organization_id,
                              category_id=None)
    assert (added.status, added.kind) == ("waiting", "walk-in")


def test_standing_of_an_interrupted_speaker_keeps_the_floor_with_the_clock_paused(
        client: FlaskClient, factory: Factory) -> None:
    from tests.conftest import login

    event, session = dialogue(factory)
    user = factory.user(email="ana@example.org")
    ana = participant(factory, event, "Ana Lopez", org="Mexico", user=user)
    carla = participant(factory, event, "Carla Diaz", category="un-system", org="UNHCR")
    speakers_list = open_list(session, policy="arrival")
    requests.ask(speakers_list, ana)
    given = chair.give_floor(speakers_list.id)
    request = db.session.get(FloorRequest, given.id)
    request.started_at = request.running_since = None
    request.elapsed_seconds = 65
    db.session.commit()
    interjections.interject(speakers_list.id, kind="order", person_id=carla.id,
                            speaker_request_id=given.id)
    login(client, user)

    data = client.get(f"/events/{event.slug}/sessions/{session.id}/floor/me.json").get_json()

    assert (data["status"], data["place"]) == ("interrupted", None)
    assert data["clock"] == {"elapsed": 65, "limit": 180, "running": False, "text": "1:55"}
    assert "Your clock is paused for a point of order or a right of reply" in data["html"]
    assert "Ask for the floor" not in data["html"]
