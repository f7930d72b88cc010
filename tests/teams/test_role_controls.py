"""Every organizer page a read-only role opens shows no control it would be refused.

The pages come from the URL map, like tests/teams/test_role_matrix.py, whose table says
what each visitor may reach: a viewer, a chair and desk staff open every organizer page by
GET and find no form sent by POST (but logging out and choosing a language) and no link to
an organizer page that would answer them 403.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update
from werkzeug.exceptions import HTTPException

from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queue import queue_mail
from tests.conftest import login
from tests.factories import utc
from tests.teams.test_role_matrix import FORBIDDEN, _expected, _requests, _world

# The forms every page carries for a signed-in account.
EVERY_PAGE_FORMS = {"/logout", "/language"}


class _Controls(HTMLParser):
    """The POST forms' actions and the links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.post_forms: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and (found.get("method") or "get").lower() == "post":
            self.post_forms.append(urlsplit(found.get("action") or "").path)
        elif tag == "a" and found.get("href"):
            self.links.append(urlsplit(found["href"] or "").path)


def _controls(html: str) -> _Controls:
    parser = _Controls()
    parser.feed(html)
    return parser


def _refused(app, path: str, method: str, visitor: str) -> bool:
    """Whether `path` is an organizer route that answers `visitor` 403 by `method`."""
    if not path.startswith("/organize"):
        return False
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method=method)
    except HTTPException:
        return False
    return _expected(endpoint, method, visitor) == FORBIDDEN


@pytest.mark.parametrize("visitor", ("viewer", "chair", "desk"))
def test_every_organizer_page_shows_a_read_only_role_no_control_it_is_refused(
        client, factory, visitor):
    values, people = _world(factory)
    login(client, people[visitor])
    app = client.application
    opened, wrong = 0, []
    for _endpoint, method, path in _requests(app, values):
        if method != "GET":
            continue
        response = client.get(path)
        body = response.get_data()
        response.close()
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        opened += 1
        controls = _controls(body.decode())
        # A form without an action is sent to its own page.
        forms = [action or path for action in controls.post_forms
                 if action not in EVERY_PAGE_FORMS]
        if visitor != "viewer":
            forms = [action for action in forms if _refused(app, action, "POST", visitor)]
        links = sorted({link for link in controls.links
                        if _refused(app, link, "GET", visitor)})
        if forms or links:
            wrong.append((path, forms, links))
    assert opened >= {"viewer": 25, "chair": 3, "desk": 3}[visitor]
    assert wrong == []


def _team_world(factory) -> dict[str, object]:
    """An event with what the controls act on: an unconfirmed organization with a twin to
    merge into, two records of one person, a failed message, a check-in."""
    event = factory.event("ev")
    new_org = factory.organization("Nouvelle ONG", category="civil-society", country="FR")
    new_org.is_confirmed = False
    factory.organization("Ancienne ONG", category="civil-society", country="FR")
    person = factory.person("Ana Duplicate", organization=new_org)
    factory.person("Ana Duplicate")
    registration = factory.registration(event, person, status="approved")
    queue_mail("someone@example.org", "Subject", "Body", kind="test", event_id=event.id)
    db.session.execute(update(OutboxMessage).values(status="failed"))
    db.session.add(CheckIn(event_id=event.id, registration_id=registration.id,
                           day=event.start_date, checked_in_at=utc(2018, 3, 26, 14),
                           desk="Door A"))
    db.session.commit()
    people = {name: factory.member(event, role=name)
              for name in ("organizer", "chair", "desk", "viewer")}
    return {"event": event, "registration": registration, "people": people}


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# Each page, and what an organizer sees there that a viewer must not.
VIEWER_PAGES = {
    "/organize/events/ev/registrations": ('id="bulk-form"', 'name="ids"'),
    "/organize/events/ev/registrations/{registration_id}": (
        'id="representation-form"', "Confirm this organization", "Find duplicates to merge",
        "Badge, check-ins, revoke or re-issue"),
    "/organize/events/ev/organizations": ("Or merge into an organization of the same country",
                                          ">Confirm</button>"),
    "/organize/events/ev/outbox?status=failed": ("Queue all failed messages again",
                                                 "the message to someone@example.org"),
    "/organize/events/ev/rooms": ("Add a room",),
    "/organize/events/ev/import": ('type="file"',),
}


@pytest.mark.parametrize("template", VIEWER_PAGES)
def test_viewer_page_lacks_the_organizers_controls(client, factory, template):
    world = _team_world(factory)
    path = template.format(registration_id=world["registration"].id)
    login(client, world["people"]["organizer"])
    organizers = _page(client, path)
    client.post("/logout", data={})
    login(client, world["people"]["viewer"])
    viewers = _page(client, path)
    for control in VIEWER_PAGES[template]:
        assert control in organizers
        assert control not in viewers
    assert '<form method="post"' not in viewers.replace(
        '<form method="post" action="/logout"', "").replace(
        '<form method="post" action="/language"', "")


def test_viewer_edit_page_shows_the_details_disabled_without_a_button(client, factory):
    world = _team_world(factory)
    login(client, world["people"]["viewer"])
    page = _page(client, "/organize/events/ev/edit")
    assert "Your role on this event reads these details; it cannot change them." in page
    assert '<fieldset disabled class="read-only-fields">' in page
    assert 'value="Test dialogue"' in page
    assert "<form method=\"post\" class=\"form" not in page


def test_viewer_delete_confirmation_says_the_role_changes_nothing(client, factory):
    world = _team_world(factory)
    room = factory.room(world["event"], "Salle XVII")
    login(client, world["people"]["viewer"])
    page = _page(client, f"/organize/events/ev/rooms/{room.id}/delete")
    assert "Your role on this event reads this page; it cannot change anything here." in page
    assert "Delete the room</button>" not in page


def test_desk_badge_details_show_check_ins_without_the_organizers_controls(client, factory):
    world = _team_world(factory)
    registration = world["registration"]
    path = f"/organize/events/ev/check-in/registrations/{registration.id}"
    login(client, world["people"]["organizer"])
    organizers = _page(client, path)
    client.post("/logout", data={})
    login(client, world["people"]["desk"])
    desks = _page(client, path)
    for control in ("Revoke this badge (lost or stolen)", "Issue a new badge",
                    "Undo this check-in", "Registration details", "Back to organizing"):
        assert control in organizers
        assert control not in desks
    assert "Door A" in desks and "Present" in desks


def test_chair_session_page_has_no_history_link_nor_editing(client, factory):
    world = _team_world(factory)
    session = factory.session(world["event"], title="Panel on return")
    login(client, world["people"]["chair"])
    page = _page(client, f"/organize/events/ev/sessions/{session.id}/")
    assert "Panel on return" in page
    assert "Full history in the audit trail" not in page
    assert "List of speakers (chair console)" in page
    assert f"/organize/events/ev/sessions/{session.id}/edit" not in page


def test_owner_of_some_event_gets_the_new_event_form_to_send(client, factory):
    owner = factory.member(factory.event("mine"), role="owner")
    login(client, owner)
    page = _page(client, "/organize/events/new")
    assert '<form method="post" class="form has-versions" novalidate>' in page
    assert "read-only-fields" not in page


def test_organizer_gets_the_event_form_to_send(client, factory):
    world = _team_world(factory)
    login(client, world["people"]["organizer"])
    page = _page(client, "/organize/events/ev/edit")
    assert '<form method="post" class="form has-versions" novalidate>' in page
    assert "read-only-fields" not in page
