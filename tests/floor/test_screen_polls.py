"""Screens' polls answered before the framework: the same answer as the view, or the view."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from flask import Flask

from eventapp import fragment_cache
from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import SpeakersList
from eventapp.floor.screen_polls import ScreenPolls
from eventapp.programme.models import Event, Session
from tests.factories import Factory
from tests.floor.helpers import dialogue, open_list, participant


@pytest.fixture()
def trusted(app: Flask) -> Iterator[None]:
    """Validators trusted for a minute, as in production for a fraction of a second."""
    app.config["FLOOR_VALIDATOR_TTL_SECONDS"] = 60
    fragment_cache.validators.clear()
    fragment_cache.cache.clear()
    yield
    app.config["FLOOR_VALIDATOR_TTL_SECONDS"] = 0
    fragment_cache.validators.clear()
    fragment_cache.cache.clear()


def _speaking(factory: Factory) -> tuple[Event, Session, str]:
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    # Long enough a state to be compressed (over compression.MIN_SIZE).
    for name in ("Ana Lopez", "Ben Okafor", "Cem Yilmaz", "Dee Ng"):
        requests.ask(db.session.get(SpeakersList, speakers_list.id),
                     participant(factory, event, name,
                                 org=f"Permanent Mission of {name} to the United Nations"))
    chair.give_floor(speakers_list.id)
    return event, session, f"/events/{event.slug}/sessions/{session.id}/floor.json"


def test_poll_answered_without_a_query_same_headers_and_body(app, client, factory,
                                                            query_counter, trusted):
    _, _, url = _speaking(factory)
    for encoding in ("gzip", ""):
        fragment_cache.validators.clear()
        fragment_cache.cache.clear()
        by_view = client.get(url, headers={"Accept-Encoding": encoding})
        with query_counter() as counter:
            polled = client.get(url, headers={"Accept-Encoding": encoding})
            unchanged = client.get(url, headers={"Accept-Encoding": encoding,
                                                 "If-None-Match": by_view.headers["ETag"]})
        assert counter.count == 0
        assert (by_view.status_code, polled.status_code, unchanged.status_code) == (200, 200,
                                                                                     304)
        # Equal but for the length (the clock's reading and the server's time vary).
        assert {k: v for k, v in polled.headers.items() if k != "Content-Length"} == {
            k: v for k, v in by_view.headers.items() if k != "Content-Length"}
        assert unchanged.headers["ETag"] == by_view.headers["ETag"]
        assert unchanged.headers["Vary"] == "Accept-Encoding, Accept-Language, Cookie"
        assert unchanged.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert unchanged.data == b""
        assert polled.headers.get("Content-Encoding") == (encoding or None)
        bodies = [gzip.decompress(r.data) if encoding else r.data for r in (by_view, polled)]
        # The same bytes but for the clock's reading and the server's time.
        assert [b.split(b'"elapsed_seconds"')[0] for b in bodies] == [
            bodies[0].split(b'"elapsed_seconds"')[0]] * 2
    assert by_view.headers["ETag"].endswith('"') and "-gzip" not in by_view.headers["ETag"]


def test_poll_in_another_language_gets_its_own_tag(client, factory, trusted):
    _, _, url = _speaking(factory)
    english = client.get(url).headers["ETag"]
    french = client.get(url, headers={"Accept-Language": "fr"})
    assert french.status_code == 200 and french.headers["ETag"] == english[:-1] + '-fr"'
    assert french.get_json()["current"]["category"] == "Gouvernement"
    again = client.get(url + "?lang=fr", headers={"If-None-Match": french.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(url, headers={"If-None-Match": english}).status_code == 304


def test_poll_left_to_the_view_when_signed_in_or_not_public(app, client, factory,
                                                           organizer, trusted):
    event, session, url = _speaking(factory)
    polls = ScreenPolls(app, app.wsgi_app)
    tag = client.get(url).headers["ETag"]
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": url, "HTTP_IF_NONE_MATCH": tag,
               "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
               "HTTP_HOST": "localhost"}
    assert polls.answer(environ)[0] == "304 NOT MODIFIED"
    assert polls.answer({**environ, "HTTP_COOKIE": "session=abc"}) is None
    assert polls.answer({**environ, "REQUEST_METHOD": "HEAD"}) is None
    assert polls.answer({**environ, "HTTP_IF_NONE_MATCH": "*"}) is None
    huge = url.replace(f"/sessions/{session.id}/", "/sessions/" + "9" * 5000 + "/")
    assert polls.answer({**environ, "PATH_INFO": huge}) is None
    # A stale tag without a snapshot of the new version here: the view builds it.
    fragment_cache.cache.clear()
    assert polls.answer({**environ, "HTTP_IF_NONE_MATCH": '"old"'}) is None
    # Unpublished: only the view may decide (404 for the public, the state for organizers).
    event.is_published = False
    db.session.commit()
    fragment_cache.validators.clear()
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 404
    assert polls.answer(environ) is None
