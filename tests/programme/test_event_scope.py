"""The organizer blueprints check access first, then load the URL's event once."""

from __future__ import annotations

import pytest

from tests.conftest import count_queries, login

UNKNOWN = ("/organize/events/nope/", "/organize/events/nope/rooms",
           "/organize/events/nope/sessions/1/", "/organize/events/nope/import",
           "/organize/events/nope/import/template.csv")


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
    assert counter.count == 4
