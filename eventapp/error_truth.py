"""What a failed request did to the data: nothing saved, saved, or cannot tell.

The error page must say which, so the person knows whether to send the form again. The
answer is read from the database connection itself, not from the session: a transaction
counts as saved only when it wrote something (an INSERT, UPDATE or DELETE reached the
server) and its COMMIT came back. An empty commit (row_lock commits before it takes its
lock, whether or not there is anything to commit) saves nothing and changes nothing here.

States, kept in ``g`` for the request:
- ``tx_wrote``: the open transaction has sent a write;
- ``commit_pending``: a COMMIT of writes was sent and has not come back;
- ``commit_done``: a COMMIT of writes came back;
- ``partial_done``: a COMMIT of writes came back that saved only the first part of the
  request's work (see PARTIAL_COMMIT), e.g. a new account before its registration.
"""

from __future__ import annotations

import enum
import logging
import re
import sqlite3
from contextlib import suppress

from flask import Flask, g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT", "TRUNCATE", "CREATE",
           "ALTER", "DROP")
# SQLite's own words for "the database cannot be reached now": another writer holds the
# lock past the wait, or the file cannot be read or written.
_SQLITE_UNAVAILABLE = ("database is locked", "database table is locked", "disk i/o error",
                       "unable to open database", "database or disk is full")


_CTE_WRITE = re.compile(r"(?<!FOR )\b(INSERT|UPDATE|DELETE)\b")


class Outcome(enum.Enum):
    NOTHING_SAVED = "nothing"
    PARTLY_SAVED = "partly"
    SAVED = "saved"
    UNKNOWN = "unknown"


# Set in session.info around a commit that saves only the first part of a request's work
# (row_lock commits the caller's pending changes before it takes its lock).
PARTIAL_COMMIT = "eventapp_partial_commit"


def _is_write(statement: str) -> bool:
    head = statement.lstrip().upper()
    if head.startswith("WITH"):
        return _CTE_WRITE.search(head) is not None
    return head.startswith(_WRITES)


def _before_cursor_execute(conn: Connection, cursor: object, statement: str,
                           parameters: object, context: object, executemany: bool) -> None:
    if has_request_context() and not g.get("tx_wrote") and _is_write(statement):
        g.tx_wrote = True


def _on_commit(conn: Connection) -> None:
    # Fires just before the COMMIT is sent: after the session's flush, so its writes count.
    if has_request_context() and g.get("tx_wrote"):
        g.commit_pending = True
        g.commit_dialect = conn.dialect.name


def _on_rollback(conn: Connection) -> None:
    if has_request_context():
        g.tx_wrote = False


def _after_session_commit(session: Session) -> None:
    if has_request_context():
        if g.get("commit_pending"):
            if session.info.get(PARTIAL_COMMIT):
                g.partial_done = True
            else:
                g.commit_done = True
        g.commit_pending = False
        g.tx_wrote = False


def track(engine: Engine, session_factory: object) -> None:
    """Listen to the app's engine and session (once each)."""
    for name, listener in (("before_cursor_execute", _before_cursor_execute),
                           ("commit", _on_commit), ("rollback", _on_rollback)):
        if not event.contains(engine, name, listener):
            event.listen(engine, name, listener)
    if not event.contains(session_factory, "after_commit", _after_session_commit):
        event.listen(session_factory, "after_commit", _after_session_commit)


def outcome() -> Outcome:
    """What this request has done to the data so far (call before choosing a message)."""
    if g.get("commit_pending"):
        # A failed COMMIT on SQLite leaves the transaction uncommitted (SQLite is a local
        # file, the answer cannot be lost on the way); a server may have committed it.
        if g.get("commit_dialect") == "sqlite" and not g.get("commit_done"):
            return Outcome.NOTHING_SAVED
        return Outcome.UNKNOWN
    if g.get("commit_done"):
        return Outcome.SAVED
    if g.get("partial_done"):
        return Outcome.PARTLY_SAVED
    return Outcome.NOTHING_SAVED


def is_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached or used now: try again later, not a bug."""
    if isinstance(error, PoolTimeoutError | DisconnectionError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return any(words in str(original).lower() for words in _SQLITE_UNAVAILABLE)
    try:
        import psycopg
    except ImportError:  # pragma: no cover - SQLite-only installs
        return False
    # Class 08 (connection), 57 (operator intervention: AdminShutdown, statement timeout)
    # and the driver's own "connection is closed" all arrive as psycopg.OperationalError.
    return isinstance(original, psycopg.OperationalError)


def remove_session_safely(db: object) -> None:
    """End the request's session even when its connection is dead.

    The rollback on a dead connection raises; raised from a teardown, that becomes the
    server's bare 500 after the response (which may say "saved", truthfully) was built.
    The connection is dropped instead, and the pool makes a new one for the next request.
    """
    scoped = db.session  # type: ignore[attr-defined]
    try:
        scoped.remove()
    except SQLAlchemyError:
        log.warning("The database connection was lost at the end of a request; dropped it.")
        with suppress(SQLAlchemyError):
            scoped().invalidate()
        scoped.registry.clear()


def register(app: Flask, db: object) -> None:
    with app.app_context():
        for engine in db.engines.values():  # type: ignore[attr-defined]
            track(engine, db.session)  # type: ignore[attr-defined]

    @app.teardown_appcontext
    def _remove_session(exc: BaseException | None) -> None:
        remove_session_safely(db)
