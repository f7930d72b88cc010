"""In Chromium: the settings page shows each quota in places while the organizer types."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def test_browser_quota_shows_places_live(live_server, new_page, factory, organizer):
    factory.categories()
    factory.event(slug="idm-quota", title="Quota dialogue")
    civil = factory.category("civil-society")

    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-quota/registration-settings")

    output = page.locator(f"#quota_{civil.id}-places")
    page.get_by_label("Capacity (places for participants)").fill("150")
    page.get_by_label("Civil society", exact=True).fill("20")
    page.get_by_label("Unit of the Civil society quota").select_option("percent")
    expect(output).to_have_text("20% of 150 = 30 places")
    page.get_by_label("Capacity (places for participants)").fill("50")
    page.get_by_label("Civil society", exact=True).fill("1")
    expect(output).to_have_text("1% of 50 = 0 places: too few")
    page.get_by_label("Unit of the Civil society quota").select_option("places")
    expect(output).to_have_text("1 place")

    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash-success").first).to_have_text("Registration settings saved.")
    expect(output).to_have_text("1 place")


def test_browser_quota_places_in_french(live_server, new_page, factory, organizer):
    factory.categories()
    factory.event(slug="idm-quota-fr", title="Quota dialogue")
    civil = factory.category("civil-society")

    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-quota-fr/registration-settings?lang=fr")

    output = page.locator(f"#quota_{civil.id}-places")
    page.get_by_label("Capacité (places pour les participants)").fill("150")
    page.get_by_label("Société civile", exact=True).fill("20")
    page.get_by_label("Unité du quota de la catégorie Société civile").select_option("percent")
    expect(output).to_have_text("20\u00a0% de 150 = 30 places")
    page.get_by_label("Capacité (places pour les participants)").fill("50")
    page.get_by_label("Société civile", exact=True).fill("1")
    # French counts 0 in the singular.
    expect(output).to_have_text("1\u00a0% de 50 = 0 place\u00a0: trop peu")
    page.get_by_label("Unité du quota de la catégorie Société civile").select_option("places")
    expect(output).to_have_text("1 place")

    page.get_by_role("button", name="Enregistrer les paramètres").click()
    expect(page.locator(".flash-success").first).to_have_text(
        "Paramètres des inscriptions enregistrés.")
    expect(output).to_have_text("1 place")
