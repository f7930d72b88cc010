"""axe-core scans in Chromium: no serious or critical violations on key pages."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest

pytestmark = pytest.mark.browser

AXE_JS = (Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js").read_text(
    encoding="utf-8")


def _serious_violations(page) -> list[dict]:
    page.evaluate(AXE_JS)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _event(factory):
    factory.categories()
    event = factory.event(slug="idm-axe", title="Accessible dialogue")
    room = factory.room(event, "Conference Room 4")
    session = factory.session(event, title="Setting the scene", kind="setting-the-scene",
                              room=room)
    factory.slot(session, factory.person("Amina Otieno", category="migrants-diaspora"),
                 role="keynote")
    factory.session(event, title="Coffee", kind="break", minutes=30)
    return event


def test_axe_registration_form_no_serious_violations(live_server, new_page, factory):
    _event(factory)
    page = new_page()
    page.goto(f"{live_server}/events/idm-axe/register")
    violations = _serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)

    # The same form showing its error messages.
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector(".error-summary")
    violations = _serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)


def test_axe_agenda_page_no_serious_violations_and_screenshot(
    live_server, new_page, factory, artifacts,
):
    _event(factory)
    page = new_page()
    page.goto(f"{live_server}/events/idm-axe/agenda")
    page.screenshot(path=str(artifacts / "agenda.png"), full_page=True)
    violations = _serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    assert (artifacts / "agenda.png").stat().st_size > 0


def test_axe_organizer_registration_list_no_serious_violations(
    live_server, new_page, factory, organizer,
):
    from tests.browser.helpers import log_in

    event = _event(factory)
    factory.registration(event, factory.person("Luis Ortega"), status="pending")
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-axe/registrations")
    violations = _serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
