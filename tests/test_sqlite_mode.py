"""SQLite connections open with a write-ahead log and one sync per checkpoint."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from eventapp import sqlite_mode
from eventapp.extensions import db


def test_sqlite_mode_app_connections_use_the_write_ahead_log(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        # 1 is NORMAL: a sync at each checkpoint, not at each commit.
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1


def test_sqlite_mode_open_reader_does_not_hold_back_a_writers_commit(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'wal.sqlite3'}",
                           connect_args={"timeout": 0.2})
    sqlite_mode.register(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    reader = engine.raw_connection()
    writer = engine.raw_connection()
    try:
        # A long read (a streamed export) keeps its transaction open ...
        reader.execute("BEGIN")
        assert reader.execute("SELECT sum(n) FROM t").fetchone()[0] == 1
        # ... and a check-in commits meanwhile: under the rollback journal this COMMIT waits
        # for the reader's shared lock and fails with "database is locked".
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO t VALUES (2)")
        writer.commit()
        # The reader goes on from its snapshot, and sees the change once it ends.
        assert reader.execute("SELECT sum(n) FROM t").fetchone()[0] == 1
        reader.commit()
        assert reader.execute("SELECT sum(n) FROM t").fetchone()[0] == 3
    finally:
        writer.close()
        reader.close()
        engine.dispose()


def test_sqlite_mode_in_memory_database_keeps_its_own_journal():
    engine = create_engine("sqlite://")
    sqlite_mode.register(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "memory"
    engine.dispose()


def test_sqlite_mode_leaves_other_databases_alone():
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    sqlite_mode.register(engine)
    assert engine.dialect.name == "postgresql"
    engine.dispose()
