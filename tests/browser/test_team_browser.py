"""An event's team in a real browser: the owner invites a chair from the team page, the chair
accepts the mailed link, runs the list of speakers, and cannot open the registrations; the
owner reads in the audit trail who gave the floor and who declined a registration, and why."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.teams.models import EventMember
from tests.browser.helpers import log_in
from tests.floor.helpers import dialogue, participant

pytestmark = pytest.mark.browser

INVITATION_LINK = re.compile(r"^https?://\S+(/invitations/\S+)$", re.M)


def test_owner_invites_a_chair_who_runs_the_floor_and_cannot_open_registrations(
    live_server, new_page, factory,
):
    base = live_server
    event, session = dialogue(factory, slug="idm-team")
    owner = factory.member(event, factory.user(email="owner@example.org"), role="owner")
    chair_account = factory.user(email="chair@example.org")
    delegate = factory.user(email="delegate@example.org")
    participant(factory, event, "Ana Lopez", category="government", org="Mission of Mexico",
                user=delegate)

    # The owner invites the chair from the team page.
    owner_page = new_page()
    log_in(owner_page, base, owner.email)
    owner_page.goto(f"{base}/organize/events/{event.slug}/")
    owner_page.get_by_role("link", name="Team").click()
    owner_page.get_by_label("Email").fill("chair@example.org")
    owner_page.get_by_label("Role", exact=True).select_option("chair")
    owner_page.get_by_role("button", name="Send the invitation").click()
    expect(owner_page.locator(".flash-success")).to_have_text(
        "Invitation sent to chair@example.org (role: Chair).")
    expect(owner_page.locator("#team-invitations")).to_contain_text("chair@example.org")

    # The invitation mail waits in the outbox; the chair opens its link and accepts.
    db.session.expire_all()
    mail = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "chair@example.org")).one()
    assert mail.subject == f"Join the team of “{event.title}”"
    path = INVITATION_LINK.search(mail.body_text).group(1)
    chair = new_page()
    log_in(chair, base, chair_account.email)
    chair.goto(base + path)
    chair.get_by_role("button", name="Accept the invitation").click()
    expect(chair.locator(".flash-success")).to_have_text(
        f"You joined the team of “{event.title}”.")
    assert db.session.scalar(select(EventMember.role).where(
        EventMember.user_id == chair_account.id)) == "chair"

    # The chair finds the session from the dashboard and opens its list of speakers.
    chair.get_by_role("link", name=event.title).click()
    expect(chair.get_by_role("link", name="Registrations", exact=True)).to_have_count(0)
    chair.get_by_role("link", name="Interactive dialogue").click()
    chair.locator("#floor-console-link").click()
    chair.locator("#floor-open").click()
    expect(chair.locator("#floor-body")).to_have_attribute("data-open", "true")

    delegate_page = new_page()
    log_in(delegate_page, base, delegate.email)
    delegate_page.goto(f"{base}/events/{event.slug}/sessions/{session.id}")
    delegate_page.locator("#floor-request-form").get_by_role(
        "button", name="Ask for the floor").click()
    expect(delegate_page.locator("#floor-standing")).to_contain_text(
        "You are on the list of speakers")

    chair.reload()
    expect(chair.locator("#floor-suggested li").first).to_contain_text("Ana Lopez")
    chair.locator("#floor-give-next").click()
    expect(chair.locator("#floor-current")).to_have_attribute("data-running", "true")
    expect(chair.locator("#floor-current")).to_contain_text("Ana Lopez")

    # The registrations are not the chair's.
    response = chair.goto(f"{base}/organize/events/{event.slug}/registrations")
    assert response.status == 403
    expect(chair.locator("h1")).to_have_text("Not allowed")

    # The owner declines a registration with a reason, then reads in the event's audit trail
    # who gave the floor (the chair) and who declined (the owner), and why.
    pending = factory.registration(event, factory.person("Ben Okafor"), status="pending")
    owner_page.goto(f"{base}/organize/events/{event.slug}/registrations/{pending.id}")
    owner_page.get_by_label("Declined", exact=True).check()
    owner_page.get_by_label("Message to the participant (optional)").fill(
        "Registration is for accredited delegations only.")
    owner_page.get_by_role("button", name="Change status").click()
    expect(owner_page.locator("#history-heading")).to_be_visible()
    owner_page.goto(f"{base}/organize/events/{event.slug}/audit")
    given = owner_page.locator("tr", has_text="Ana Lopez").filter(has_text="floor given")
    expect(given).to_contain_text("chair@example.org")
    declined = owner_page.locator("tr", has_text="Ben Okafor").filter(has_text="declined")
    expect(declined).to_contain_text("owner@example.org")
    expect(declined).to_contain_text("Registration is for accredited delegations only.")
    # The chair's role does not reach the trail.
    assert chair.goto(f"{base}/organize/events/{event.slug}/audit").status == 403
