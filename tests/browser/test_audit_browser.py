"""The audit trail in Chromium: an organizer declines a registration with a reason and gives
the floor from the console, then reads in the event's trail who did both, and why."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import SpeakersList
from tests.browser.helpers import log_in
from tests.floor.helpers import dialogue, participant

pytestmark = pytest.mark.browser


def test_trail_names_who_gave_the_floor_and_who_declined_with_the_reason(
    live_server, new_page, factory, organizer,
):
    event, session = dialogue(factory, slug="idm-trail")
    list_id = chair.open_list(session, policy="arrival").id
    requests.ask(db.session.get(SpeakersList, list_id),
                 participant(factory, event, "Ana Lopez", category="government"))
    registration = factory.registration(event, factory.person("Ben Okafor"), status="pending")

    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-trail/registrations/{registration.id}")
    page.get_by_label("Declined", exact=True).check()
    page.get_by_label("Message to the participant (optional)").fill(
        "Registration is for accredited delegations only.")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#history-heading")).to_be_visible()

    page.goto(f"{live_server}/organize/events/idm-trail/sessions/{session.id}/floor")
    page.locator("h1").click()
    page.keyboard.press("n")
    page.wait_for_selector("#floor-current[data-running='true']")

    page.goto(f"{live_server}/organize/events/idm-trail/audit")
    declined = page.locator("tr", has_text="Ben Okafor").filter(has_text="declined")
    expect(declined).to_contain_text(organizer.email)
    expect(declined).to_contain_text("Registration is for accredited delegations only.")
    given = page.locator("tr", has_text="Ana Lopez").filter(has_text="floor given")
    expect(given).to_contain_text(organizer.email)

    page.get_by_label("Action").select_option("declined")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.audit-trail tbody tr")).to_have_count(1)
