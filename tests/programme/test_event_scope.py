"""The organizer blueprints check access first, then load the URL's event once; the public
ones load it, published only, on first use."""

from __future__ import annotations

import pytest

from tests.conftest import count_queries, login

UNKNOWN = ("/organize/events/nope/", "/organize/events/nope/rooms",
           "/organize/events/nope/sessions/1/", "/organize/events/nope/import",
           "/organize/events/nope/import/template.csv", "/organize/events/nope/balance",
           "/organize/events/nope/balance.csv", "/organize/events/nope/outbox",
           "/organize/events/nope/sessions/1/floor")


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_event_sends_anonymous_visitors_to_login_before_any_404(client, path: str):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next={path.replace('/', '%2F')}"


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_event_refuses_participants_before_any_404(client, participant, path: str):
    login(client, participant)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_event_is_404_for_organizers(organizer_client, path: str):
    assert organizer_client.get(path).status_code == 404


def test_deleting_an_unknown_event_twice_is_harmless(organizer_client):
    response = organizer_client.post("/organize/events/nope/delete", follow_redirects=True)
    assert response.status_code == 200
    assert "That event has already been deleted." in response.get_data(as_text=True)
    assert organizer_client.get("/organize/events/nope/delete").status_code == 404


def test_options_is_answered_without_access_check(client):
    response = client.options("/organize/events/nope/import")
    assert response.status_code == 200
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


@pytest.mark.parametrize(("path", "queries"), [
    ("/organize/events/ev/rooms", 2), ("/organize/events/ev/import", 1),
    ("/organize/events/ev/sessions/new", 2),
])
def test_event_is_loaded_once(organizer_client, factory, path: str, queries: int):
    factory.room(factory.event("ev"))
    organizer_client.get("/organize/")  # the login session is loaded outside the count
    with count_queries() as counter:
        assert organizer_client.get(path).status_code == 200
    assert counter.count == queries


def test_links_after_a_commit_use_the_url_slug_without_loading_again(organizer_client,
                                                                      factory):
    factory.event("ev", published=False)
    organizer_client.get("/organize/")
    with count_queries() as counter:
        response = organizer_client.post("/organize/events/ev/publish")
    assert response.headers["Location"] == "/organize/events/ev/"
    # The four of before, and the publication's audit entry.
    assert counter.count == 5
    assert sum("audit_entries" in s for s in counter.statements) == 1


PUBLIC = ("/events/{slug}/", "/events/{slug}/agenda", "/events/{slug}/sessions/{id}",
          "/events/{slug}/balance", "/events/{slug}/calendar.ics",
          "/events/{slug}/sessions/{id}/calendar.ics", "/events/{slug}/schedule.json")


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_of_a_draft_are_404_for_organizers_too(organizer_client, factory,
                                                             path: str):
    event = factory.event("draft", published=False, balance_is_public=True)
    session = factory.session(event)
    assert organizer_client.get(path.format(slug="draft", id=session.id)).status_code == 404


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_of_an_unknown_event_are_404(client, path: str):
    assert client.get(path.format(slug="nope", id=1)).status_code == 404


def test_public_balance_summary_on_the_organizer_blueprint_is_open_to_everyone(client,
                                                                                factory):
    factory.event("ev", balance_is_public=True)
    assert client.get("/events/ev/balance").status_code == 200
    factory.event("closed")
    assert client.get("/events/closed/balance").status_code == 404


def test_floor_screen_of_a_draft_shows_to_organizers_only(client, organizer, factory):
    session = factory.session(factory.event("draft", published=False))
    path = f"/events/draft/sessions/{session.id}/floor"
    assert client.get(path).status_code == 404
    login(client, organizer)
    assert client.get(path).status_code == 200
    # Asking for the floor stays a published event's affair, organizers included.
    assert client.post(f"{path}/request").status_code == 404


def test_an_event_loaded_by_an_earlier_request_is_not_reused(organizer_client, factory):
    factory.event("ev")
    assert organizer_client.get("/organize/events/ev/balance").status_code == 200
    assert organizer_client.get("/events/nope/").status_code == 404
    assert organizer_client.get("/events/ev/").status_code == 200
