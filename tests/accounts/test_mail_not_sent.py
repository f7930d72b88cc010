"""Where mail is only saved (the demo without a mail server), pages never say "we sent"."""

from __future__ import annotations

import html

import pytest

from tests.conftest import login

PASSWORD = "a long enough password"


@pytest.fixture()
def saved_only(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "MAIL_NOT_SENT", True)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_signup_says_the_link_was_saved_not_sent(client, saved_only):
    page = _text(client.post("/signup", data={"email": "new@example.org", "password": PASSWORD,
                                              "confirm": PASSWORD}, follow_redirects=True))
    assert ("Your account is ready. This site sends no e-mail, so the link to confirm "
            "new@example.org was saved on the server (its outbox folder) instead.") in page
    assert "We sent" not in page
    account = _text(client.get("/me/account"))
    assert ("Your e-mail address is not confirmed yet. This site sends no e-mail: the link for "
            "new@example.org was saved on the server (its outbox folder).") in account
    assert "we sent" not in account.lower()
    again = _text(client.post("/me/account/verification", follow_redirects=True))
    assert ("This site sends no e-mail: a new link for new@example.org was saved on the server "
            "(its outbox folder).") in again


def test_password_reset_says_the_link_was_saved_not_sent(client, participant, saved_only):
    page = _text(client.post("/forgot-password", data={"email": participant.email},
                             follow_redirects=True))
    assert ("If an account exists for participant@example.org, a link to set a new password "
            "was saved on the server (its outbox folder): this site sends no e-mail. The link "
            "works for one hour.") in page


def test_registrations_notice_says_the_link_was_saved(client, factory, saved_only):
    # Factory users have no confirmed address.
    login(client, factory.user(email="unconfirmed@example.org"))
    page = _text(client.get("/me/registrations"))
    assert ("This site sends no e-mail: the link for unconfirmed@example.org was saved on the "
            "server (its outbox folder); until it is opened, the organizers see your "
            "registrations as unconfirmed.") in page


def test_with_mail_sent_the_pages_say_we_sent(client):
    page = _text(client.post("/signup", data={"email": "new@example.org", "password": PASSWORD,
                                              "confirm": PASSWORD}, follow_redirects=True))
    assert ("Your account is ready. We sent a link to new@example.org: open it to confirm "
            "your e-mail address.") in page
