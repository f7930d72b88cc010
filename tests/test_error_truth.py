"""The error pages say what happened to the data: nothing saved, saved, or cannot tell.

A lost database connection (or a SQLite database locked past the wait) is a 503 asking to
try again, with Retry-After; the page says "saved" only when a commit of writes came back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from eventapp import create_app, error_truth
from eventapp.accounts import views as account_views
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.programme.models import Session
from eventapp.registration.models import Registration
from eventapp.spreadsheets import carry
from eventapp.web import (
    PARTLY_SAVED_MESSAGE,
    SAVED_MESSAGE,
    UNAVAILABLE_MESSAGE,
    UNKNOWN_MESSAGE,
)
from tests.factories import PASSWORD
from tests.programme.csv_rows import break_row, csv_text, row

NOTHING_SAVED = "The server could not finish this request and nothing was saved."
LOST = OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
LOST.connection_invalidated = True


@pytest.fixture()
def failing_app(app_ctx, database_url, tmp_path):
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
    def fail_before_commit():
        add_user("before@example.org")
        db.session.flush()
        raise LOST

    @app.post("/test/bug-before-commit")
    def bug_before_commit():
        add_user("bug@example.org")
        db.session.flush()
        raise RuntimeError("a bug")

    @app.post("/test/fail-after-empty-commit")
    def fail_after_empty_commit():
        db.session.scalar(select(func.count(User.id)))
        db.session.commit()  # as row_lock does before taking its lock
        add_user("later@example.org")
        db.session.flush()
        raise LOST

    @app.post("/test/fail-after-commit")
    def fail_after_commit():
        add_user("after@example.org")
        db.session.commit()
        raise LOST

    @app.post("/test/fail-during-commit")
    def fail_during_commit():
        add_user("during@example.org")
        db.session.commit()
        return "not reached"

    @app.post("/test/connection-dies-before-teardown")
    def connection_dies_before_teardown():
        add_user("saved@example.org")
        db.session.commit()
        # Reading after the commit opens a transaction that the teardown rolls back.
        db.session.scalar(select(func.count(User.id)))
        _terminate_backend(db.session.connection())
        return "saved"

    yield app
    with app.app_context():
        db.engine.dispose()


def _emails() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(User.email).order_by(User.email)))


def _postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("terminates a PostgreSQL backend")


def _terminate_backend(connection) -> None:
    """Ends the server process of `connection` from a second connection, and waits for it."""
    import psycopg

    pid = connection.connection.dbapi_connection.info.backend_pid
    dsn = connection.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))


def _log_in(client, user) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _assert_unavailable(response, message) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert str(message) in body
    return body


def test_lost_connection_before_commit_says_nothing_was_saved(failing_app):
    response = failing_app.test_client().post("/test/fail-before-commit")

    body = _assert_unavailable(response, UNAVAILABLE_MESSAGE)
    assert str(SAVED_MESSAGE) not in body
    assert _emails() == []


def test_bug_before_commit_says_nothing_was_saved(failing_app):
    response = failing_app.test_client().post("/test/bug-before-commit")

    assert response.status_code == 500
    assert NOTHING_SAVED in response.get_data(as_text=True)
    assert _emails() == []


def test_empty_commit_before_a_failure_does_not_count_as_saved(failing_app):
    response = failing_app.test_client().post("/test/fail-after-empty-commit")

    body = _assert_unavailable(response, UNAVAILABLE_MESSAGE)
    assert str(SAVED_MESSAGE) not in body
    assert _emails() == []


def test_failure_after_commit_says_the_change_was_saved(failing_app):
    response = failing_app.test_client().post("/test/fail-after-commit")

    body = _assert_unavailable(response, SAVED_MESSAGE)
    assert "nothing was saved" not in body
    assert _emails() == ["after@example.org"]


def test_failure_inside_commit_says_what_the_database_allows(failing_app, database_url):
    def drop_connection(conn) -> None:
        raise LOST

    engine = _engine(failing_app)
    event.listen(engine, "commit", drop_connection)
    try:
        response = failing_app.test_client().post("/test/fail-during-commit")
    finally:
        event.remove(engine, "commit", drop_connection)

    # A server may have committed before the answer was lost; a SQLite file has not.
    expected = UNKNOWN_MESSAGE if database_url.startswith("postgresql") else UNAVAILABLE_MESSAGE
    _assert_unavailable(response, expected)


def test_signup_failing_after_its_commit_tells_the_account_exists(failing_app, monkeypatch):
    def connection_lost(*args: object, **kwargs: object) -> None:
        raise LOST

    # The account and its confirmation mail are committed; logging in comes after.
    monkeypatch.setattr(account_views, "login_user", connection_lost)

    response = failing_app.test_client().post("/signup", data={
        "email": "late@example.org", "password": "long enough pw", "confirm": "long enough pw"})

    _assert_unavailable(response, SAVED_MESSAGE)
    assert _emails() == ["late@example.org"]


# The probe's interrupted import: the lock's statement meets a dropped connection.


def _engine(app) -> Engine:
    with app.app_context():
        return db.engine


def _takes_a_lock(statement: str, parameters: object) -> bool:
    """A row lock (PostgreSQL), SQLite's write lock, or on SQLite the accreditation lock:
    the event's registrations version written first, which takes the database's write lock."""
    if "FOR UPDATE" in statement or statement == "BEGIN IMMEDIATE":
        return True
    values = parameters.values() if isinstance(parameters, dict) else parameters or ()
    return (statement.startswith("INSERT INTO content_versions")
            and any(str(value).startswith("registrations:") for value in values))


@contextmanager
def _on_lock_statement(engine: Engine, action) -> Iterator[None]:
    """Runs action(connection) once, just before the app takes the event's lock."""
    done = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if not done and _takes_a_lock(statement, parameters):
            done.append(True)
            action(conn)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _confirm_import(client):
    content = carry(csv_text([row(), break_row()]))
    return client.post("/organize/events/idm/import/confirm", data={"content": content})


def _session_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Session.id)))


def _sqlite_path(database_url: str) -> str:
    return database_url.removeprefix("sqlite:///")


@contextmanager
def _database_lost_at_lock(app, database_url: str) -> Iterator[None]:
    """The app's next lock statement meets a database it cannot use.

    On PostgreSQL a second connection terminates the request's backend; on SQLite another
    writer holds the file, and the app waits 50 ms for it rather than 30 s.
    """
    engine = _engine(app)
    if database_url.startswith("postgresql"):
        with _on_lock_statement(engine, _terminate_backend):
            yield
        return
    other = sqlite3.connect(_sqlite_path(database_url), isolation_level=None)

    def lock_the_file(conn) -> None:
        conn.connection.dbapi_connection.execute("PRAGMA busy_timeout = 50")
        other.execute("BEGIN EXCLUSIVE")

    try:
        with _on_lock_statement(engine, lock_the_file):
            yield
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def test_import_meeting_a_lost_database_says_nothing_was_saved(
        failing_app, factory, organizer, database_url):
    factory.categories()
    factory.event("idm")
    client = failing_app.test_client()
    _log_in(client, organizer)

    with _database_lost_at_lock(failing_app, database_url):
        response = _confirm_import(client)

    body = _assert_unavailable(response, UNAVAILABLE_MESSAGE)
    assert str(SAVED_MESSAGE) not in body
    assert _session_count() == 0
    # Trying again, as the page asks, works.
    assert _confirm_import(client).status_code == 302
    assert _session_count() == 2


def _registration_form(factory) -> dict[str, str]:
    return {
        "email": "amina.yusuf@example.org", "password": "a long enough password",
        "confirm": "a long enough password", "first_name": "Amina", "last_name": "Yusuf",
        "category": str(factory.category("civil-society").id), "organization": "none",
        "delegation_role": "delegate", "consent_public_list": "y", "gender": "woman",
        "migrant_experience": "no",
    }


def _registrations() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Registration.id)))


def test_registration_of_a_participant_meeting_a_lost_database_says_nothing_was_saved(
        failing_app, factory, participant, database_url):
    factory.event(slug="idm", capacity=10, auto_approve=True)
    form = _registration_form(factory)
    client = failing_app.test_client()
    _log_in(client, participant)
    client.post("/events/idm/register", data={**form, "email": participant.email})
    db.session.execute(delete(Registration))
    db.session.commit()

    # The same details again: nothing to write before the lock, so nothing was saved.
    with _database_lost_at_lock(failing_app, database_url):
        response = client.post("/events/idm/register",
                               data={**form, "email": participant.email})

    body = _assert_unavailable(response, UNAVAILABLE_MESSAGE)
    assert str(SAVED_MESSAGE) not in body
    assert _registrations() == 0


def test_new_account_registration_meeting_a_lost_database_says_only_part_was_saved(
        failing_app, factory, database_url):
    factory.event(slug="idm", capacity=10, auto_approve=True)

    with _database_lost_at_lock(failing_app, database_url):
        response = failing_app.test_client().post("/events/idm/register",
                                                  data=_registration_form(factory))

    # The account and its person were committed before the lock; the registration was not.
    body = _assert_unavailable(response, PARTLY_SAVED_MESSAGE)
    assert str(SAVED_MESSAGE) not in body
    assert (_emails(), _registrations()) == (["amina.yusuf@example.org"], 0)


def test_dead_connection_at_teardown_keeps_the_saved_answer(failing_app, database_url):
    _postgres_only(database_url)

    response = failing_app.test_client().post("/test/connection-dies-before-teardown")

    assert (response.status_code, response.get_data(as_text=True)) == (200, "saved")
    assert _emails() == ["saved@example.org"]
    # The pool hands the next request a working connection.
    assert failing_app.test_client().get("/healthz").status_code == 200


def test_lost_connection_page_is_in_the_visitors_language(failing_app):
    response = failing_app.test_client().post("/test/fail-before-commit?lang=fr")

    assert response.status_code == 503
    assert ("La base de données n’a pas pu être jointe, rien n’a donc été enregistré."
            in response.get_data(as_text=True))


@pytest.mark.parametrize(("statement", "writes"), [
    ("SELECT 1", False), ("BEGIN IMMEDIATE", False), ("SAVEPOINT sa_1", False),
    ("SELECT * FROM events WHERE id = 1 FOR UPDATE", False), ("  insert into t VALUES (1)", True),
    ("UPDATE t SET a = 1", True), ("DELETE FROM t", True),
    ("WITH gone AS (DELETE FROM t RETURNING id) SELECT count(*) FROM gone", True),
    ("WITH a AS (SELECT updated_at FROM t) SELECT * FROM a FOR UPDATE", False),
])
def test_statements_that_write_are_told_from_reads(statement, writes):
    assert error_truth._is_write(statement) is writes
