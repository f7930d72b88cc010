from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.locking import AlreadyDone, FloorError
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.programme.models import SpeakingSlot
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version


def _rewind(request_id: int, seconds: int) -> None:
    """As if the clock had been running for this many seconds."""
    request = db.session.get(FloorRequest, request_id)
    request.running_since = utcnow() - timedelta(seconds=seconds)
    request.started_at = request.running_since
    db.session.commit()


def _setup(factory):
    event, session = dialogue(factory)
    gov = participant(factory, event, "Ana Lopez", org="Mexico")
    cso = participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC")
    speakers_list = open_list(session, policy="balanced")
    requests.ask(speakers_list, gov)
    requests.ask(speakers_list, cso)
    return event, session, speakers_list, gov, cso


def _floor_slots(session_id: int) -> list[tuple[int, str, int | None]]:
    db.session.expire_all()
    return [(s.person_id, s.role, s.actual_seconds) for s in db.session.scalars(
        select(SpeakingSlot).where(SpeakingSlot.session_id == session_id)
        .order_by(SpeakingSlot.id))]


def test_give_next_follows_suggestion_and_stop_records_floor_slot(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    # Participant shares: one government, one civil society; no interventions: arrival wins.
    given = chair.give_floor(speakers_list.id)
    assert given.person_id == gov.id
    _rewind(given.id, 95)

    done = chair.stop(speakers_list.id)

    [first, second] = requests_of(speakers_list.id)
    assert (first.status, first.given_by, first.elapsed_seconds, first.limit_seconds) == (
        "done", "suggestion", 95, 180)
    assert first.finished_at is not None and first.running_since is None
    assert second.status == "waiting"
    assert _floor_slots(session.id) == [(gov.id, "floor", 95)]
    assert first.slot_id == db.session.scalar(select(SpeakingSlot.id))
    assert done.id == first.id


def test_give_specific_person_recorded_as_chair_choice(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    cso_request = requests_of(speakers_list.id)[1]
    chair.give_floor(speakers_list.id, cso_request.id)
    assert requests_of(speakers_list.id)[1].given_by == "chair"


def test_give_while_someone_speaks_stops_and_records_them_first(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    first = chair.give_floor(speakers_list.id)
    _rewind(first.id, 30)
    chair.give_floor(speakers_list.id)
    statuses = [(r.person_id, r.status, r.elapsed_seconds) for r in requests_of(speakers_list.id)]
    assert statuses == [(gov.id, "done", 30), (cso.id, "speaking", 0)]
    assert _floor_slots(session.id) == [(gov.id, "floor", 30)]


def test_pause_resume_stop_counts_only_running_time(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    given = chair.give_floor(speakers_list.id)
    _rewind(given.id, 40)
    chair.pause(speakers_list.id)
    paused = requests_of(speakers_list.id)[0]
    assert (paused.elapsed_seconds, paused.running_since) == (40, None)
    chair.resume(speakers_list.id)
    request = db.session.get(FloorRequest, given.id)
    request.running_since = utcnow() - timedelta(seconds=20)
    db.session.commit()
    chair.stop(speakers_list.id)
    assert requests_of(speakers_list.id)[0].elapsed_seconds == 60


def test_second_floor_intervention_adds_to_same_slot(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    given = chair.give_floor(speakers_list.id,
                             requests_of(speakers_list.id)[0].id)
    _rewind(given.id, 50)
    chair.stop(speakers_list.id)
    requests.ask(db.session.get(SpeakersList, speakers_list.id), gov)
    again = requests_of(speakers_list.id)[2]
    chair.give_floor(speakers_list.id, again.id)
    _rewind(again.id, 70)
    chair.stop(speakers_list.id)
    assert _floor_slots(session.id) == [(gov.id, "floor", 120)]
    done = [r for r in requests_of(speakers_list.id) if r.status == "done"]
    assert [r.slot_id for r in done] == [done[0].slot_id, done[0].slot_id]


def test_planned_speaker_timed_on_existing_slot(factory):
    event, session = dialogue(factory)
    panelist = factory.person("Cara Diaz", category="migrants-diaspora")
    slot = factory.slot(session, panelist, role="panelist", planned_minutes=10,
                        actual_seconds=30)
    speakers_list = open_list(session)
    request = chair.add_speaker(speakers_list.id, panelist,
                                kind="planned", organization_id=None,
                                category_id=panelist.category_id, slot_id=slot.id)
    chair.give_floor(speakers_list.id, request.id)
    _rewind(request.id, 200)
    chair.stop(speakers_list.id)
    assert _floor_slots(session.id) == [(panelist.id, "panelist", 230)]
    assert requests_of(speakers_list.id)[0].slot_id == slot.id


def test_close_stops_speaker_and_marks_waiting_not_reached_then_reopen(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    given = chair.give_floor(speakers_list.id)
    _rewind(given.id, 12)
    chair.close_list(speakers_list.id)
    assert [(r.status, r.elapsed_seconds) for r in requests_of(speakers_list.id)] == [
        ("done", 12), ("not_reached", 0)]
    assert _floor_slots(session.id) == [(gov.id, "floor", 12)]
    db.session.expire_all()
    assert db.session.get(SpeakersList, speakers_list.id).is_open is False
    chair.reopen_list(speakers_list.id)
    db.session.expire_all()
    assert db.session.get(SpeakersList, speakers_list.id).is_open is True


def test_actions_named_by_request_ignore_requests_made_since(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    seen = version(speakers_list.id)
    given = chair.give_floor(speakers_list.id, expected_request_id=requests_of(
        speakers_list.id)[0].id)
    late = participant(factory, event, "Cem Yilmaz", category="un-system", org="UNHCR")
    requests.ask(db.session.get(SpeakersList, speakers_list.id), late)
    chair.pause(speakers_list.id, given.id)
    chair.resume(speakers_list.id, given.id)
    chair.stop(speakers_list.id, given.id)
    assert [r.status for r in requests_of(speakers_list.id)] == ["done", "waiting", "waiting"]
    assert version(speakers_list.id) == seen + 5


def test_stop_twice_records_once_and_says_so(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    given = chair.give_floor(speakers_list.id)
    _rewind(given.id, 65)
    chair.stop(speakers_list.id, given.id)
    seen = version(speakers_list.id)
    with pytest.raises(AlreadyDone,
                       match=r"^Ana Lopez's intervention is already stopped and recorded "
                             r"\(1:05\)\.$"):
        chair.stop(speakers_list.id, given.id)
    assert _floor_slots(session.id) == [(gov.id, "floor", 65)]
    assert version(speakers_list.id) == seen


def test_stop_names_speaker_never_stops_another(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    first = chair.give_floor(speakers_list.id)
    second = chair.give_floor(speakers_list.id)
    with pytest.raises(AlreadyDone):
        chair.stop(speakers_list.id, first.id)
    with pytest.raises(AlreadyDone, match="^The clock is already running.$"):
        chair.resume(speakers_list.id, second.id)
    chair.pause(speakers_list.id, second.id)
    with pytest.raises(AlreadyDone, match="^The clock is already paused.$"):
        chair.pause(speakers_list.id, second.id)
    assert [r.status for r in requests_of(speakers_list.id)] == ["done", "speaking"]


def test_give_next_gives_the_suggestion_seen_or_refuses_when_gone(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    a, b = requests_of(speakers_list.id)
    requests.withdraw(db.session.get(SpeakersList, speakers_list.id), gov)
    with pytest.raises(FloorError, match=(
            r"^Ana Lopez is no longer waiting \(withdrawn\), so nobody was given the floor; "
            r"here is the current list\.$")):
        chair.give_floor(speakers_list.id, expected_request_id=a.id)
    given = chair.give_floor(speakers_list.id, expected_request_id=b.id)
    with pytest.raises(AlreadyDone, match="^Ben Okafor already has the floor.$"):
        chair.give_floor(speakers_list.id, expected_request_id=b.id)
    assert (given.id, given.given_by) == (b.id, "suggestion")
    assert [r.status for r in requests_of(speakers_list.id)] == ["withdrawn", "speaking"]


def test_skip_twice_and_close_twice_are_harmless(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    a, b = requests_of(speakers_list.id)
    chair.take_off(speakers_list.id, a.id, "skipped")
    with pytest.raises(AlreadyDone, match="^Ana Lopez is already off the list.$"):
        chair.take_off(speakers_list.id, a.id, "skipped")
    chair.close_list(speakers_list.id)
    closed_at = db.session.get(SpeakersList, speakers_list.id).closed_at
    chair.close_list(speakers_list.id)
    db.session.expire_all()
    assert db.session.get(SpeakersList, speakers_list.id).closed_at == closed_at
    assert [r.status for r in requests_of(speakers_list.id)] == ["skipped", "not_reached"]


def test_move_up_down_and_to_index(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    third = participant(factory, event, "Cem Yilmaz", category="un-system", org="UNHCR")
    requests.ask(db.session.get(SpeakersList, speakers_list.id), third)
    a, b, c = requests_of(speakers_list.id)

    def order() -> list[int]:
        return [r.id for r in sorted(requests_of(speakers_list.id),
                                     key=lambda r: (r.position, r.id))]

    chair.move(speakers_list.id, c.id, direction="up")
    assert order() == [a.id, c.id, b.id]
    chair.move(speakers_list.id, a.id, direction="down")
    assert order() == [c.id, a.id, b.id]
    chair.move(speakers_list.id, b.id, to_index=0)
    assert order() == [b.id, c.id, a.id]
    chair.move(speakers_list.id, b.id, direction="up")
    assert order() == [b.id, c.id, a.id]


def test_skip_remove_and_nobody_speaking_messages(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    a, b = requests_of(speakers_list.id)
    chair.take_off(speakers_list.id, a.id, "skipped")
    chair.take_off(speakers_list.id, b.id, "removed")
    assert [r.status for r in requests_of(speakers_list.id)] == ["skipped", "removed"]
    with pytest.raises(FloorError, match="Nobody has the floor."):
        chair.stop(speakers_list.id)
    with pytest.raises(FloorError, match="Nobody is waiting for the floor."):
        chair.give_floor(speakers_list.id)
    with pytest.raises(FloorError, match="no longer waiting"):
        chair.take_off(speakers_list.id, a.id, "removed")


def test_walk_in_already_on_list_refused(factory):
    event, session, speakers_list, gov, cso = _setup(factory)
    with pytest.raises(FloorError, match="Ana Lopez is already on the list."):
        chair.add_speaker(speakers_list.id, gov, kind="walk-in",
                          organization_id=None, category_id=None)
    assert len(requests_of(speakers_list.id)) == 2


def test_update_settings_keeps_screen_settings_unless_given(factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    assert (speakers_list.screen_next_count, speakers_list.screen_show_previous) == (3, False)
    chair.update_settings(speakers_list.id, policy="arrival",
                          default_limit_seconds=120, per_category_limit=None,
                          per_organization_limit=None, screen_next_count=1,
                          screen_show_previous=True)
    chair.update_settings(speakers_list.id, policy="protocol",
                          default_limit_seconds=90, per_category_limit=2,
                          per_organization_limit=None)
    db.session.expire_all()
    saved = db.session.get(SpeakersList, speakers_list.id)
    assert (saved.policy, saved.default_limit_seconds, saved.screen_next_count,
            saved.screen_show_previous) == ("protocol", 90, 1, True)
    chair.update_settings(speakers_list.id, policy="protocol",
                          default_limit_seconds=90, per_category_limit=2,
                          per_organization_limit=None, screen_next_count=9)
    db.session.expire_all()
    assert db.session.get(SpeakersList, speakers_list.id).screen_next_count == 5
