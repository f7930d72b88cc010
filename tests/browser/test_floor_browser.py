"""The floor in Chromium: axe on the console and the screen; the console run by keyboard."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import FloorRequest, SpeakersList
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _serious_violations
from tests.floor.helpers import dialogue, participant

pytestmark = pytest.mark.browser


def _floor(factory):
    event, session = dialogue(factory, slug="idm-floor")
    speakers_list = chair.open_list(session, policy="balanced")
    list_id = speakers_list.id
    for name, category in (("Ana Lopez", "government"), ("Ben Okafor", "civil-society"),
                           ("Cara Diaz", "migrants-diaspora")):
        requests.ask(db.session.get(SpeakersList, list_id),
                     participant(factory, event, name, category=category))
    return event, session, list_id


def test_axe_floor_console_and_screen_no_serious_violations(
    live_server, new_page, factory, organizer, artifacts,
):
    event, session, list_id = _floor(factory)
    chair.give_floor(list_id)
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/{event.slug}/sessions/{session.id}/floor")
    page.screenshot(path=str(artifacts / "floor-console.png"), full_page=True)
    violations = _serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)

    screen = new_page()
    screen.goto(f"{live_server}/events/{event.slug}/sessions/{session.id}/floor")
    # Playwright's expect polls from outside the page: string predicates would need eval,
    # which the strict CSP forbids.
    expect(screen.locator("#floor-screen-clock")).to_contain_text(":")
    screen.screenshot(path=str(artifacts / "floor-screen.png"))
    violations = _serious_violations(screen)
    assert violations == [], json.dumps(violations, indent=2)


def test_console_keyboard_gives_floor_and_stops_without_reload(
    live_server, new_page, factory, organizer,
):
    event, session, list_id = _floor(factory)
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/{event.slug}/sessions/{session.id}/floor")
    page.evaluate("window.notReloaded = true")
    page.locator("h1").click()
    page.keyboard.press("n")
    page.wait_for_selector("#floor-current[data-running='true']")
    expect(page.locator("#floor-message")).to_contain_text("has the floor.")
    expect(page.locator("#floor-console-clock")).to_have_text(re.compile(r"^2:5"))

    screen = new_page()
    screen.goto(f"{live_server}/events/{event.slug}/sessions/{session.id}/floor")
    speaker = page.locator("#floor-current .floor-speaker strong").inner_text()
    assert screen.locator("#floor-screen-name").inner_text() == speaker

    page.locator("h1").click()
    page.keyboard.press("s")
    page.wait_for_selector("#floor-history li[data-status='done']")
    expect(page.locator("#floor-message")).to_contain_text("the time is recorded")
    assert page.evaluate("window.notReloaded") is True
    # The screen follows within two seconds.
    expect(screen.locator("#floor-screen-name")).to_have_text("Nobody has the floor.",
                                                              timeout=2500)
    db.session.expire_all()
    statuses = sorted(r.status for r in db.session.scalars(
        db.select(FloorRequest).where(FloorRequest.list_id == list_id)))
    assert statuses == ["done", "waiting", "waiting"]
