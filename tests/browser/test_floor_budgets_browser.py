"""Budgets and points of order in Chromium: axe with both shown, and the console's JSON path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.floor import budgets, chair, interjections, requests
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event, Session
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _serious_violations
from tests.factories import Factory
from tests.floor.helpers import dialogue, participant

pytestmark = pytest.mark.browser


def _floor(factory: Factory) -> tuple[Event, Session, int, int]:
    event, session = dialogue(factory, slug="idm-budgets")
    list_id = chair.open_list(session, policy="balanced").id
    people = [participant(factory, event, name, category=category)
              for name, category in (("Ana Lopez", "government"),
                                     ("Ben Okafor", "civil-society"),
                                     ("Cara Diaz", "migrants-diaspora"))]
    for person in people:
        requests.ask(db.session.get(SpeakersList, list_id), person)
    cats = {c.key: c.id for c in db.session.scalars(select(StakeholderCategory))}
    budgets.save(list_id, {cats["government"]: ("seconds", 360),
                           cats["civil-society"]: ("seconds", 240)})
    chair.give_floor(list_id)
    return event, session, list_id, people[1].id


def test_axe_console_and_screen_with_budgets_and_point_of_order(
    live_server: str, new_page: Callable[[], Page], factory: Factory, organizer: object,
    artifacts: Path,
) -> None:
    event, session, list_id, ben_id = _floor(factory)
    speaker = db.session.scalar(select(FloorRequest.id).where(FloorRequest.status == "speaking"))
    interjections.interject(list_id, kind="order", person_id=ben_id, speaker_request_id=speaker)
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/{event.slug}/sessions/{session.id}/floor")
    expect(page.locator("#floor-budget-table")).to_contain_text("6:00")
    expect(page.locator("#floor-interjection")).to_contain_text("Point of order")
    page.screenshot(path=str(artifacts / "floor-console-budgets.png"), full_page=True)
    violations = _serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)

    screen = new_page()
    screen.goto(f"{live_server}/events/{event.slug}/sessions/{session.id}/floor")
    expect(screen.locator("#floor-screen-interjection")).to_contain_text("Ana Lopez paused at")
    expect(screen.locator("#floor-screen-budget-list li")).to_have_count(2)
    screen.screenshot(path=str(artifacts / "floor-screen-budgets.png"))
    violations = _serious_violations(screen)
    assert violations == [], json.dumps(violations, indent=2)


def test_console_gives_and_ends_point_of_order_without_reload(
    live_server: str, new_page: Callable[[], Page], factory: Factory, organizer: object,
) -> None:
    event, session, list_id, ben_id = _floor(factory)
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/{event.slug}/sessions/{session.id}/floor")
    page.locator("#floor-interjections > summary").click()  # folded until needed
    page.locator("#floor-interject-kind").select_option("reply")
    page.locator("#floor-interject-person").select_option(str(ben_id))
    page.locator("#floor-interject").click()
    expect(page.locator("#floor-message")).to_contain_text("Right of reply: Ben Okafor has "
                                                           "the floor.")
    expect(page.locator("#floor-interject-end")).to_be_visible()
    page.locator("#floor-interject-end").click()
    expect(page.locator("#floor-message")).to_contain_text("the time is recorded apart")
    expect(page.locator("#floor-interjection-history")).to_contain_text("Right of reply: "
                                                                        "Ben Okafor")
    db.session.expire_all()
    kinds = [(r.kind, r.status) for r in db.session.scalars(
        select(FloorRequest).where(FloorRequest.list_id == list_id).order_by(FloorRequest.id))]
    assert ("reply", "done") in kinds and ("request", "speaking") in kinds
