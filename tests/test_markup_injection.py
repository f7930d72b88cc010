"""Names typed by organizers and participants never become markup on any page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.floor import requests
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import AgendaStar, Event, Room, Session
from tests.conftest import login
from tests.factories import PASSWORD
from tests.floor.helpers import open_list
from tests.test_robustness import World, _path, _rules, world  # noqa: F401 - fixture

PAYLOAD = "<b>x</b>\"'&"
RAW = "<b>x</b>"
ESCAPED = "&lt;b&gt;x&lt;/b&gt;"
NAMED = {
    Event: ("title",),
    StakeholderCategory: ("name", "name_fr", "name_es"),
    Room: ("name", "name_fr", "name_es"),
    Session: ("title",),
    Organization: ("name",),
    Person: ("first_name", "last_name"),
}


@pytest.fixture()
def named_world(world: World) -> World:  # noqa: F811
    """The robustness world with every name that a page shows set to the payload."""
    with db.session.no_autoflush:
        for model, columns in NAMED.items():
            for number, row in enumerate(db.session.scalars(select(model)).all()):
                for column in columns:
                    # Numbered: some names are unique.
                    setattr(row, column, f"{PAYLOAD} {number}")
    db.session.add(AgendaStar(user_id=world.participant.id, session_id=world.real["session_id"]))
    db.session.commit()
    # A list of speakers with someone on it, for the floor's console and screen.
    speakers_list = open_list(db.session.get(Session, world.real["session_id"]))
    me = db.session.scalar(select(Person).where(Person.user_id == world.participant.id))
    requests.ask(speakers_list, me)
    return world


def _html_pages(client, fixture: World) -> dict[str, str]:
    """Every GET route with real ids: path -> HTML body."""
    pages = {}
    for rule in _rules(client.application):
        if "GET" not in (rule.methods or ()):
            continue
        path = _path(rule, fixture.real)
        response = client.get(path)
        if response.mimetype == "text/html":
            pages[path] = response.get_data(as_text=True)
    return pages


def _raw(pages: dict[str, str]) -> list[str]:
    return sorted(path for path, body in pages.items() if RAW in body)


def _escaped(pages: dict[str, str]) -> set[str]:
    return {path for path, body in pages.items() if ESCAPED in body}


def test_names_are_escaped_on_every_page_for_anonymous_visitors(client, named_world):
    pages = _html_pages(client, named_world)

    assert _raw(pages) == []
    slug = named_world.real["slug"]
    session_id = named_world.real["session_id"]
    assert {f"/events/{slug}/", f"/events/{slug}/agenda",
            f"/events/{slug}/sessions/{session_id}", f"/events/{slug}/participants",
            f"/events/{slug}/balance", f"/events/{slug}/sessions/{session_id}/floor"
            } <= _escaped(pages)


def test_names_are_escaped_on_every_page_for_participants(client, named_world):
    login(client, named_world.participant, PASSWORD)
    pages = _html_pages(client, named_world)

    assert _raw(pages) == []
    assert {"/me/agenda", "/me/registrations"} <= _escaped(pages)


def test_names_are_escaped_on_every_page_for_organizers(client, named_world):
    login(client, named_world.organizer, PASSWORD)
    pages = _html_pages(client, named_world)

    assert _raw(pages) == []
    slug = named_world.real["slug"]
    registration_id = named_world.real["registration_id"]
    assert {f"/organize/events/{slug}/registration-settings",
            f"/organize/events/{slug}/registrations",
            f"/organize/events/{slug}/registrations/{registration_id}",
            f"/organize/events/{slug}/balance",
            f"/organize/events/{slug}/balance/targets",
            f"/organize/events/{slug}/sessions/{named_world.real['session_id']}/floor",
            "/organize/categories/"} <= _escaped(pages)
