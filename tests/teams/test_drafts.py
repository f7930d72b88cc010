"""A draft event's room screen: shown to its team and to administrators, 404 for others."""

from __future__ import annotations

import pytest
from flask import g

from tests.conftest import login


@pytest.mark.parametrize(("who", "status"), [
    ("admin", 200), ("chair", 200), ("viewer", 200), ("other_team", 404),
    ("participant", 404), ("anonymous", 404),
])
def test_the_floor_screen_of_a_draft_is_for_its_team(client, factory, who, status):
    event = factory.event("draft", published=False)
    session = factory.session(event)
    people = {
        "admin": lambda: factory.user(role="admin"),
        "chair": lambda: factory.member(event, role="chair"),
        "viewer": lambda: factory.member(event, role="viewer"),
        "other_team": lambda: factory.member(factory.event("other"), role="owner"),
        "participant": lambda: factory.user(),
    }
    if who != "anonymous":
        login(client, people[who]())
    g.pop("_login_user", None)

    response = client.get(f"/events/draft/sessions/{session.id}/floor")

    assert response.status_code == status
