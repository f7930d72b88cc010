"""A session's door in Chromium: a badge's QR code shown to the fake camera records the
person present in the session; the name search works without JavaScript; the door page is
axe-clean in three languages and fits a phone."""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest
from sqlalchemy import select

from eventapp.attendance.models import CheckIn, SessionPresence
from eventapp.extensions import db
from tests.browser.fake_camera import camera_phone, qr_video
from tests.browser.helpers import log_in
from tests.browser.test_floor_layout import PHONE, _all_violations, _fits

pytestmark = pytest.mark.browser


def _door(factory):
    today = datetime.now().date()
    event = factory.event(slug="idm-door", title="Door dialogue", timezone="UTC",
                          start=today, end=today)
    room = factory.room(event, name="Salle XVII")
    session = factory.session(event, title="Labour mobility", room=room, start=time(10, 0))
    session.door_scanning = True
    org = factory.organization("Ministry of Labour of Viet Nam")
    registration = factory.registration(
        event, factory.person("Nguyễn Thị Hương", organization=org))
    db.session.commit()
    return session, registration


def _presences(registration_id):
    db.session.expire_all()
    return db.session.scalars(select(SessionPresence).where(
        SessionPresence.registration_id == registration_id)).all()


def test_camera_scan_at_the_door_records_presence_in_the_session(
        live_server, chromium, new_page, factory, organizer, tmp_path, artifacts):
    session, registration = _door(factory)
    door = f"{live_server}/organize/events/idm-door/sessions/{session.id}/door"
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-door/check-in/registrations/{registration.id}")
    code = page.locator("code.badge-code").inner_text().strip()
    cookies = page.context.cookies()
    video = qr_video(code, tmp_path / "badge.y4m")

    with camera_phone(chromium, video, cookies, PHONE) as camera_page:
        camera_page.goto(door)
        assert camera_page.locator("h1").inner_text() == "Labour mobility"
        camera_page.get_by_role("button", name="Scan with the camera").click()
        camera_page.wait_for_selector(".desk-answer.desk-checked_in")
        assert (camera_page.locator("#desk-verdict").inner_text().strip()
                == "✓ Present in the session")
        assert camera_page.locator(".desk-name").inner_text() == "Nguyễn Thị Hương"
        camera_page.screenshot(path=str(artifacts / "door-camera-phone.png"))
        camera_page.wait_for_timeout(1500)
        assert camera_page.locator(".desk-answer.desk-checked_in").count() == 1
    [row] = _presences(registration.id)
    assert (row.session_id, row.undone_at) == (session.id, None)
    assert len(db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration.id)).all()) == 1


def test_door_search_without_javascript_records_the_person(live_server, chromium, factory,
                                                           organizer):
    session, registration = _door(factory)
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server, organizer.email)
        page.goto(f"{live_server}/organize/events/idm-door/sessions/{session.id}/door")
        page.get_by_label("Name or organization").fill("Nguyễn")
        page.get_by_role("button", name="Search").click()
        page.wait_for_selector("#desk-results-caption")
        page.get_by_role("button", name="Record present Nguyễn Thị Hương").click()
        page.wait_for_selector(".desk-answer.desk-checked_in")
        assert page.locator(".desk-name").inner_text() == "Nguyễn Thị Hương"
        assert page.locator("td").filter(has_text="Present since").count() == 1
    finally:
        context.close()
    assert len(_presences(registration.id)) == 1


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_axe_door_no_violation_at_390px(live_server, new_page, factory, organizer, language,
                                        artifacts):
    session, registration = _door(factory)
    door = f"{live_server}/organize/events/idm-door/sessions/{session.id}/door"
    page = new_page()
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    log_in(page, live_server, organizer.email)
    page.goto(f"{door}?lang={language}")
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    page.fill("#desk-code", "NOT-A-BADGE")
    page.press("#desk-code", "Enter")
    page.wait_for_selector(".desk-answer.desk-refused")
    page.goto(f"{door}?q=Viet&lang={language}")
    page.locator("td form button").click()
    page.wait_for_selector(".desk-answer.desk-checked_in")
    page.screenshot(path=str(artifacts / f"door-phone-{language}.png"), full_page=True)
    _fits(page, ["#desk-verdict", ".desk-name", "#desk-code", "#desk-form button[type=submit]"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    # The session's organizer page with its door box, and the person's badge page with the
    # session they were scanned into.
    for path in (f"sessions/{session.id}/", f"check-in/registrations/{registration.id}"):
        page.goto(f"{live_server}/organize/events/idm-door/{path}?lang={language}")
        violations = _all_violations(page)
        assert violations == [], (path, json.dumps(violations, indent=2))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0], path
