"""Two chairs pressing at once, on SQLite and on PostgreSQL.

Each thread has its own app context, hence its own session and database connection, like
two gunicorn workers serving two chair devices; a barrier releases them at the same moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.locking import AlreadyDone, FloorError
from eventapp.floor.models import SpeakersList
from eventapp.programme.models import SpeakingSlot
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version


def _at_once(app, actions: list[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(action: Callable[[], object]) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                action()
                outcome = "ok"
            except AlreadyDone as error:
                outcome = f"already: {error}"
            except FloorError as error:
                outcome = f"refused: {error}"
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


def _setup(factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    people = [participant(factory, event, name) for name in ("Ana Lopez", "Ben Okafor")]
    for person in people:
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)
    db.session.commit()
    return session, speakers_list.id, people


def test_two_chairs_give_next_at_once_one_wins(app_ctx, factory):
    session, list_id, people = _setup(factory)
    seen = version(list_id)
    first = requests_of(list_id)[0].id

    outcomes = _at_once(app_ctx, [lambda: chair.give_floor(
        list_id, expected_request_id=first)] * 2)

    assert outcomes == ["already: Ana Lopez already has the floor.", "ok"]
    assert [r.status for r in requests_of(list_id)] == ["speaking", "waiting"]
    assert version(list_id) == seen + 1


def test_two_chairs_stop_at_once_records_once(app_ctx, factory):
    session, list_id, people = _setup(factory)
    given = chair.give_floor(list_id).id

    outcomes = _at_once(app_ctx, [lambda: chair.stop(list_id, given)] * 2)

    assert [o.split(" (")[0] for o in outcomes] == [
        "already: Ana Lopez's intervention is already stopped and recorded", "ok"]
    db.session.expire_all()
    slots = db.session.scalars(select(SpeakingSlot).where(
        SpeakingSlot.session_id == session.id)).all()
    done = [r for r in requests_of(list_id) if r.status == "done"]
    assert len(slots) == 1 and len(done) == 1
    assert slots[0].actual_seconds == done[0].elapsed_seconds


def test_chair_stop_and_other_chair_give_at_once_lose_nothing(app_ctx, factory):
    session, list_id, people = _setup(factory)
    given = chair.give_floor(list_id).id
    second = requests_of(list_id)[1].id

    outcomes = _at_once(app_ctx, [lambda: chair.stop(list_id, given),
                                  lambda: chair.give_floor(list_id, second)])

    # Giving the floor first stops and records the speaker: the stop then finds it done.
    assert [o.split(" (")[0] for o in outcomes] in (["ok", "ok"], [
        "already: Ana Lopez's intervention is already stopped and recorded", "ok"])
    assert [r.status for r in requests_of(list_id)] == ["done", "speaking"]
    db.session.expire_all()
    slots = db.session.scalars(select(SpeakingSlot)).all()
    assert [(s.person_id, s.role) for s in slots] == [(people[0].id, "floor")]


def test_chair_acts_while_participants_ask_and_withdraw_at_once(app_ctx, factory):
    event, session = dialogue(factory)
    list_id = open_list(session, policy="arrival").id
    first = participant(factory, event, "Ana Lopez")
    requests.ask(db.session.get(SpeakersList, list_id), first)
    others = [participant(factory, event, f"Person Number{i}") for i in range(6)]
    other_ids = [p.id for p in others]
    db.session.commit()
    expected = requests_of(list_id)[0].id

    def asker(person_id: int) -> Callable[[], object]:
        def run() -> object:
            from eventapp.people.models import Person
            person = db.session.get(Person, person_id)
            requests.ask(db.session.get(SpeakersList, list_id), person)
            return requests.withdraw(db.session.get(SpeakersList, list_id), person)
        return run

    outcomes = _at_once(app_ctx, [
        lambda: chair.give_floor(list_id, expected_request_id=expected),
        *[asker(pid) for pid in other_ids]])

    assert outcomes == ["ok"] * 7
    assert [r.status for r in requests_of(list_id)] == ["speaking"] + ["withdrawn"] * 6


def test_many_participants_ask_at_once_get_distinct_places(app_ctx, factory):
    event, session = dialogue(factory)
    list_id = open_list(session).id
    people = [participant(factory, event, f"Person Number{i}") for i in range(8)]
    person_ids = [p.id for p in people]

    def asker(person_id: int) -> Callable[[], object]:
        def run() -> object:
            from eventapp.people.models import Person
            return requests.ask(db.session.get(SpeakersList, list_id),
                                db.session.get(Person, person_id))
        return run

    # Every person asks twice at once: each ends up on the list exactly once.
    outcomes = _at_once(app_ctx, [asker(pid) for pid in person_ids * 2])

    assert outcomes.count("ok") == 8
    assert all(o.startswith("refused: You are already on the list") for o in outcomes
               if o != "ok")
    rows = requests_of(list_id)
    assert sorted(r.person_id for r in rows) == sorted(person_ids)
    assert sorted(r.position for r in rows) == list(range(1, 9))
