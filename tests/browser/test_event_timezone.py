"""In Chromium: moving an event with sessions from Geneva to New York asks first, previews,
and keeps the sessions' local times when the organizer says so."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def test_browser_zone_change_asks_then_keeps_local_times(
    live_server, new_page, factory, organizer,
):
    event = factory.event(slug="idm-zone", title="Zone dialogue", timezone="Europe/Zurich",
                          start=date(2018, 3, 26), end=date(2018, 3, 27))
    session = factory.session(event, title="Opening of the dialogue", kind="opening",
                              start=time(10, 0), minutes=90)

    page = new_page()
    log_in(page, live_server, organizer.email)

    page.goto(f"{live_server}/organize/events/idm-zone/edit")
    page.get_by_label("Time zone").fill("America/New_York")
    page.get_by_role("button", name="Save event").click()

    expect(page.get_by_role("heading", name="The time zone changes from Europe/Zurich to "
                            "America/New_York")).to_be_visible()
    preview = page.get_by_role("table", name=re.compile("Preview"))
    row = preview.get_by_role("row", name=re.compile("Opening of the dialogue"))
    expect(row).to_contain_text("Monday 26 March 2018, 10:00 CEST – 11:30")
    expect(row).to_contain_text("Monday 26 March 2018, 10:00 EDT – 11:30")
    expect(row).to_contain_text("Monday 26 March 2018, 04:00 EDT – 05:30")
    keep_local = page.get_by_label("Keep the sessions' local times")
    expect(keep_local).to_be_checked()
    page.get_by_role("button", name="Apply the changes").click()

    expect(page.locator(".flash-success").filter(has_text="Time zone changed")).to_have_text(
        "Time zone changed from Europe/Zurich to America/New_York: 1 session(s) kept their "
        "local times.")
    page.goto(f"{live_server}/events/idm-zone/sessions/{session.id}")
    when = page.locator("dd").first
    expect(when).to_have_text(re.compile(
        r"Monday 26 March 2018, 10:00 EDT to 11:30\s+\(America/New_York\)"))
