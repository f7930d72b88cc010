"""Login limits through /login: delays per account, failing accounts per address, unlock links."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from eventapp.accounts import tokens
from eventapp.accounts.models import LoginThrottle
from eventapp.accounts.service import authenticate
from eventapp.extensions import db
from tests.accounts.mailbox import links_sent, mailbox  # noqa: F401 - fixture
from tests.factories import PASSWORD

UNLOCK_SUBJECT = "Log in to your account at once"


def _post_at_once(app: Flask, forms: list[dict[str, str]], addresses: list[str]) -> list[int]:
    """Each form posted to /login from its own thread (own context, connection and client),
    all released at the same moment; returns the statuses in order."""
    barrier = threading.Barrier(len(forms))
    statuses: list[int] = [0] * len(forms)

    def attempt(index: int) -> None:
        client = app.test_client()
        barrier.wait(timeout=60)
        response = client.post("/login", data=forms[index],
                               environ_base={"REMOTE_ADDR": addresses[index]})
        statuses[index] = response.status_code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _rows() -> set[tuple[str, int]]:
    db.session.expire_all()
    return {(r.key, r.failures) for r in db.session.scalars(select(LoginThrottle))}


def _fail(client: FlaskClient, email: str, times: int, address: str = "192.0.2.10") -> list[int]:
    return [client.post("/login", data={"email": email, "password": "wrong"},
                        environ_base={"REMOTE_ADDR": address}).status_code
            for _ in range(times)]


def test_login_thirty_concurrent_wrong_passwords_check_exactly_four(app_ctx, organizer,
                                                                    monkeypatch):
    # A first delay longer than the test, so a slow machine cannot let a fifth one through.
    monkeypatch.setitem(app_ctx.config, "LOGIN_FIRST_DELAY_SECONDS", 600.0)
    forms = [{"email": organizer.email, "password": f"wrong {i}"} for i in range(30)]

    statuses = _post_at_once(app_ctx, forms, ["192.0.2.1"] * 30)

    # 200 is the form again with "not right": the password was checked. 429: refused unchecked.
    assert sorted(statuses) == [200] * 4 + [429] * 26
    assert _rows() == {("account:organizer@example.org", 4),
                       ("pair:192.0.2.1|organizer@example.org", 4), ("address:192.0.2.1", 1)}


def test_login_thirty_concurrent_sprays_from_one_address_stop_at_its_limit(app_ctx, factory,
                                                                           monkeypatch):
    monkeypatch.setitem(app_ctx.config, "LOGIN_MAX_ACCOUNTS_PER_ADDRESS", 7)
    forms = [{"email": f"someone{i}@example.org", "password": "Summer2026!"} for i in range(30)]

    statuses = _post_at_once(app_ctx, forms, ["198.51.100.7"] * 30)

    assert sorted(statuses) == [200] * 7 + [429] * 23


def test_login_delayed_account_page_offers_an_unlock_link_and_a_reset(client, organizer):
    checked = _fail(client, organizer.email, 4)

    delayed = client.post("/login", data={"email": organizer.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "192.0.2.99"})

    assert checked == [200] * 4
    assert delayed.status_code == 429
    assert delayed.headers["Retry-After"] == "1"
    page = delayed.get_data(as_text=True)
    assert "Several wrong passwords were tried for this account" in page
    assert "You can try again in 1 second." in page
    assert 'action="/login/unlock"' in page
    assert 'value="organizer@example.org"' in page
    assert 'href="/forgot-password">Forgot your password?</a>' in page


def test_login_fifty_people_behind_one_address_with_two_typos_each_all_log_in(app_ctx, client,
                                                                               factory):
    users = [factory.user(email=f"delegate{i}@example.org") for i in range(50)]

    statuses = []
    for user in users:
        statuses += _fail(client, user.email, 2, address="203.0.113.9")
        statuses.append(client.post("/login", data={"email": user.email, "password": PASSWORD},
                                    environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code)
        client.post("/logout", data={})

    assert statuses == [200, 200, 302] * 50
    assert _rows() == {("address:203.0.113.9", 0)}


def test_login_one_address_trying_twenty_one_accounts_is_refused_at_the_last(client, factory):
    statuses = [_fail(client, f"someone{i}@example.org", 1, address="198.51.100.7")[0]
                for i in range(21)]

    assert statuses == [200] * 20 + [429]


def test_unlock_link_is_mailed_in_the_account_language_and_logs_in_at_once(client, organizer,
                                                                          mailbox):  # noqa: F811
    organizer.language = "fr"
    db.session.commit()
    _fail(client, organizer.email, 5)

    asked = client.post("/login/unlock", data={"email": organizer.email}, follow_redirects=True)
    [link] = links_sent(mailbox, organizer.email, "Connectez-vous à votre compte tout de suite")
    opened = client.get(urlsplit(link).path)
    logged_in = client.post("/login", data={"email": organizer.email, "password": PASSWORD})

    assert ("If an account exists for organizer@example.org, we sent it a link that lets you "
            "log in at once.") in asked.get_data(as_text=True)
    assert opened.headers["Location"] == "/login"
    assert logged_in.status_code == 302
    # The attacker's address keeps counting the account; the delay is gone.
    assert {row for row in _rows() if not row[0].startswith("unlock:")} == {
        ("pair:192.0.2.10|organizer@example.org", 4), ("address:192.0.2.10", 1)}


def test_unlock_link_works_once_in_one_browser(app_ctx, client, organizer):
    other_browser = app_ctx.test_client()
    _fail(client, organizer.email, 4)
    path = f"/login/unlock/{tokens.unlock_token(organizer)}"
    client.get(path)
    _fail(other_browser, organizer.email, 4, address="198.51.100.66")  # the delay is back

    reused = other_browser.get(path, follow_redirects=True)
    still_delayed = other_browser.post("/login", data={"email": organizer.email,
                                                       "password": PASSWORD})
    unlocked = client.post("/login", data={"email": organizer.email, "password": PASSWORD})

    assert "This link is not valid any more" in reused.get_data(as_text=True)
    assert still_delayed.status_code == 429
    assert unlocked.status_code == 302


def test_unlock_link_expires(app_ctx, client, organizer, monkeypatch):
    _fail(client, organizer.email, 4)
    token = tokens.unlock_token(organizer)
    monkeypatch.setitem(app_ctx.config, "LOGIN_UNLOCK_MAX_AGE_SECONDS", -1)

    expired = client.get(f"/login/unlock/{token}", follow_redirects=True)
    delayed = client.post("/login", data={"email": organizer.email, "password": PASSWORD})

    assert "This link is not valid any more" in expired.get_data(as_text=True)
    assert delayed.status_code == 429


def test_unlock_request_answers_alike_for_unknown_addresses(client, organizer,
                                                            mailbox):  # noqa: F811
    unknown = client.post("/login/unlock", data={"email": "nobody@example.org"},
                          follow_redirects=True)

    assert ("If an account exists for nobody@example.org, we sent it a link that lets you log "
            "in at once.") in unknown.get_data(as_text=True)
    assert mailbox.summary() == []


def test_login_success_takes_the_account_off_its_address(client, participant):
    _fail(client, participant.email, 1, address="127.0.0.1")
    client.post("/login", data={"email": participant.email, "password": PASSWORD})

    assert _rows() == {("address:127.0.0.1", 0)}


def test_authenticate_checks_a_hash_even_for_unknown_email(app_ctx, monkeypatch):
    checked: list[str] = []
    import eventapp.accounts.service as service

    real = service.check_password_hash
    monkeypatch.setattr(service, "check_password_hash",
                        lambda h, p: checked.append(h.split("$")[0]) or real(h, p))

    assert authenticate("nobody@example.org", "whatever password") is None
    assert checked == [service._dummy_hash().split("$")[0]]
    assert checked[0].startswith("scrypt:")



def test_unlock_form_sent_wrong_shows_the_lockout_page_with_the_reset_link(client):
    response = client.post("/login/unlock", data={"email": "not an address"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<h1>Logging in is slowed down</h1>" in page
    assert 'href="/forgot-password">Forgot your password?</a>' in page
