"""A copied session cookie dies at logout, at a password change and at logout-everywhere;
logging out ends this device's session only."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from eventapp.accounts.models import LoginSession
from eventapp.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD

NEW_PASSWORD = "a brand new password"


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """Another browser, given a copy of the cookie, served like a fresh request by a worker.

    It runs in a thread of its own: requests on the test's thread share the test's app
    context, where Flask-Login keeps the user it loaded for the previous request.
    """
    answers = []

    def request() -> None:
        thief = app.test_client()
        thief.set_cookie("session", cookie)
        answers.append(thief.get("/me/registrations"))

    thread = threading.Thread(target=request)
    thread.start()
    thread.join(timeout=60)
    return answers[0]


def test_session_cookie_replayed_after_logout_gets_login_page(app_ctx, client, participant):
    login(client, participant)
    copied = _cookie(client)
    assert _replay(app_ctx, copied).status_code == 200

    client.post("/logout")

    replayed = _replay(app_ctx, copied)
    assert replayed.status_code == 302
    assert replayed.headers["Location"] == "/login?next=%2Fme%2Fregistrations"


def test_session_cookie_replayed_after_password_change_gets_login_page(app_ctx, client,
                                                                      participant):
    login(client, participant)
    copied = _cookie(client)

    changed = client.post("/me/account/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert changed.status_code == 302
    assert changed.headers["Location"] == "/me/account"
    replayed = _replay(app_ctx, copied)
    assert replayed.status_code == 302
    assert replayed.headers["Location"] == "/login?next=%2Fme%2Fregistrations"
    # The browser that changed it stays logged in.
    assert _replay(app_ctx, _cookie(client)).status_code == 200
    db.session.refresh(participant)
    assert participant.check_password(NEW_PASSWORD)


def test_logout_everywhere_ends_other_sessions_and_keeps_this_one(app_ctx, client, participant):
    other = app_ctx.test_client()
    login(other, participant)
    other_cookie = _cookie(other)
    login(client, participant)

    assert client.post("/me/account/logout-everywhere").status_code == 302

    assert _replay(app_ctx, _cookie(client)).status_code == 200
    assert _replay(app_ctx, other_cookie).status_code == 302
    db.session.refresh(participant)
    assert participant.session_generation == 1


def test_password_change_needs_the_current_password(client, participant):
    login(client, participant)

    refused = client.post("/me/account/password", data={
        "current_password": "not my password", "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})

    assert refused.status_code == 200
    assert "The current password is not right." in refused.get_data(as_text=True)
    db.session.refresh(participant)
    assert participant.check_password(PASSWORD)
    assert participant.session_generation == 0


def test_password_change_refuses_mismatched_repeat(client, participant):
    login(client, participant)

    refused = client.post("/me/account/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": "other text 123"})

    assert refused.status_code == 200
    assert "The passwords do not match." in refused.get_data(as_text=True)
    db.session.refresh(participant)
    assert participant.check_password(PASSWORD)


def test_logout_ends_this_device_only(app_ctx, client, participant):
    other = app_ctx.test_client()
    login(other, participant)
    other_cookie = _cookie(other)
    login(client, participant)
    copied = _cookie(client)

    response = client.post("/logout")

    assert (response.status_code, response.headers["Location"]) == (302, "/events/")
    assert _replay(app_ctx, copied).status_code == 302
    assert _replay(app_ctx, other_cookie).status_code == 200
    db.session.refresh(participant)
    assert participant.session_generation == 0
    assert db.session.scalar(select(func.count(LoginSession.token))) == 1


def test_log_out_everywhere_ends_every_session_this_one_too(app_ctx, client, participant):
    other = app_ctx.test_client()
    login(other, participant)
    other_cookie = _cookie(other)
    login(client, participant)
    copied = _cookie(client)

    response = client.post("/logout/everywhere")

    assert (response.status_code, response.headers["Location"]) == (302, "/events/")
    assert _replay(app_ctx, copied).status_code == 302
    assert _replay(app_ctx, other_cookie).status_code == 302
    assert db.session.scalar(select(func.count(LoginSession.token))) == 0
    page = client.get("/events/").get_data(as_text=True)
    assert "You are logged out on every device and browser." in page


def test_account_page_offers_both_ways_to_log_out_everywhere(client, participant):
    login(client, participant)
    page = client.get("/me/account").get_data(as_text=True)
    assert '<form method="post" action="/me/account/logout-everywhere"' in page
    assert '<form method="post" action="/logout/everywhere"' in page
    assert ">Log out everywhere else</button>" in page
    assert ">Log out everywhere</button>" in page


def test_login_session_older_than_its_longest_life_is_refused(app_ctx, client, participant):
    login(client, participant)
    row = db.session.scalar(select(LoginSession))
    row.created_at = row.created_at - timedelta(
        seconds=app_ctx.config["LOGIN_SESSION_MAX_AGE_SECONDS"] + 1)
    db.session.commit()
    assert _replay(app_ctx, _cookie(client)).status_code == 302
    # The next login of the account clears it away.
    login(app_ctx.test_client(), participant)
    assert db.session.scalar(select(func.count(LoginSession.token))) == 1
