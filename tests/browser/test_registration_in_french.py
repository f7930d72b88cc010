"""In Chromium: a visitor switches to French in the header, registers, and is answered in French."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage

pytestmark = pytest.mark.browser


def test_browser_visitor_switches_to_french_registers_and_gets_french_confirmation(
    live_server, new_page, factory,
):
    factory.categories()
    factory.event(slug="idm-fr", title="Dialogue in three languages",
                  title_fr="Dialogue en trois langues", title_es="Diálogo en tres idiomas",
                  capacity=50, auto_approve=True)

    page = new_page()
    page.goto(f"{live_server}/events/idm-fr/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".language-switcher").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # The event's own navigation leads to the form, whatever its link is called.
    page.locator('a[href="/events/idm-fr/register"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inscription à Dialogue en trois langues")
    page.locator("#email").fill("nadia.haddad@example.org")
    page.locator("#password").fill("a long enough password")
    page.get_by_label("Répétez le mot de passe").fill("a long enough password")
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label("Nom de famille").fill("Haddad")
    page.get_by_role("group", name="Je participe au titre de").get_by_label(
        "Société civile").check()
    page.locator("#organization").select_option("none")
    page.get_by_role("button", name="S'inscrire").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mes inscriptions")
    expect(page.locator(".flash")).to_have_text(
        "Vous êtes inscrit et votre place est confirmée.")
    expect(page.locator(".registration-card .status")).to_have_text("Approuvée")
    expect(page.locator(".registration-card h2")).to_have_text("Dialogue en trois langues")

    subject = db.session.scalar(select(OutboxMessage.subject).where(
        OutboxMessage.kind == "registration-received",
        OutboxMessage.recipient == "nadia.haddad@example.org"))
    assert subject == "Inscription reçue : Dialogue en trois langues"
