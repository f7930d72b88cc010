"""In Chromium: filter the registrations, select all matching, approve, read the report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registration.models import Registration
from tests.browser.helpers import log_in
from tests.registration.bulk_c1 import add_registrations

pytestmark = pytest.mark.browser


def test_browser_select_all_matching_a_filter_then_approve_changes_only_that_category(
    live_server, new_page, factory, organizer,
):
    categories = factory.categories()
    event = factory.event(slug="idm-bulk", title="Bulk dialogue")
    # 840 registrations over seven categories: 120 of each, so the filtered list has two
    # pages and only "all matching" reaches every Academia registration.
    add_registrations(event, list(categories.values()), 840, status="pending", prefix="bulk")
    academia = categories["academia"]

    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-bulk/registrations")
    expect(page.get_by_text("Showing 1–100 of 840")).to_be_visible()

    page.get_by_label("Category", exact=True).select_option(str(academia.id))
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="120 registrations matching the filters")
           ).to_be_visible()

    offer = page.get_by_label(re.compile("Select all 120 registrations matching this filter"))
    expect(offer).to_be_hidden()  # with the script, offered once the page is selected
    page.get_by_label("Select all 100 on this page").check()
    expect(page.locator('input[name="ids"]:checked')).to_have_count(100)
    offer.check()
    # The action bar stays on screen while the list scrolls.
    bar = page.locator("#bulk-form")
    expect(bar).to_have_css("position", "sticky")
    page.mouse.wheel(0, 1500)
    expect(bar).to_be_in_viewport()
    page.get_by_label("Action for the selected registrations").select_option("approved")
    page.get_by_role("button", name="Apply to all 120").click()

    expect(page.locator(".bulk-summary")).to_have_text(
        "120 registrations handled: 120 approved, 0 waitlisted because full, "
        "0 unchanged (already approved).")
    expect(page.locator("#changed li")).to_have_count(120)

    rows = db.session.execute(
        select(Registration.category_id, Registration.status)
        .where(Registration.event_id == event.id)
    ).all()
    approved = sorted({c for c, s in rows if s == "approved"})
    assert approved == [academia.id]
    assert sum(1 for _, s in rows if s == "approved") == 120
    assert sum(1 for _, s in rows if s == "pending") == 720
