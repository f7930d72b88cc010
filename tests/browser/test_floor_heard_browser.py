"""Marking a planned speaker heard in Chromium: accessible, and done without a reload."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from eventapp.floor import chair
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _serious_violations
from tests.floor.helpers import dialogue

pytestmark = pytest.mark.browser


def test_console_marks_a_planned_speaker_heard_without_reload(
    live_server, new_page, factory, organizer,
):
    event, session = dialogue(factory, slug="idm-heard")
    slot = factory.slot(session, factory.person("Clara Chair"), role="chair", planned_minutes=5)
    chair.open_list(session, policy="balanced")
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/{event.slug}/sessions/{session.id}/floor")
    violations = _serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    page.evaluate("window.notReloaded = true")
    page.locator("#floor-planned-box > summary").click()  # folded until needed
    item = page.locator(f"#floor-planned li[data-slot-id='{slot.id}']")
    item.get_by_role("button", name="Mark as heard").click()
    page.wait_for_selector(f"#floor-planned li[data-slot-id='{slot.id}'][data-heard='heard']")
    expect(page.locator("#floor-message")).to_contain_text("Clara Chair is marked as heard")
    assert page.evaluate("window.notReloaded") is True
    page.locator(f"#floor-planned li[data-slot-id='{slot.id}']").get_by_role(
        "button", name="Undo: not heard").click()
    page.wait_for_selector(
        f"#floor-planned li[data-slot-id='{slot.id}'][data-heard='not-heard']")
