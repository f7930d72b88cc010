"""Every chair action is applied although participants asked and withdrew since the page
loaded: the forms are read from the console as rendered, then posted as a browser would."""

from __future__ import annotations

import lxml.html
import pytest

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import SpeakersList
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version


def _console(event, session) -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor"


def _fields(form) -> dict[str, str]:
    """What the browser would post: every named input and select as rendered."""
    data = {}
    for field in form.xpath(".//input[@name] | .//select[@name]"):
        if field.tag == "select":
            chosen = field.xpath("./option[@selected]") or field.xpath("./option")
            data[field.get("name")] = chosen[0].get("value") if chosen else ""
        else:
            data[field.get("name")] = field.get("value") or ""
    return data


def _form(page, action: str, request_id: int | None = None,
          direction: str | None = None):
    forms = page.xpath(f'//form[@data-action="{action}"]')
    if request_id is not None:
        forms = [f for f in forms
                 if f.xpath(f'.//input[@name="request_id"][@value="{request_id}"]')]
    if direction is not None:
        forms = [f for f in forms if f.xpath(f'.//input[@name="direction"][@value="{direction}"]')]
    assert len(forms) == 1, (action, request_id, len(forms))
    return forms[0]


def _setup(factory, policy: str = "balanced"):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy=policy)
    people = [participant(factory, event, "Ana Lopez", org="Mexico"),
              participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC"),
              participant(factory, event, "Cem Yilmaz", category="un-system", org="UNHCR")]
    for person in people:
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)
    late = participant(factory, event, "Dina Haddad", category="migrants-diaspora",
                       org="Diaspora Network")
    return event, session, speakers_list.id, people, late


def _meanwhile(list_id: int, people, late) -> None:
    """Participants act between the chair's page load and the click: one withdraws, one asks."""
    requests.withdraw(db.session.get(SpeakersList, list_id), people[2])
    requests.ask(db.session.get(SpeakersList, list_id), late)


def _statuses(list_id: int) -> dict[str, str]:
    return {r.person.full_name: r.status for r in requests_of(list_id)}


ROW_ACTIONS = {
    "give": {"Ana Lopez": "waiting", "Ben Okafor": "speaking"},
    "skip": {"Ana Lopez": "waiting", "Ben Okafor": "skipped"},
    "remove": {"Ana Lopez": "waiting", "Ben Okafor": "removed"},
}


@pytest.mark.parametrize("action", sorted(ROW_ACTIONS))
def test_row_action_applied_after_participants_ask_and_withdraw(organizer_client, factory,
                                                                action: str):
    event, session, list_id, people, late = _setup(factory)
    ben = requests_of(list_id)[1]
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    data = _fields(_form(page, action, ben.id))
    _meanwhile(list_id, people, late)

    response = organizer_client.post(_console(event, session, ) + f"/{action}", data=data)

    assert response.status_code == 302
    assert _statuses(list_id) == {**ROW_ACTIONS[action], "Cem Yilmaz": "withdrawn",
                                  "Dina Haddad": "waiting"}


def test_move_applied_after_participants_ask_and_withdraw(organizer_client, factory):
    event, session, list_id, people, late = _setup(factory)
    ben = requests_of(list_id)[1]
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    data = _fields(_form(page, "move", ben.id, "up"))
    _meanwhile(list_id, people, late)

    organizer_client.post(_console(event, session) + "/move", data=data)

    waiting = sorted((r for r in requests_of(list_id) if r.status == "waiting"),
                     key=lambda r: (r.position, r.id))
    assert [r.person.full_name for r in waiting] == ["Ben Okafor", "Ana Lopez", "Dina Haddad"]


def test_give_next_gives_the_suggestion_seen_after_others_ask(organizer_client, factory):
    event, session, list_id, people, late = _setup(factory)
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    form = _form(page, "give-next")
    data = _fields(form)
    seen = int(data["expected_request_id"])
    _meanwhile(list_id, people, late)

    response = organizer_client.post(_console(event, session) + "/give-next", data=data,
                                     headers={"Accept": "application/json"})

    assert response.get_json()["category"] == "success"
    speaking = [r for r in requests_of(list_id) if r.status == "speaking"]
    assert [(r.id, r.given_by) for r in speaking] == [(seen, "suggestion")]


@pytest.mark.parametrize("action", ["stop", "pause", "resume"])
def test_clock_action_applied_after_participants_ask_and_withdraw(organizer_client,
                                                                  factory, action: str):
    event, session, list_id, people, late = _setup(factory)
    given = chair.give_floor(list_id)
    if action == "resume":
        chair.pause(list_id, given.id)
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    data = _fields(_form(page, action))
    assert data["request_id"] == str(given.id)
    _meanwhile(list_id, people, late)

    response = organizer_client.post(_console(event, session) + f"/{action}", data=data,
                                     headers={"Accept": "application/json"})

    assert response.get_json()["category"] == "success"
    request = next(r for r in requests_of(list_id) if r.id == given.id)
    assert (request.status, request.running_since is not None) == {
        "stop": ("done", False), "pause": ("speaking", False),
        "resume": ("speaking", True)}[action]


def test_settings_applied_after_participants_ask_and_withdraw(organizer_client, factory):
    event, session, list_id, people, late = _setup(factory)
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    data = _fields(page.xpath('//form[@id="floor-settings-form"]')[0])
    data.update(policy="protocol", default_limit_seconds="120")
    _meanwhile(list_id, people, late)

    organizer_client.post(_console(event, session) + "/settings", data=data)

    db.session.expire_all()
    saved = db.session.get(SpeakersList, list_id)
    assert (saved.policy, saved.default_limit_seconds) == ("protocol", 120)


def test_walk_in_applied_after_participants_ask_and_withdraw(organizer_client, factory):
    event, session, list_id, people, late = _setup(factory)
    category = factory.category("academia")
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    data = _fields(page.xpath('//form[@id="floor-walk-in-form"]')[0])
    data.update(first_name="Eva", last_name="Novak", organization="Charles University",
                country="CZ", category_id=str(category.id), person_id="")
    _meanwhile(list_id, people, late)

    organizer_client.post(_console(event, session) + "/walk-in", data=data)

    assert _statuses(list_id)["Eva Novak"] == "waiting"


def test_add_planned_applied_after_participants_ask_and_withdraw(organizer_client, factory):
    event, session, list_id, people, late = _setup(factory)
    panelist = factory.person("Fay Moreau")
    slot = factory.slot(session, panelist, role="panelist", planned_minutes=10)
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    data = _fields(page.xpath('//form[@id="floor-planned-form"]')[0])
    assert data["slot_id"] == str(slot.id)
    _meanwhile(list_id, people, late)

    organizer_client.post(_console(event, session) + "/add-planned", data=data)

    assert _statuses(list_id)["Fay Moreau"] == "waiting"


def test_close_and_reopen_applied_after_participants_ask_and_withdraw(organizer_client,
                                                                      factory):
    event, session, list_id, people, late = _setup(factory)
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    close = _fields(_form(page, "close"))
    _meanwhile(list_id, people, late)
    organizer_client.post(_console(event, session) + "/close", data=close)
    assert _statuses(list_id) == {"Ana Lopez": "not_reached", "Ben Okafor": "not_reached",
                                  "Cem Yilmaz": "withdrawn", "Dina Haddad": "not_reached"}

    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    reopen = _fields(_form(page, "reopen"))
    # Closed, nobody can ask; the posted version is older than the list's, and is ignored.
    chair.update_settings(list_id, policy="arrival", default_limit_seconds=180,
                          per_category_limit=None, per_organization_limit=None)
    assert int(reopen["version"]) < version(list_id)
    organizer_client.post(_console(event, session) + "/reopen", data=reopen)
    db.session.expire_all()
    assert db.session.get(SpeakersList, list_id).is_open is True


def test_refused_walk_in_keeps_what_the_chair_typed(organizer_client, factory):
    event, session, list_id, people, late = _setup(factory)
    typed = {"first_name": "Eva", "last_name": "Novak", "organization": "Charles University",
             "country": "CZ", "category_id": "", "person_id": "", "governance_level": "local",
             "delegation_role": "head"}
    page = organizer_client.post(_console(event, session) + "/walk-in", data=typed)

    assert page.status_code == 422
    html = lxml.html.fromstring(page.data)
    assert "Choose the walk-in speaker's stakeholder category." in html.text_content()
    assert _fields(html.xpath('//form[@id="floor-walk-in-form"]')[0]) | {"csrf_token": ""} == {
        **typed, "csrf_token": "", "version": str(version(list_id))}

    answer = organizer_client.post(_console(event, session) + "/walk-in", data=typed,
                                   headers={"Accept": "application/json"}).get_json()
    assert (answer["category"], answer["message"]) == (
        "error", "Choose the walk-in speaker's stakeholder category.")
    body = lxml.html.fromstring(answer["html"])
    kept = _fields(body.xpath('//form[@id="floor-walk-in-form"]')[0])
    assert (kept["last_name"], kept["organization"], kept["delegation_role"]) == (
        "Novak", "Charles University", "head")
    assert "Eva Novak" not in _statuses(list_id)


def test_stop_twice_from_two_pages_says_already_recorded(organizer_client, factory):
    event, session, list_id, people, late = _setup(factory, policy="arrival")
    given = chair.give_floor(list_id)
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    data = _fields(_form(page, "stop"))
    organizer_client.post(_console(event, session) + "/stop", data=data)

    answer = organizer_client.post(_console(event, session) + "/stop", data=data,
                                   headers={"Accept": "application/json"}).get_json()

    assert (answer["category"], answer["message"]) == (
        "info", "Ana Lopez's intervention is already stopped and recorded (0:00).")
    assert [r.status for r in requests_of(list_id)][:1] == ["done"]
    assert given.id == requests_of(list_id)[0].id
