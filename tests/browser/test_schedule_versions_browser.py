"""axe finds no violation of any impact on the public versions page and the organizer's
publishing page, in three languages."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page

from eventapp.extensions import db
from eventapp.programme import schedule_publishing
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

AXE_JS = (Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js").read_text(
    encoding="utf-8")


def _all_violations(page: Page) -> list[dict]:
    """Every axe violation, whatever its impact, with target size (WCAG 2.2) switched on."""
    page.evaluate(AXE_JS)
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
    results = page.evaluate("options => axe.run(document, options)", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]} for v in results["violations"]]


def _versions(factory):
    event = factory.event("idm-versions", title="IDM 2018", title_fr="DIM 2018",
                          title_es="DIM 2018")
    hall, annex = factory.room(event, "Hall"), factory.room(event, "Annex")
    panel = factory.session(event, title="Panel 1", start=time(10, 0), room=hall)
    gone = factory.session(event, title="Side event", start=time(13, 0), room=hall)
    factory.slot(panel, factory.person("Ana Lopez"))
    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)
    panel.room = annex
    gone.status = "cancelled"
    db.session.commit()
    factory.slot(panel, factory.person("Ben Okafor"))
    schedule_publishing.publish(event.id, note="Panel 1 moves to the Annex", user_id=None,
                                notify=False)
    return event


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_axe_versions_pages_no_violation(live_server, new_page, factory, organizer, language):
    _versions(factory)
    page = new_page()
    page.goto(f"{live_server}/events/idm-versions/schedule/versions?lang={language}")
    assert page.locator("h2").first.is_visible()
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)

    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{live_server}/events/idm-versions/schedule/versions?lang={language}")
    violations = _all_violations(phone)
    assert violations == [], json.dumps(violations, indent=2)

    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-versions/schedule/versions?lang={language}")
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)

    # Nothing changed since version 2: publishing again shows the refusal.
    page.locator("form.form input[type=submit]").click()
    page.wait_for_selector(".error-summary")
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
