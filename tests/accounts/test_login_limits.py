"""Login limits per account and per client address, exact under concurrent attempts."""

from __future__ import annotations

import threading

from sqlalchemy import select

from eventapp.accounts import rate_limit
from eventapp.accounts.models import LoginCounter
from eventapp.accounts.service import authenticate
from eventapp.extensions import db
from tests.factories import PASSWORD


def _post_at_once(app, forms: list[dict[str, str]], addresses: list[str]) -> list[int]:  # noqa: ANN001
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


def test_login_thirty_concurrent_wrong_passwords_check_exactly_five(app_ctx, organizer):
    forms = [{"email": organizer.email, "password": f"wrong {i}"} for i in range(30)]

    statuses = _post_at_once(app_ctx, forms, ["192.0.2.1"] * 30)

    # 200 is the form again with "not right": the password was checked. 429: refused unchecked.
    assert sorted(statuses) == [200] * 5 + [429] * 25
    db.session.expire_all()
    counts = {(c.key, c.attempts) for c in db.session.scalars(select(LoginCounter))}
    assert counts == {("account:organizer@example.org", 5), ("address:192.0.2.1", 5)}


def test_login_thirty_concurrent_sprays_from_one_address_stop_at_its_limit(app_ctx, factory):
    app_ctx.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 7
    try:
        forms = [{"email": f"someone{i}@example.org", "password": "Summer2026!"}
                 for i in range(30)]
        statuses = _post_at_once(app_ctx, forms, ["198.51.100.7"] * 30)
    finally:
        app_ctx.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 50

    assert sorted(statuses) == [200] * 7 + [429] * 23


def test_login_locked_account_is_refused_from_another_address(client, organizer):
    for _ in range(5):
        client.post("/login", data={"email": organizer.email, "password": "wrong"},
                    environ_base={"REMOTE_ADDR": "192.0.2.10"})

    locked = client.post("/login", data={"email": organizer.email, "password": PASSWORD},
                         environ_base={"REMOTE_ADDR": "192.0.2.99"})

    assert locked.status_code == 429
    assert "Too many failed logins for this account." in locked.get_data(as_text=True)


def test_login_success_gives_the_address_its_place_back(client, participant):
    client.post("/login", data={"email": participant.email, "password": "wrong"})
    client.post("/login", data={"email": participant.email, "password": PASSWORD})

    counts = {(c.key, c.attempts) for c in db.session.scalars(select(LoginCounter))}
    assert counts == {("address:127.0.0.1", 1)}


def test_claim_attempt_starts_afresh_in_the_next_window(app_ctx):
    claims = [rate_limit.claim_attempt("a@example.org", "192.0.2.5", account_limit=2,
                                       address_limit=10, window_seconds=60, now=120.0 + i)
              for i in range(3)]
    later = rate_limit.claim_attempt("a@example.org", "192.0.2.5", account_limit=2,
                                     address_limit=10, window_seconds=60, now=180.0)

    assert [c.refused for c in claims] == [None, None, rate_limit.ACCOUNT]
    assert (later.window_start, later.refused) == (180, None)
    # The earlier window's rows are gone.
    rows = {(c.key, c.window_start, c.attempts) for c in db.session.scalars(select(LoginCounter))}
    assert rows == {("account:a@example.org", 180, 1), ("address:192.0.2.5", 180, 1)}


def test_authenticate_checks_a_hash_even_for_unknown_email(app_ctx, monkeypatch):
    checked: list[str] = []
    import eventapp.accounts.service as service

    real = service.check_password_hash
    monkeypatch.setattr(service, "check_password_hash",
                        lambda h, p: checked.append(h.split("$")[0]) or real(h, p))

    assert authenticate("nobody@example.org", "whatever password") is None
    assert checked == [service._dummy_hash().split("$")[0]]
    assert checked[0].startswith("scrypt:")
