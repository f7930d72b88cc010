"""Moves from the timetable: the form's writes (SEQUENCE, feeds), versions, two at once."""

from __future__ import annotations

import threading
from datetime import date, time

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme.grid_moves import MoveRequest, move_session, version_of
from eventapp.programme.models import Event, Session
from tests.calendars.helpers import vevents
from tests.factories import utc

MOVE = "/organize/events/ev/timetable/move"


def _request(session: Session, *, start: time, room_id: int | None = None,
             version: str | None = None) -> MoveRequest:
    return MoveRequest(session.id, date(2018, 3, 26), start, None, 60,
                       room_id if room_id is not None else session.room_id,
                       version_of(session) if version is None else version)


def test_grid_move_raises_only_its_sessions_sequence_and_changes_the_feed_etag(
        organizer_client, factory):
    event = factory.event("ev")
    hall = factory.room(event, "Hall A")
    moved = factory.session(event, title="Moved", room=hall, start=time(9, 0))
    still = factory.session(event, title="Still", room=hall, start=time(11, 0))
    before = organizer_client.get("/events/ev/calendar.ics")
    sequences = {e["SUMMARY"]: e["SEQUENCE"] for e in vevents(before.data)}
    assert sequences == {"Moved": 0, "Still": 0}
    response = organizer_client.post(MOVE, data={
        "session_id": moved.id, "day": "2018-03-26", "start": "14:00", "end": "15:00",
        "room_id": hall.id, "version": version_of(moved)})
    assert response.status_code == 200
    after = organizer_client.get("/events/ev/calendar.ics",
                                 headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    events = {e["SUMMARY"]: e for e in vevents(after.data)}
    assert {name: e["SEQUENCE"] for name, e in events.items()} == {"Moved": 1, "Still": 0}
    assert events["Moved"].decoded("DTSTART") == utc(2018, 3, 26, 18, 0)
    db.session.expire_all()
    assert events["Moved"].decoded("LAST-MODIFIED") == moved.updated_at.replace(microsecond=0)
    assert events["Still"].decoded("LAST-MODIFIED") == still.updated_at.replace(microsecond=0)
    assert moved.updated_at > still.updated_at


def test_move_that_changes_nothing_keeps_the_sequence(app_ctx, factory):
    event = factory.event("ev")
    hall = factory.room(event, "Hall A")
    session = factory.session(event, room=hall, start=time(9, 0))
    outcome = move_session(event, _request(session, start=time(9, 0)))
    assert outcome.status == "moved"
    db.session.expire_all()
    assert session.sequence == 0


def test_move_warns_when_speakers_need_more_time_and_moves_once_accepted(app_ctx, factory):
    event = factory.event("ev")
    hall = factory.room(event, "Hall A")
    session = factory.session(event, room=hall, start=time(9, 0), minutes=60)
    factory.slot(session, planned_minutes=50)
    request = MoveRequest(session.id, date(2018, 3, 26), time(9, 0), time(9, 30), None,
                          hall.id, version_of(session))
    outcome = move_session(event, request)
    assert (outcome.status, outcome.message) == (
        "warning", "Speakers are planned for 50 minutes but the session lasts 30 minutes.")
    assert move_session(event, request, accept_warnings=True).status == "moved"
    db.session.expire_all()
    assert session.ends_at == utc(2018, 3, 26, 13, 30)


def test_cancelled_session_cannot_be_moved(app_ctx, factory):
    event = factory.event("ev")
    session = factory.session(event, status="cancelled")
    assert move_session(event, _request(session, start=time(12, 0))).status == "missing"


def _at_once(app, actions) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(action) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                outcome = action()
            except Exception as error:  # reported by the test
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(outcomes)


def test_two_organizers_move_the_same_session_at_once_one_wins(app_ctx, factory):
    event = factory.event("ev")
    hall = factory.room(event, "Hall A")
    session = factory.session(event, room=hall, start=time(9, 0))
    session_id, seen = session.id, version_of(session)

    def move_to(hour: int):
        def action() -> str:
            mover = db.session.scalar(select(Event).where(Event.slug == "ev"))
            found = db.session.get(Session, session_id)
            outcome = move_session(mover, _request(found, start=time(hour, 0), version=seen))
            return outcome.status if outcome.status == "moved" else \
                f"{outcome.status}: {outcome.message[:30]}"
        return action

    outcomes = _at_once(app_ctx, [move_to(12), move_to(15)])

    assert outcomes == ["moved", "stale: Someone else changed this sess"]
    db.session.expire_all()
    moved = db.session.get(Session, session_id)
    assert moved.sequence == 1
    assert moved.starts_at in (utc(2018, 3, 26, 16, 0), utc(2018, 3, 26, 19, 0))


def test_two_sessions_moved_into_one_room_at_once_only_one_gets_it(app_ctx, factory):
    event = factory.event("ev")
    hall, annex = factory.room(event, "Hall A"), factory.room(event, "Annex")
    first = factory.session(event, title="First", room=hall, start=time(9, 0))
    second = factory.session(event, title="Second", room=hall, start=time(11, 0))
    targets = [(s.id, version_of(s)) for s in (first, second)]
    annex_id = annex.id

    def move(session_id: int, seen: str):
        def action() -> str:
            mover = db.session.scalar(select(Event).where(Event.slug == "ev"))
            found = db.session.get(Session, session_id)
            outcome = move_session(mover, _request(found, start=time(14, 0), room_id=annex_id,
                                                   version=seen))
            return outcome.status
        return action

    outcomes = _at_once(app_ctx, [move(*t) for t in targets])
    assert outcomes == ["moved", "refused"]
