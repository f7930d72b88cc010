"""Password reset by an e-mailed link: single use, expiring, same answer for unknown e-mails."""

from __future__ import annotations

from urllib.parse import urlsplit

from eventapp.accounts import tokens
from eventapp.extensions import db
from tests.accounts.mailbox import links_sent, mailbox  # noqa: F401 - fixture
from tests.factories import PASSWORD

SUBJECT = "Set a new password"
NEW = {"new_password": "my new password", "confirm": "my new password"}
ANSWER = ("If an account exists for {}, we sent it a link to set a new password. "
          "The link works for one hour.")


def _ask(client, email: str):
    return client.post("/forgot-password", data={"email": email}, follow_redirects=True)


def test_forgot_password_answers_alike_for_unknown_and_known_email(client, participant,
                                                                   mailbox):  # noqa: F811
    unknown = _ask(client, "nobody@example.org").get_data(as_text=True)
    known = _ask(client, participant.email).get_data(as_text=True)

    assert ANSWER.format("nobody@example.org") in unknown
    assert ANSWER.format(participant.email) in known
    assert mailbox.summary() == [(participant.email, SUBJECT)]


def test_reset_link_sets_password_once_and_ends_sessions(client, participant, mailbox):  # noqa: F811
    _ask(client, participant.email)
    [link] = links_sent(mailbox, participant.email, SUBJECT)
    path = urlsplit(link).path
    assert client.get(path).status_code == 200

    done = client.post(path, data=NEW)

    assert done.status_code == 302
    assert done.headers["Location"] == "/login"
    db.session.refresh(participant)
    assert participant.check_password("my new password")
    assert participant.session_generation == 1
    assert participant.email_verified_at is not None
    # The password hash changed, so the same link is dead.
    reused = client.post(path, data={"new_password": "third password x", "confirm":
                                     "third password x"})
    assert reused.status_code == 302
    assert reused.headers["Location"] == "/forgot-password"
    db.session.refresh(participant)
    assert participant.check_password("my new password")


def test_reset_link_expires(app_ctx, client, participant):
    token = tokens.reset_token(participant)
    app_ctx.config["PASSWORD_RESET_MAX_AGE_SECONDS"] = -1
    try:
        response = client.post(f"/reset-password/{token}", data=NEW)
    finally:
        del app_ctx.config["PASSWORD_RESET_MAX_AGE_SECONDS"]

    assert response.status_code == 302
    assert response.headers["Location"] == "/forgot-password"
    db.session.refresh(participant)
    assert participant.check_password(PASSWORD)


def test_reset_link_for_verification_purpose_is_refused(client, participant):
    # A token signed for another purpose (salt) never opens the reset page.
    token = tokens.verification_token(participant)

    response = client.get(f"/reset-password/{token}")

    assert response.status_code == 302
    assert response.headers["Location"] == "/forgot-password"


def test_reset_form_rerenders_on_short_password(client, participant):
    token = tokens.reset_token(participant)

    response = client.post(f"/reset-password/{token}",
                           data={"new_password": "short", "confirm": "short"})

    assert response.status_code == 200
    assert "The password must have at least 10 characters." in response.get_data(as_text=True)
    db.session.refresh(participant)
    assert participant.check_password(PASSWORD)


def test_forgot_password_sends_at_most_three_mails_per_window(client, participant,
                                                               mailbox):  # noqa: F811
    answers = [_ask(client, participant.email).get_data(as_text=True) for _ in range(4)]

    assert all(ANSWER.format(participant.email) in answer for answer in answers)
    assert mailbox.summary() == [(participant.email, SUBJECT)] * 3
