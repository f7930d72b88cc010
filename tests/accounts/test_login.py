from __future__ import annotations

from eventapp.accounts.access import safe_next_url
from tests.factories import PASSWORD


def test_login_succeeds_with_any_email_case(client, organizer):
    response = client.post("/login", data={"email": "ORGANIZER@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/organize/"


def test_login_wrong_password_rerenders_with_message(client, organizer):
    response = client.post("/login", data={"email": organizer.email, "password": "nope"})
    assert response.status_code == 200
    assert "The email or password is not right." in response.get_data(as_text=True)


def test_login_is_slowed_down_after_four_failures(client, organizer):
    for _ in range(4):
        assert client.post(
            "/login", data={"email": organizer.email, "password": "wrong"}
        ).status_code == 200
    delayed = client.post("/login", data={"email": organizer.email, "password": PASSWORD})
    assert delayed.status_code == 429
    assert "Logging in is slowed down" in delayed.get_data(as_text=True)


def test_login_success_clears_earlier_failures(client, organizer):
    for _ in range(3):
        client.post("/login", data={"email": organizer.email, "password": "wrong"})
    assert client.post(
        "/login", data={"email": organizer.email, "password": PASSWORD}
    ).status_code == 302
    client.post("/logout")
    for _ in range(3):
        client.post("/login", data={"email": organizer.email, "password": "wrong"})
    assert client.post(
        "/login", data={"email": organizer.email, "password": PASSWORD}
    ).status_code == 302


def test_login_next_parameter_follows_local_path(client, participant):
    response = client.post(
        "/login", data={"email": participant.email, "password": PASSWORD, "next": "/events/x/"}
    )
    assert response.headers["Location"] == "/events/x/"


def test_login_next_parameter_ignores_offsite_targets(client, participant):
    response = client.post(
        "/login",
        data={"email": participant.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/events/"


def test_safe_next_url_rejects_every_offsite_form():
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil",
                   "javascript:alert(1)", "evil.example", "/ok\r\nSet-Cookie: x", ""):
        assert safe_next_url(target) is None
    assert safe_next_url("/events/idm/agenda?x=1") == "/events/idm/agenda?x=1"


def test_signup_creates_participant_and_refuses_duplicate_email(client):
    data = {"email": "New@Example.org", "password": "long enough pw", "confirm": "long enough pw"}
    assert client.post("/signup", data=data).status_code == 302
    client.post("/logout")
    # Another password: someone else (the same one would be the first form sent again).
    again = client.post("/signup", data={**data, "password": "other long pw",
                                         "confirm": "other long pw"})
    assert again.status_code == 200
    assert "An account with this email address already exists." in again.get_data(as_text=True)


def test_signup_short_password_rerenders_form(client):
    response = client.post(
        "/signup", data={"email": "a@example.org", "password": "short", "confirm": "short"}
    )
    assert response.status_code == 200
    assert "at least 10 characters" in response.get_data(as_text=True)


def test_password_is_stored_hashed(factory):
    user = factory.user(email="hash@example.org")
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_logout_requires_post(client, participant):
    from tests.conftest import login

    login(client, participant)
    assert client.get("/logout").status_code == 405
