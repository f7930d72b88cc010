"""In Chromium, with CSRF on: register, get approved by an organizer, see it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def _open_event(factory):
    factory.categories()
    event = factory.event(slug="idm-browser", title="Browser dialogue", auto_approve=False)
    factory.session(event, title="Opening of the dialogue", kind="opening")
    return event


def test_browser_register_then_organizer_approves_then_participant_sees_approved(
    live_server, new_page, factory, organizer,
):
    _open_event(factory)

    participant = new_page()
    participant.goto(f"{live_server}/events/idm-browser/register")
    participant.get_by_label("Email").fill("new.person@example.org")
    participant.get_by_label("Password", exact=True).fill("a long enough password")
    participant.get_by_label("Repeat the password").fill("a long enough password")
    participant.get_by_label("First name").fill("Nadia")
    participant.get_by_label("Last name").fill("Haddad")
    participant.get_by_label("Civil society").check()
    participant.get_by_label("Organization", exact=True).select_option("none")
    participant.get_by_role("button", name=re.compile("Register", re.I)).click()

    expect(participant.get_by_role("heading", name="My registrations")).to_be_visible()
    expect(participant.locator(".registration-card .status")).to_have_text("Pending review")

    staff = new_page()
    log_in(staff, live_server, organizer.email)
    staff.goto(f"{live_server}/organize/events/idm-browser/registrations?status=pending")
    staff.get_by_label("Select Nadia Haddad").check()
    staff.get_by_label("Action for the selected registrations").select_option("approved")
    staff.get_by_text("Add a message to the participants").click()
    staff.get_by_label("Message to the participants (optional)").fill("See you in New York.")
    staff.get_by_role("button", name="Apply to selected").click()
    expect(staff.locator(".bulk-summary")).to_have_text(
        "1 registration handled: 1 approved, 0 waitlisted because full, "
        "0 unchanged (already approved).")

    participant.reload()
    expect(participant.locator(".registration-card .status")).to_have_text("Approved")
    expect(participant.locator(".organizer-message")).to_contain_text("See you in New York.")
