"""In Chromium: a category named with markup shows as text on the registration settings."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eventapp.extensions import db
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

PAYLOAD = "<b>x</b>\"'&"


def test_browser_category_markup_is_text_on_registration_settings(
        live_server, new_page, factory, organizer):
    factory.categories()
    factory.event(slug="idm-markup", title="Markup dialogue")
    civil = factory.category("civil-society")
    civil.name = civil.name_fr = civil.name_es = PAYLOAD
    db.session.commit()

    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-markup/registration-settings")

    expect(page.get_by_label(f"Unit of the {PAYLOAD} quota")).to_have_count(1)
    assert page.locator("b", has_text="x").count() == 0
