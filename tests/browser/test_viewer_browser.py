"""A viewer of an event's team in Chromium at 390 px: the event's details and a registration
read without a control to change them, axe-clean, nothing wider than the phone."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in
from tests.browser.test_floor_layout import PHONE, _all_violations

pytestmark = pytest.mark.browser


def test_viewer_reads_the_details_and_a_registration_at_390px(live_server, new_page, factory):
    event = factory.event("idm-viewer", title="Dialogue on Migration")
    registration = factory.registration(event, factory.person("Anna Müller"))
    viewer = factory.member(event, factory.user(email="viewer@example.org"), role="viewer")
    page = new_page()
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    log_in(page, live_server, viewer.email)
    every_page = ["Log out\nviewer@example.org", "Français", "Español"]
    for path, buttons in (
            ("/organize/events/idm-viewer/edit", every_page),
            (f"/organize/events/idm-viewer/registrations/{registration.id}", every_page),
            # The filters are sent by GET: reading, not changing.
            ("/organize/events/idm-viewer/registrations", [*every_page, "Filter"])):
        page.goto(f"{live_server}{path}")
        assert page.locator("form[method='post']:not(.inline-form)").count() == 0, path
        assert page.locator("button[type='submit']:visible, input[type='submit']:visible"
                            ).all_inner_texts() == buttons, path
        assert _all_violations(page) == [], path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE[0], (path, width)
    page.goto(f"{live_server}/organize/events/idm-viewer/edit")
    title = page.get_by_label("Title", exact=True)
    assert title.input_value() == "Dialogue on Migration"
    assert title.is_disabled()
