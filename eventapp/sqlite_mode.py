"""How every SQLite connection of the app is opened: write-ahead log, one sync per checkpoint.

The default rollback journal makes every reader wait while a transaction commits, and syncs
the disk several times per commit. With a write-ahead log (``journal_mode=WAL``) readers go
on from their snapshot while one writer appends, which is what keeps visitors' pages served
while a registration opening or a check-in desk writes; ``synchronous=NORMAL`` then syncs at
checkpoints rather than at each commit. A commit survives the process or the app crashing;
only a power cut of the machine can undo the last commits before a checkpoint, never
corrupt the file (docs/DECISIONS.md).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _on_connect(dbapi_connection: object, _record: object) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        # An in-memory database answers "memory" and keeps its journal: nothing to change.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def register(engine: Engine) -> None:
    """Open the engine's SQLite connections in WAL mode (a no-op for other databases)."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _on_connect):
        event.listen(engine, "connect", _on_connect)
