"""floor.json and the chair console: the same number of queries for 3 or 40 requests."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from eventapp import fragment_cache
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import SpeakersList
from eventapp.programme.models import Session
from tests.factories import Factory
from tests.floor.helpers import dialogue, open_list, participant

CATEGORIES = ("government", "civil-society", "un-system", "migrants-diaspora", "academia")


def _fill(factory, size: int, extra_registrations: int, tag: str = ""):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="balanced")
    for i in range(size):
        person = participant(factory, event, f"Person Number{i}",
                             category=CATEGORIES[i % len(CATEGORIES)], org=f"Org {tag}{i}")
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)
    for _ in range(extra_registrations):
        factory.registration(event, category="academia")
    # Some history: two interventions done, one speaking.
    for _ in range(3):
        chair.give_floor(speakers_list.id)
    return event, session


def _counts(client, query_counter, event, session) -> tuple[int, int, int]:
    url = f"/events/{event.slug}/sessions/{session.id}/floor.json"
    client.get(url)  # warm caches of the app itself (templates, statements)
    fragment_cache.cache.clear()
    with query_counter() as full:
        response = client.get(url)
    assert response.status_code == 200
    with query_counter() as snapshot:
        assert client.get(url).status_code == 200
    with query_counter() as unchanged:
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}
                          ).status_code == 304
    console = f"/organize/events/{event.slug}/sessions/{session.id}/floor"
    client.get(console)
    with query_counter() as page:
        assert client.get(console).status_code == 200
    return full.count, snapshot.count, unchanged.count, page.count


def test_floor_json_and_console_queries_do_not_grow(client, factory, query_counter,
                                                    organizer):
    from tests.conftest import login

    small = _fill(factory, 3, 0)
    large = _fill(factory, 40, 25, "L")
    login(client, organizer)

    small_counts = _counts(client, query_counter, *small)
    large_counts = _counts(client, query_counter, *large)

    assert small_counts == large_counts, (small_counts, large_counts)
    # First 200 of a version: the stamp, the user, event, session and its speakers, list,
    # requests, tallies, targets (two). Later 200s of that version: the stamp alone (the
    # snapshot is cached on the version). 304: the stamp. Console: the first 200 plus the
    # walk-in pickers and today's check-ins, less the stamp.
    assert large_counts == (9, 1, 1, 11)


def test_floor_json_304_is_one_query_for_the_public(client, factory, query_counter):
    event, session = _fill(factory, 3, 0)
    url = f"/events/{event.slug}/sessions/{session.id}/floor.json"
    tag = client.get(url).headers["ETag"]
    with query_counter() as counter:
        assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    assert counter.count == 1


def test_budgets_and_a_point_of_order_add_no_query(client: FlaskClient, factory: Factory,
                                                   query_counter: Callable,
                                                   organizer: User) -> None:
    from eventapp.floor import budgets, interjections
    from eventapp.floor.models import FloorRequest
    from eventapp.people.models import StakeholderCategory
    from tests.conftest import login

    sizes = []
    for size, extra, tag in ((3, 0, "B"), (40, 25, "C")):
        event, session = _fill(factory, size, extra, tag)
        speakers_list = db.session.scalar(select(SpeakersList).where(
            SpeakersList.session_id == session.id))
        cats = list(db.session.scalars(select(StakeholderCategory.id)))
        budgets.save(speakers_list.id, {cid: ("seconds", 300 + cid) for cid in cats[:4]})
        speaker = db.session.scalar(select(FloorRequest).where(
            FloorRequest.list_id == speakers_list.id, FloorRequest.status == "speaking"))
        olga = participant(factory, event, "Olga Order", org=f"Order {tag}")
        interjections.interject(speakers_list.id, kind="order", person_id=olga.id,
                                speaker_request_id=speaker.id)
        sizes.append((event, session))
    login(client, organizer)
    counts = [_counts(client, query_counter, *pair) for pair in sizes]
    assert counts[0] == counts[1] == (9, 1, 1, 11), counts


def test_me_json_queries_do_not_grow(client, factory, query_counter):
    from tests.conftest import login

    def counts(size: int, tag: str) -> tuple[int, int]:
        event, session = _fill(factory, size, 0, tag)
        user = factory.user(email=f"me{tag}@example.org")
        me = participant(factory, event, f"Pat Doe{tag}", user=user, org=f"Mine {tag}")
        requests.ask(db.session.get(SpeakersList, _list_id(session)), me)
        login(client, user)
        url = f"/events/{event.slug}/sessions/{session.id}/floor/me.json"
        client.get(url)
        with query_counter() as full:
            response = client.get(url)
        assert response.get_json()["status"] == "waiting"
        with query_counter() as unchanged:
            assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}
                              ).status_code == 304
        return full.count, unchanged.count

    small, large = counts(3, "S"), counts(40, "L")
    assert small == large, (small, large)
    # 200: the user, the stamp, event and session, the list, the person and registration,
    # the state (requests, tallies, targets). 304: the stamp alone (the user is known).
    assert large == (10, 1)


def _list_id(session: Session) -> int:
    return db.session.scalar(select(SpeakersList.id).where(
        SpeakersList.session_id == session.id))
