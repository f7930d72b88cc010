"""A row's lock: a fresh transaction holding it, after the caller's pending work."""

from __future__ import annotations

import pytest

from eventapp.extensions import db
from eventapp.programme.models import Session
from eventapp.row_lock import locked_row


def _lock_statements() -> int:
    # SQLite takes the database's write lock first (BEGIN IMMEDIATE).
    return 2 if db.engine.dialect.name == "sqlite" else 1


def test_a_lock_keeping_what_was_loaded_reads_only_its_row(factory, query_counter):
    event = factory.event("ev", title="Dialogue")
    session_id = factory.session(event).id
    db.session.expire_all()
    assert event.title == "Dialogue"
    with query_counter() as counter, locked_row(Session, session_id, keep_loaded=True) as row:
        assert (row.id, event.title) == (session_id, "Dialogue")
    assert counter.count == _lock_statements(), counter.statements


def test_a_lock_reads_again_what_was_loaded(factory, query_counter):
    event = factory.event("ev", title="Dialogue")
    session_id = factory.session(event).id
    db.session.expire_all()
    assert event.title == "Dialogue"
    with query_counter() as counter, locked_row(Session, session_id):
        assert event.title == "Dialogue"
    assert counter.count == _lock_statements() + 1, counter.statements


@pytest.mark.parametrize("keep_loaded", [False, True])
def test_a_lock_commits_pending_work_first_and_reads_it_again(factory, query_counter,
                                                              keep_loaded):
    event = factory.event("ev", title="Dialogue")
    session_id = factory.session(event).id
    assert event.title == "Dialogue"
    event.title = "Renamed"
    with query_counter() as counter, locked_row(Session, session_id,
                                                keep_loaded=keep_loaded):
        assert event.title == "Renamed"
    # The pending update with its audit entry and its version, the lock, and the event read
    # again after its commit.
    assert counter.count == 3 + _lock_statements() + 1, counter.statements
