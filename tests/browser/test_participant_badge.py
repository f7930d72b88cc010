"""The participant's badge page in Chromium: axe-clean in three languages at 390 px, its QR
code decodes from a screenshot, it opens again with the phone offline, and a re-issued badge
shows at the next load."""

from __future__ import annotations

import io
import json

import pytest
import zxingcpp
from PIL import Image

from eventapp.attendance.badge_codes import reissue_badge
from eventapp.extensions import db
from tests.browser.helpers import log_in
from tests.browser.test_floor_layout import PHONE, _all_violations, _fits

pytestmark = pytest.mark.browser


def _my_badge(factory, participant):
    factory.categories()
    event = factory.event(slug="idm-badge", title="Dialogue on Migration")
    person = factory.person("Nguyễn Thị Hương", user=participant, email=participant.email,
                            organization=factory.organization("Ministry of Labour of Viet Nam",
                                                              country="VN"))
    return factory.registration(event, person, category="government")


def _phone_page(new_page):
    page = new_page()
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    return page


def _decoded(page) -> list[str]:
    shot = page.locator(".participant-badge-code svg").screenshot()
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_axe_participant_badge_no_violation_at_390px(live_server, new_page, factory,
                                                     participant, language, artifacts):
    registration = _my_badge(factory, participant)
    page = _phone_page(new_page)
    log_in(page, live_server, participant.email)
    page.goto(f"{live_server}/registrations/{registration.id}/badge?lang={language}")
    page.screenshot(path=str(artifacts / f"participant-badge-{language}.png"), full_page=True)
    _fits(page, [".participant-badge-name", ".participant-badge-code svg",
                 ".participant-badge-category"])
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    code = page.locator(".badge-code").inner_text()
    assert _decoded(page) == [code]


def test_participant_badge_opens_again_offline(live_server, new_page, factory, participant):
    registration = _my_badge(factory, participant)
    page = _phone_page(new_page)
    log_in(page, live_server, participant.email)
    url = f"{live_server}/registrations/{registration.id}/badge"
    page.goto(url)
    code = page.locator(".badge-code").inner_text()
    # The page's worker has kept this copy (static/js/badge-offline.js).
    page.wait_for_selector("html[data-badge-offline='ready']")
    page.goto(f"{live_server}/me/registrations")
    page.context.set_offline(True)
    try:
        page.goto(url)
        assert page.locator(".participant-badge-name").inner_text() == "Nguyễn Thị Hương"
        assert _decoded(page) == [code]
    finally:
        page.context.set_offline(False)


def test_participant_badge_reissued_shows_the_new_code_at_the_next_load(
        live_server, new_page, factory, participant):
    registration = _my_badge(factory, participant)
    page = _phone_page(new_page)
    log_in(page, live_server, participant.email)
    url = f"{live_server}/registrations/{registration.id}/badge"
    page.goto(url)
    old = page.locator(".badge-code").inner_text()
    page.wait_for_selector("html[data-badge-offline='ready']")
    reissue_badge(registration)
    db.session.commit()
    page.goto(f"{live_server}/me/registrations")
    page.goto(url)
    # The live server signs with its own key: the code names the second issue.
    new = page.locator(".badge-code").inner_text()
    assert old.startswith(f"{registration.event_id}-{registration.id}-1-")
    assert new.startswith(f"{registration.event_id}-{registration.id}-2-")
    assert _decoded(page) == [new]
    # And offline, the copy kept is the new one.
    page.goto(f"{live_server}/me/registrations")
    page.context.set_offline(True)
    try:
        page.goto(url)
        assert _decoded(page) == [new]
    finally:
        page.context.set_offline(False)
