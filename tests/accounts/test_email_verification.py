"""Signing up sends a confirmation link; until it is opened, the registration says so."""

from __future__ import annotations

from urllib.parse import urlsplit

from eventapp.accounts import tokens
from eventapp.accounts.service import find_user_by_email
from eventapp.extensions import db
from tests.accounts.mailbox import links_sent, mailbox  # noqa: F401 - fixture
from tests.conftest import login

SUBJECT = "Confirm your e-mail address"
SIGNUP = {"email": "New@Example.org", "password": "long enough pw", "confirm": "long enough pw"}


def _path(link: str) -> str:
    return urlsplit(link).path


def test_signup_sends_link_built_from_public_base_url_not_host(app_ctx, client, mailbox):  # noqa: F811
    app_ctx.config["PUBLIC_BASE_URL"] = "https://events.example.org/"
    try:
        response = client.post("/signup", data=SIGNUP, headers={"Host": "evil.example"})
    finally:
        app_ctx.config["PUBLIC_BASE_URL"] = None

    assert response.status_code == 302
    [link] = links_sent(mailbox, "new@example.org", SUBJECT)
    assert link.startswith("https://events.example.org/verify-email/")
    assert find_user_by_email("new@example.org").email_verified_at is None


def test_verification_link_confirms_once(client, mailbox):  # noqa: F811
    client.post("/signup", data=SIGNUP)
    [link] = links_sent(mailbox, "new@example.org", SUBJECT)
    page = client.get("/me/registrations").get_data(as_text=True)
    assert "Confirm your e-mail address." in page

    first = client.get(_path(link), follow_redirects=True)
    assert "Thank you: your e-mail address is confirmed." in first.get_data(as_text=True)
    user = find_user_by_email("new@example.org")
    confirmed_at = user.email_verified_at
    assert confirmed_at is not None
    assert "Confirm your e-mail address." not in client.get(
        "/me/registrations").get_data(as_text=True)

    again = client.get(_path(link), follow_redirects=True)
    assert "Your e-mail address is already confirmed." in again.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_verified_at == confirmed_at


def test_verification_link_tampered_or_for_old_address_is_refused(client, participant):
    token = tokens.verification_token(participant)
    participant.email = "changed@example.org"
    db.session.commit()

    for path in (f"/verify-email/{token}", f"/verify-email/{token[:-2]}xx", "/verify-email/abc"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/login"
    db.session.refresh(participant)
    assert participant.email_verified_at is None


def test_resend_verification_sends_a_new_link(client, participant, mailbox):  # noqa: F811
    login(client, participant)

    response = client.post("/me/account/verification")

    assert response.status_code == 302
    assert len(links_sent(mailbox, participant.email, SUBJECT)) == 1


def test_organizer_list_marks_unconfirmed_accounts(factory, organizer_client, participant):
    event = factory.event("marked")
    person = factory.person("Una Unconfirmed", user=participant, email=participant.email)
    factory.registration(event, person)
    confirmed = factory.user(email="confirmed@example.org")
    confirmed.email_verified_at = confirmed.created_at
    factory.registration(event, factory.person("Cora Confirmed", user=confirmed,
                                               email=confirmed.email))
    db.session.commit()

    page = organizer_client.get(f"/organize/events/{event.slug}/registrations").get_data(
        as_text=True)

    assert page.count("E-mail not confirmed") == 1
    una_row = page[page.index("Unconfirmed, Una"):]
    assert una_row.index("E-mail not confirmed") < una_row.index("</tr>")


def test_resend_verification_stops_after_three_in_a_window(client, participant,
                                                           mailbox):  # noqa: F811
    login(client, participant)

    pages = [client.post("/me/account/verification", follow_redirects=True)
             .get_data(as_text=True) for _ in range(4)]

    assert len(links_sent(mailbox, participant.email, SUBJECT)) == 3
    assert "Please wait 15 minutes before asking again." in pages[3]
    assert "Please wait" not in pages[2]
