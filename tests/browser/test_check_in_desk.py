"""The check-in desk in Chromium: a badge's QR code shown to the fake camera checks the person
in; the name search works without JavaScript; the desk is axe-clean in three languages and
fits a phone."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from tests.browser.fake_camera import camera_phone, qr_video
from tests.browser.helpers import log_in
from tests.browser.test_floor_layout import PHONE, _all_violations, _fits

pytestmark = pytest.mark.browser


def _desk_event(factory):
    today = datetime.now().date()
    event = factory.event(slug="idm-desk", title="Desk dialogue", timezone="UTC",
                          start=today, end=today)
    org = factory.organization("Ministry of Labour of Viet Nam")
    registration = factory.registration(
        event, factory.person("Nguyễn Thị Hương", organization=org))
    return event, registration


def _check_ins(registration_id):
    db.session.expire_all()
    return db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration_id)).all()


def test_camera_scan_of_a_badge_checks_the_person_in(live_server, chromium, new_page, factory,
                                                     organizer, tmp_path, artifacts):
    event, registration = _desk_event(factory)
    # The code as the live server signs it, read where desk staff see it.
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-desk/check-in/registrations/{registration.id}")
    code = page.locator("code.badge-code").inner_text().strip()
    cookies = page.context.cookies()
    video = qr_video(code, tmp_path / "badge.y4m")

    with camera_phone(chromium, video, cookies, PHONE) as camera_page:
        camera_page.goto(f"{live_server}/organize/events/idm-desk/check-in")
        camera_page.get_by_role("button", name="Scan with the camera").click()
        camera_page.wait_for_selector(".desk-answer.desk-checked_in")
        assert camera_page.locator("#desk-verdict").inner_text().strip() == "✓ Checked in"
        assert camera_page.locator(".desk-name").inner_text() == "Nguyễn Thị Hương"
        assert camera_page.locator("#desk-camera").get_attribute("data-decoder") == "jsqr"
        camera_page.screenshot(path=str(artifacts / "desk-camera-phone.png"))
        # The camera stays on after the answer, and the same badge is not sent again.
        camera_page.wait_for_selector("#desk-camera[data-state='on']")
        camera_page.wait_for_timeout(1500)
        assert camera_page.locator(".desk-answer.desk-checked_in").count() == 1
    [row] = _check_ins(registration.id)
    assert row.undone_at is None


def test_search_without_javascript_checks_the_person_in(live_server, chromium, factory,
                                                        organizer):
    event, registration = _desk_event(factory)
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server, organizer.email)
        page.goto(f"{live_server}/organize/events/idm-desk/check-in")
        page.get_by_label("Name or organization").fill("Nguyễn")
        page.get_by_role("button", name="Search").click()
        page.wait_for_selector("#desk-results-caption")
        page.get_by_role("button", name="Check in Nguyễn Thị Hương").click()
        page.wait_for_selector(".desk-answer.desk-checked_in")
        assert page.locator(".desk-name").inner_text() == "Nguyễn Thị Hương"
    finally:
        context.close()
    assert len(_check_ins(registration.id)) == 1


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_axe_desk_no_violation_at_390px(live_server, new_page, factory, organizer, language,
                                        artifacts):
    event, registration = _desk_event(factory)
    page = new_page()
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-desk/check-in?lang={language}")
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    # An answer, a search and the name of the desk at once, on a phone.
    page.fill("#desk-code", "NOT-A-BADGE")
    page.press("#desk-code", "Enter")
    page.wait_for_selector(".desk-answer.desk-refused")
    page.goto(f"{live_server}/organize/events/idm-desk/check-in?q=Viet&lang={language}")
    page.locator("td form button").click()
    page.wait_for_selector(".desk-answer.desk-checked_in")
    page.screenshot(path=str(artifacts / f"desk-phone-{language}.png"), full_page=True)
    _fits(page, ["#desk-verdict", ".desk-name", "#desk-code", "#desk-form button[type=submit]"])
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    for path in (f"check-in/registrations/{registration.id}", "check-in/dashboard"):
        page.goto(f"{live_server}/organize/events/idm-desk/{path}?lang={language}")
        violations = _all_violations(page)
        assert violations == [], (path, json.dumps(violations, indent=2))
