"""A session run on the floor, end to end, against gunicorn with two workers.

Two participants ask for the floor; the chair gives it in the suggested (balanced) order; the
projector screen, a second browser, follows each chair action within two seconds; stopping the
clock records the time, and the organizer's balance report shows it.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eventapp.balance.models import BalanceTarget
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.programme.models import SpeakingSlot
from tests.browser.helpers import log_in
from tests.floor.helpers import dialogue, participant

pytestmark = pytest.mark.browser

SCREEN_DEADLINE_MS = 2000


def _ask_for_the_floor(page, base: str, email: str, session_url: str) -> None:
    log_in(page, base, email)
    page.goto(base + session_url)
    page.locator("#floor-request-form").get_by_role("button", name="Ask for the floor").click()
    expect(page.locator("#floor-standing")).to_contain_text("You are on the list of speakers")


def test_floor_run_end_to_end_under_two_gunicorn_workers(
    gunicorn_live, new_page, factory, organizer,
):
    base = gunicorn_live
    event, session = dialogue(factory, slug="idm-live")
    # Migrants & diaspora are furthest below their target, so the balanced suggestion puts
    # them before the Member State that asked first.
    db.session.add_all([
        BalanceTarget(event_id=event.id, category_id=factory.category("government").id,
                      min_percent=10),
        BalanceTarget(event_id=event.id, category_id=factory.category("migrants-diaspora").id,
                      min_percent=30),
    ])
    db.session.commit()
    delegate = factory.user(email="delegate@example.org")
    migrant = factory.user(email="migrant@example.org")
    participant(factory, event, "Ana Lopez", category="government", org="Mission of Mexico",
                user=delegate)
    participant(factory, event, "Cara Diaz", category="migrants-diaspora",
                org="Migrant Voices Network", user=migrant)
    session_url = f"/events/{event.slug}/sessions/{session.id}"
    console_url = f"{base}/organize/events/{event.slug}/sessions/{session.id}/floor"

    chair = new_page()
    log_in(chair, base, organizer.email)
    chair.goto(console_url)
    chair.locator("#floor-open-policy").select_option("balanced")
    chair.locator("#floor-open").click()
    expect(chair.locator("#floor-body")).to_have_attribute("data-open", "true")

    _ask_for_the_floor(new_page(), base, "delegate@example.org", session_url)
    _ask_for_the_floor(new_page(), base, "migrant@example.org", session_url)

    screen = new_page()
    screen.goto(f"{base}{session_url}/floor")
    expect(screen.locator("#floor-screen-name")).to_have_text("Nobody has the floor.")
    expect(screen.locator("#floor-screen-next li .floor-screen-next-name")).to_have_text(
        ["Cara Diaz", "Ana Lopez"])

    chair.reload()
    expect(chair.locator("#floor-suggested li").first).to_contain_text("Cara Diaz")
    expect(chair.locator("#floor-suggested li").first).to_contain_text("Migrants & diaspora")
    chair.locator("#floor-give-next").click()
    expect(chair.locator("#floor-current")).to_have_attribute("data-running", "true")
    given_at = time.monotonic()
    expect(screen.locator("#floor-screen-name")).to_have_text(
        "Cara Diaz", timeout=SCREEN_DEADLINE_MS)
    assert time.monotonic() - given_at <= SCREEN_DEADLINE_MS / 1000
    expect(screen.locator("#floor-screen-org")).to_contain_text("Migrant Voices Network")
    expect(screen.locator("#floor-screen-clock")).to_have_attribute("data-running", "true")

    time.sleep(2.2)  # let the clock run past two seconds
    chair.locator("#floor-stop").click()
    expect(chair.locator("#floor-history li[data-status='done']")).to_have_count(1)
    stopped_at = time.monotonic()
    expect(screen.locator("#floor-screen-name")).to_have_text(
        "Nobody has the floor.", timeout=SCREEN_DEADLINE_MS)
    assert time.monotonic() - stopped_at <= SCREEN_DEADLINE_MS / 1000
    expect(screen.locator("#floor-screen-next li .floor-screen-next-name")).to_have_text(
        ["Ana Lopez"])

    db.session.expire_all()
    speakers_list = db.session.scalar(
        select(SpeakersList).where(SpeakersList.session_id == session.id))
    done = db.session.scalars(select(FloorRequest).where(
        FloorRequest.list_id == speakers_list.id, FloorRequest.status == "done")).all()
    assert [(r.person.full_name, r.given_by) for r in done] == [("Cara Diaz", "suggestion")]
    seconds = done[0].elapsed_seconds
    assert 2 <= seconds <= 15
    slot = db.session.get(SpeakingSlot, done[0].slot_id)
    assert (slot.role, slot.actual_seconds, slot.session_id) == ("floor", seconds, session.id)

    chair.goto(f"{base}/organize/events/{event.slug}/balance")
    row = chair.locator("#floor-table tr[data-key='migrants-diaspora']")
    expect(row.locator("[data-field='interventions']")).to_have_text("1")
    expect(row.locator("[data-field='recorded_slots']")).to_have_text("1 of 1")
    expect(row.locator("[data-field='actual_minutes']")).to_have_text(f"{seconds / 60:.1f}")
    expect(chair.locator("#floor-table tr[data-key='government'] [data-field='interventions']")
           ).to_have_text("0")
