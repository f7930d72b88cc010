"""The floor in a real room, against gunicorn with two workers: participants keep asking for
the floor (and some withdraw) while the chair gives it, stops and gives it again with single
clicks; every click is applied the first time, and the participant's phone says "You have the
floor" within two seconds without a reload.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.floor import requests
from eventapp.floor.locking import FloorError
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Person
from tests.browser.helpers import log_in
from tests.floor.helpers import dialogue, open_list, participant

pytestmark = pytest.mark.browser

DEADLINE_MS = 2000
SUCCESS = re.compile(r"\bflash-success\b")


class Crowd:
    """People asking for the floor every half second (every third one withdraws again),
    from a thread of its own, as phones in the room would."""

    def __init__(self, app, list_id: int, person_ids: list[int]) -> None:
        self.app, self.list_id, self.person_ids = app, list_id, person_ids
        self.stop = threading.Event()
        self.asked = 0
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self.run, daemon=True)

    def ask_one(self) -> None:
        index = self.asked
        self.asked += 1
        person = db.session.get(Person, self.person_ids[index % len(self.person_ids)])
        speakers_list = db.session.get(SpeakersList, self.list_id)
        try:
            requests.ask(speakers_list, person)
            if index % 3 == 2:
                requests.withdraw(db.session.get(SpeakersList, self.list_id), person)
        except FloorError:
            db.session.rollback()  # already on the list from an earlier round

    def run(self) -> None:
        with self.app.app_context():
            try:
                while not self.stop.is_set():
                    self.ask_one()
                    time.sleep(0.5)
            except Exception as error:  # reported by the test
                self.errors.append(repr(error))
            finally:
                db.session.remove()


def _click_once(chair, selector: str, message: str | re.Pattern) -> None:
    """One click; the answer must be the success message, never a refusal."""
    chair.locator(selector).click()
    expect(chair.locator("#floor-message")).to_have_text(message)
    expect(chair.locator("#floor-message")).to_have_class(SUCCESS)


def test_chair_single_clicks_while_the_room_keeps_asking(
    app, gunicorn_live, new_page, factory, organizer,
):
    base = gunicorn_live
    event, session = dialogue(factory, slug="idm-room")
    list_id = open_list(session, policy="arrival").id
    phone_user = factory.user(email="ana.phone@example.org")
    participant(factory, event, "Ana Lopez", org="Mission of Mexico", user=phone_user)
    participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC")
    crowd_ids = [participant(factory, event, f"Room Person{i}", org=f"Room Org {i}").id
                 for i in range(24)]
    session_url = f"{base}/events/{event.slug}/sessions/{session.id}"

    phone = new_page()
    log_in(phone, base, "ana.phone@example.org")
    phone.goto(session_url)
    phone.locator("#floor-request-form").get_by_role("button", name="Ask for the floor").click()
    expect(phone.locator("#floor-standing")).to_have_text(
        "You are on the list of speakers: number 1 of 1 in the order the chair will call them.")
    ben = db.session.scalar(select(Person).where(Person.last_name == "Okafor"))
    requests.ask(db.session.get(SpeakersList, list_id), ben)
    expect(phone.locator("#floor-standing-box")).to_have_attribute("data-status", "waiting")

    chair = new_page()
    log_in(chair, base, organizer.email)
    chair.goto(f"{base}/organize/events/{event.slug}/sessions/{session.id}/floor")
    expect(chair.locator("#floor-give-next")).to_contain_text("Ana Lopez")

    crowd = Crowd(app, list_id, crowd_ids)
    crowd.thread.start()
    try:
        time.sleep(1.2)
        crowd.ask_one()  # the page is surely older than the list now
        given_at = time.monotonic()
        _click_once(chair, "#floor-give-next", "Ana Lopez has the floor.")
        expect(phone.locator("#floor-standing")).to_contain_text(
            "You have the floor now.", timeout=DEADLINE_MS)
        assert time.monotonic() - given_at <= DEADLINE_MS / 1000 + 1
        expect(phone.locator("#floor-my-clock")).to_have_text(re.compile(r"^[23]:\d\d$"))

        time.sleep(1.5)
        crowd.ask_one()
        _click_once(chair, "#floor-stop",
                    re.compile(r"^Ana Lopez spoke 0 min 0\d s; the time is recorded\.$"))
        expect(phone.locator("#floor-standing")).to_have_text(
            re.compile(r"^You spoke \(0:0\d\)\.$"), timeout=DEADLINE_MS)

        time.sleep(1.2)
        crowd.ask_one()
        _click_once(chair, "#floor-give-next", "Ben Okafor has the floor.")
        time.sleep(1.2)
        crowd.ask_one()
        _click_once(chair, "#floor-stop",
                    re.compile(r"^Ben Okafor spoke 0 min 0\d s; the time is recorded\.$"))
    finally:
        crowd.stop.set()
        crowd.thread.join(timeout=30)
    assert crowd.errors == []
    assert crowd.asked >= 8

    db.session.expire_all()
    done = db.session.scalars(select(FloorRequest).where(
        FloorRequest.list_id == list_id, FloorRequest.status == "done")
        .order_by(FloorRequest.finished_at)).all()
    assert [r.person.full_name for r in done] == ["Ana Lopez", "Ben Okafor"]
    assert db.session.scalar(select(FloorRequest).where(
        FloorRequest.list_id == list_id, FloorRequest.status == "speaking")) is None


def test_walk_in_typed_while_requests_arrive_keeps_its_fields(
    gunicorn_live, new_page, factory, organizer,
):
    base = gunicorn_live
    event, session = dialogue(factory, slug="idm-walk-in")
    list_id = open_list(session, policy="arrival").id
    people = [participant(factory, event, f"Walk Person{i}", org=f"Walk Org {i}")
              for i in range(3)]
    chair = new_page()
    log_in(chair, base, organizer.email)
    chair.goto(f"{base}/organize/events/{event.slug}/sessions/{session.id}/floor")
    chair.locator("#floor-add-box > summary").click()  # folded until needed
    chair.get_by_label("First name").fill("Eva")
    chair.get_by_label("Last name").fill("Novak")
    chair.get_by_label("Organization or delegation", exact=True).fill("Charles University")
    chair.locator("#floor-status").click()  # out of the fields: the console may refresh
    version = chair.locator("#floor-body").get_attribute("data-version")
    requests.ask(db.session.get(SpeakersList, list_id), people[0])
    # The console refreshes itself for the new request and keeps what was typed.
    expect(chair.locator("#floor-body")).not_to_have_attribute("data-version", version)
    expect(chair.get_by_label("Last name")).to_have_value("Novak")
    requests.ask(db.session.get(SpeakersList, list_id), people[1])

    chair.locator("#floor-walk-in").click()  # no category chosen: refused
    expect(chair.locator("#floor-message")).to_have_text(
        "Choose the walk-in speaker's stakeholder category.")
    expect(chair.get_by_label("First name")).to_have_value("Eva")
    expect(chair.get_by_label("Last name")).to_have_value("Novak")
    expect(chair.get_by_label("Organization or delegation", exact=True)).to_have_value(
        "Charles University")

    chair.locator("#category_id").select_option(str(factory.category("academia").id))
    requests.ask(db.session.get(SpeakersList, list_id), people[2])
    chair.locator("#floor-walk-in").click()
    expect(chair.locator("#floor-message")).to_have_text("Eva Novak is on the list as a walk-in.")
    expect(chair.get_by_label("Last name")).to_have_value("")
    expect(chair.locator("#floor-queue .floor-queue-row")).to_have_count(4)
