"""The registration blueprints load their event once: access first, then the event."""

from __future__ import annotations

import pytest
from flask import g

from eventapp.registration.errors import RegistrationError
from tests.conftest import count_queries, login

ORGANIZER_PAGES = ("/organize/events/nope/registrations",
                   "/organize/events/nope/registrations/1",
                   "/organize/events/nope/registrations.csv",
                   "/organize/events/nope/registration-settings",
                   "/organize/events/nope/organizations")


@pytest.mark.parametrize("path", ORGANIZER_PAGES)
def test_unknown_event_sends_anonymous_visitors_to_login_before_any_404(client, path: str):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next={path.replace('/', '%2F')}"


@pytest.mark.parametrize("path", ORGANIZER_PAGES)
def test_unknown_event_refuses_participants_before_any_404(client, participant, path: str):
    login(client, participant)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ORGANIZER_PAGES)
def test_unknown_event_is_404_for_organizers(organizer_client, path: str):
    assert organizer_client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/events/nope/register", "/events/nope/participants",
                                  "/events/draft/register", "/events/draft/participants"])
@pytest.mark.parametrize("who", ["anonymous", "organizer"])
def test_public_pages_of_unknown_or_unpublished_events_are_404(client, factory, organizer,
                                                               path: str, who: str):
    factory.event("draft", published=False)
    if who == "organizer":
        login(client, organizer)
    assert client.get(path).status_code == 404


def test_registration_error_on_an_organizer_page_returns_to_the_event_list(app_ctx):
    with app_ctx.test_request_context("/organize/events/ev/registrations/bulk", method="POST"):
        app_ctx.preprocess_request()  # the loader takes the slug out of the view arguments
        assert g.event_slug == "ev"
        response = app_ctx.handle_user_exception(RegistrationError("No such role."))
    assert response.status_code == 302
    assert response.headers["Location"] == "/organize/events/ev/registrations"


@pytest.mark.parametrize(("path", "queries"), [
    ("/organize/events/ev/registration-settings", 5),
    ("/organize/events/ev/organizations", 2),
])
def test_organizer_page_loads_the_event_once(organizer_client, factory, path: str,
                                             queries: int):
    factory.event("ev")
    organizer_client.get("/organize/")  # the login session is loaded outside the count
    with count_queries() as counter:
        assert organizer_client.get(path).status_code == 200
    assert counter.count == queries


def test_register_page_loads_the_event_once(client, factory):
    factory.event("ev")
    with count_queries() as counter:
        assert client.get("/events/ev/register").status_code == 200
    # The event, the offered categories, the organizations.
    assert counter.count == 3
