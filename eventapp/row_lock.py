"""One writer at a time on a row, across every worker process, on both databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import select, text

from eventapp import error_truth
from eventapp.extensions import db

M = TypeVar("M")


@contextmanager
def locked_row(model: type[M], row_id: int, *, keep_loaded: bool = False,
               take: Callable[[], M] | None = None) -> Iterator[M]:
    """A fresh transaction that holds the row's lock; commits on success, rolls back on error.

    PostgreSQL locks the row (``SELECT ... FOR UPDATE``); SQLite has no row locks, so the
    transaction takes the database's write lock first (``BEGIN IMMEDIATE``).

    The commit before the lock expires what was loaded, so that rows queried again under the
    lock are read afresh (a query does not refresh a row already loaded). `keep_loaded`
    spares that when nothing is pending, the commit then ending only a read: for a caller
    that reads under the lock nothing it had loaded before except the locked row, which is
    always read afresh (a timetable move keeps its event and account instead of reading
    them again).

    `take`: how the lock is taken and the row read, when the caller writes something with
    the lock in the same statement (it must take the lock before reading the row, and on
    SQLite its first statement must write, which takes the database's write lock).
    """
    session = db.session
    # The lock must be the first statement of a fresh transaction (SQLite refuses
    # BEGIN IMMEDIATE inside an open one), so the caller's pending work is committed first.
    # That is only part of the request's work: an error page must not call it saved.
    session.info[error_truth.PARTIAL_COMMIT] = True
    keep = keep_loaded and not (session.new or session.dirty or session.deleted)
    plain = session()
    expire, plain.expire_on_commit = plain.expire_on_commit, plain.expire_on_commit and not keep
    try:
        session.commit()
    finally:
        plain.expire_on_commit = expire
        session.info.pop(error_truth.PARTIAL_COMMIT, None)
    try:
        if take is not None:
            yield take()
            session.commit()
            return
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
