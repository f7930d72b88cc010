"""Fixtures: a real database per run (SQLite file, or a fresh PostgreSQL database)."""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text

from eventapp import create_app
from eventapp.accounts.models import LoginSession
from eventapp.extensions import db
from tests.factories import Factory

PG_ENV = "TEST_DATABASE_URL"


def _postgres_admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


@contextmanager
def temporary_database(tmp_dir) -> Iterator[str]:
    """A database of this run's own: a SQLite file, or a new PostgreSQL database dropped after."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield f"sqlite:///{tmp_dir / 'test.sqlite3'}"
        return
    name = f"eventapp_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(_postgres_admin_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """SQLite by default; with TEST_DATABASE_URL, a PostgreSQL database of this run's own."""
    with temporary_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            # Tests change data and re-fetch at once: no short-lived feed validators.
            "FEED_VALIDATOR_TTL_SECONDS": 0,
            "FLOOR_VALIDATOR_TTL_SECONDS": 0,
            "OUTBOX_DIR": str(instance / "outbox"),
        }
    )
    app.instance_path = str(instance)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _clear_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture()
def app_ctx(app):
    with app.app_context():
        yield app
        db.session.rollback()
        _clear_all_tables()
        db.session.remove()


@pytest.fixture()
def factory(app_ctx) -> Factory:
    return Factory()


@pytest.fixture()
def client(app_ctx):
    return app_ctx.test_client()


@pytest.fixture()
def organizer(factory):
    return factory.user(email="organizer@example.org", role="organizer")


@pytest.fixture()
def participant(factory):
    return factory.user(email="participant@example.org", role="participant")


def login(client, user, password: str = "correct horse battery") -> None:
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


@contextmanager
def csrf_guarded_client(database_url: str, tmp_path, user):
    """A client of an app with CSRF checks on (the shared test app has them off), signed in
    as user; its engine is disposed afterwards so that no connection outlives the test."""
    guarded = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": True,
        "SESSION_COOKIE_SECURE": False, "OUTBOX_DIR": str(tmp_path / "outbox"),
    })
    client = guarded.test_client()
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(token=token, user_id=user.id))
    db.session.commit()
    with client.session_transaction() as browser_session:
        browser_session["_user_id"] = str(user.id)
        browser_session["_generation"] = user.session_generation
        browser_session["_login"] = token
        browser_session["_fresh"] = True
    try:
        yield client
    finally:
        with guarded.app_context():
            db.engine.dispose()


@pytest.fixture()
def organizer_client(client, organizer):
    login(client, organizer)
    return client


@pytest.fixture()
def participant_client(client, participant):
    login(client, participant)
    return client


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Count the SQL statements the app sends while the block runs."""
    counter = QueryCounter()
    engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


@pytest.fixture()
def query_counter():
    return count_queries
