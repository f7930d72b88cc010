"""The 500 page says what happened to the data: nothing saved, saved, or cannot tell."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from eventapp import create_app
from eventapp.accounts import views as account_views
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.web import SAVED_MESSAGE, UNKNOWN_MESSAGE

NOTHING_SAVED = "The server could not finish this request and nothing was saved."
LOST = OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


@pytest.fixture()
def failing_app(app_ctx, database_url, tmp_path):  # noqa: ANN001, ANN201
    """The real app, answering errors as in production, plus routes that fail on purpose."""
    app = create_app({
        "TESTING": True, "PROPAGATE_EXCEPTIONS": False, "SECRET_KEY": "error-truth-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False,
        "OUTBOX_DIR": str(tmp_path / "outbox"),
    })

    def add_user(email: str) -> None:
        user = User(email=email)
        user.set_password("irrelevant password")
        db.session.add(user)

    @app.post("/test/fail-before-commit")
    def fail_before_commit():  # noqa: ANN202
        add_user("before@example.org")
        db.session.flush()
        raise LOST

    @app.post("/test/fail-after-commit")
    def fail_after_commit():  # noqa: ANN202
        add_user("after@example.org")
        db.session.commit()
        raise LOST

    @app.post("/test/fail-during-commit")
    def fail_during_commit():  # noqa: ANN202
        add_user("during@example.org")
        db.session.commit()
        return "not reached"

    yield app
    with app.app_context():
        db.engine.dispose()


def _emails() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(User.email).order_by(User.email)))


def test_failure_before_commit_says_nothing_was_saved(failing_app):
    response = failing_app.test_client().post("/test/fail-before-commit")

    assert response.status_code == 500
    assert NOTHING_SAVED in response.get_data(as_text=True)
    assert _emails() == []


def test_failure_after_commit_says_the_change_was_saved(failing_app):
    response = failing_app.test_client().post("/test/fail-after-commit")

    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert str(SAVED_MESSAGE) in body
    assert "nothing was saved" not in body
    assert _emails() == ["after@example.org"]


def test_failure_inside_commit_says_it_cannot_tell(failing_app):
    def drop_connection(session) -> None:  # noqa: ANN001
        raise LOST

    event.listen(db.session, "before_commit", drop_connection)
    try:
        response = failing_app.test_client().post("/test/fail-during-commit")
    finally:
        event.remove(db.session, "before_commit", drop_connection)

    assert response.status_code == 500
    assert str(UNKNOWN_MESSAGE) in response.get_data(as_text=True)


def test_signup_failing_after_its_commit_tells_the_account_exists(failing_app, monkeypatch):
    def connection_lost(*args: object, **kwargs: object) -> None:
        raise LOST

    # The account and its confirmation mail are committed; logging in comes after.
    monkeypatch.setattr(account_views, "login_user", connection_lost)

    response = failing_app.test_client().post("/signup", data={
        "email": "late@example.org", "password": "long enough pw", "confirm": "long enough pw"})

    assert response.status_code == 500
    assert str(SAVED_MESSAGE) in response.get_data(as_text=True)
    assert _emails() == ["late@example.org"]
