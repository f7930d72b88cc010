"""No cache keyed on what a visitor controls: the Host header never reaches a feed's bytes."""

from __future__ import annotations

import pytest

from eventapp.demo.synthetic import build_programme
from tests.calendars.helpers import vevents

FEEDS = ("/events/ev/calendar.ics", "/events/ev/schedule.xml", "/events/ev/schedule.json",
         "/events/ev/agenda")


@pytest.fixture()
def guarded_client(database_url, tmp_path):
    from eventapp import create_app

    app = create_app({
        "TESTING": True, "SECRET_KEY": "trusted-hosts-secret-key", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": database_url, "OUTBOX_DIR": str(tmp_path / "outbox"),
        "TRUSTED_HOSTS": ["events.example.org"], "FEED_VALIDATOR_TTL_SECONDS": 0,
        "PUBLIC_BASE_URL": "https://events.example.org",
    })
    return app.test_client()


@pytest.mark.parametrize("url", FEEDS)
def test_feed_with_unknown_host_is_refused_when_trusted_hosts_is_set(guarded_client, factory,
                                                                     url):
    build_programme(factory.event("ev"), sessions=3, slots_per_session=1)
    refused = guarded_client.get(url, headers={"Host": "evil.example"})
    allowed = guarded_client.get(url, headers={"Host": "events.example.org"})
    assert refused.status_code == 400
    assert refused.get_data(as_text=True) == "This site does not answer to that host name.\n"
    assert allowed.status_code == 200


@pytest.mark.parametrize("url", FEEDS)
def test_feed_urls_come_from_public_base_url_whatever_the_host(app, client, factory, url,
                                                               query_counter, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://events.example.org")
    build_programme(factory.event("ev"), sessions=3, slots_per_session=1)
    with query_counter() as stranger_count:
        stranger = client.get(url, headers={"Host": "evil.example"})
    with query_counter() as visitor_count:
        visitor = client.get(url, headers={"Host": "events.example.org"})
    assert stranger.status_code == visitor.status_code == 200
    assert visitor.data == stranger.data
    assert b"evil.example" not in stranger.data
    # https:// in feeds and exports, webcal:// in the agenda's subscribe link.
    assert b"//events.example.org/events/ev/" in stranger.data
    # The visitor was served from the cache the stranger's request filled: one build in all.
    assert visitor_count.count == 1  # the validator query only
    assert stranger_count.count > 1
    assert visitor.headers.get("ETag") == stranger.headers.get("ETag")

def test_feed_session_urls_use_public_base_url(app, client, factory, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://events.example.org/")
    event = factory.event("ev")
    session = factory.session(event, title="Panel")
    body = client.get("/events/ev/calendar.ics", headers={"Host": "evil.example"}).data
    assert str(vevents(body)[0]["URL"]) == (
        f"https://events.example.org/events/ev/sessions/{session.id}"
    )
