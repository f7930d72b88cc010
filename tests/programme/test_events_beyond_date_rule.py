"""Events stored before the date rule (a last day in the year 9999) still load and export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import update

from eventapp.extensions import db
from eventapp.programme.models import Event
from tests.conftest import login
from tests.factories import PASSWORD
from tests.programme.csv_rows import csv_text, row
from tests.test_robustness import World, _path, _rules, world  # noqa: F401 - fixture

FAR = date(9999, 12, 31)


@pytest.fixture()
def far_world(world: World) -> World:  # noqa: F811
    # Written around the model, as rows stored before the rule existed are.
    db.session.execute(update(Event).where(Event.slug == world.real["slug"])
                       .values(end_date=FAR))
    db.session.commit()
    return world


def _server_errors(client, fixture: World) -> list[str]:
    errors = []
    for rule in _rules(client.application):
        if "GET" in (rule.methods or ()):
            path = _path(rule, fixture.real)
            if client.get(path).status_code >= 500:
                errors.append(path)
    return errors


def test_every_page_of_a_far_event_loads_for_anonymous_visitors(client, far_world):
    assert _server_errors(client, far_world) == []


def test_every_page_of_a_far_event_loads_for_organizers(client, far_world):
    login(client, far_world.organizer, PASSWORD)

    assert _server_errors(client, far_world) == []


def test_far_event_exports_its_schedule_and_feed(client, far_world):
    slug = far_world.real["slug"]

    for path in ("agenda", "calendar.ics", "schedule.xml", "schedule.json"):
        assert client.get(f"/events/{slug}/{path}").status_code == 200, path


def test_far_event_import_preview_shows_the_file(client, far_world):
    login(client, far_world.organizer, PASSWORD)
    text = csv_text([row()])

    response = client.post(f"/organize/events/{far_world.real['slug']}/import",
                           data={"file": (io.BytesIO(text.encode()), "programme.csv")},
                           content_type="multipart/form-data")

    assert response.status_code == 200


def test_editing_a_far_event_asks_to_fix_its_dates(client, far_world):
    login(client, far_world.organizer, PASSWORD)

    response = client.get(f"/organize/events/{far_world.real['slug']}/edit")

    assert response.status_code == 200
    assert ("The last day must fall between the years 1900 and 2200 (9999-12-31 does not)."
            in response.get_data(as_text=True))
