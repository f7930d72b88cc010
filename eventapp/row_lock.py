"""One writer at a time on a row, across every worker process, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import select, text

from eventapp import error_truth
from eventapp.extensions import db

M = TypeVar("M")


@contextmanager
def locked_row(model: type[M], row_id: int) -> Iterator[M]:
    """A fresh transaction that holds the row's lock; commits on success, rolls back on error.

    PostgreSQL locks the row (``SELECT ... FOR UPDATE``); SQLite has no row locks, so the
    transaction takes the database's write lock first (``BEGIN IMMEDIATE``).
    """
    session = db.session
    # The lock must be the first statement of a fresh transaction (SQLite refuses
    # BEGIN IMMEDIATE inside an open one), so the caller's pending work is committed first.
    # That is only part of the request's work: an error page must not call it saved.
    session.info[error_truth.PARTIAL_COMMIT] = True
    # With nothing written, the commit only ends a read: what was loaded stays as loaded
    # instead of being read again (the event, the signed-in user), a statement each.
    writes = bool(session.new or session.dirty or session.deleted)
    plain = session()
    expire, plain.expire_on_commit = plain.expire_on_commit, writes and plain.expire_on_commit
    try:
        session.commit()
    finally:
        plain.expire_on_commit = expire
        session.info.pop(error_truth.PARTIAL_COMMIT, None)
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("BEGIN IMMEDIATE"))
        row = session.execute(
            select(model).where(model.id == row_id)  # type: ignore[attr-defined]
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one()
        yield row
        session.commit()
    except BaseException:
        session.rollback()
        raise
