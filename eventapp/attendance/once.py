"""One row among those not undone: the insert both the desk's check-ins and the doors'
session presences use.

``INSERT ... ON CONFLICT DO NOTHING`` on a partial unique index over the rows not undone: two
scans of one badge at the same instant record one, on both databases. PostgreSQL makes the
second insert wait for the first's transaction and then do nothing; SQLite has one writer at
a time, and its implicit transaction starts with the insert, so the second sees the first's
row.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Column, Insert, Table, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eventapp.attendance.models import ACTIVE_WHERE
from eventapp.extensions import db


def insert_once(table: Table, values: dict[str, object], unique: Sequence[Column]) -> int | None:
    """Insert the row unless a row not undone holds its `unique` columns; its id, or None
    when one already stood (one statement)."""
    dialect = db.session.get_bind().dialect.name
    statement = _statement(table, tuple(column.name for column in unique), dialect)
    return db.session.execute(statement, values).scalar()


@cache
def _statement(table: Table, unique: tuple[str, ...], dialect: str) -> Insert:
    # Built once per table and database kind, its values given at each execution: a desk's
    # burst of scans spends no time compiling the same statement again.
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(
        index_elements=[table.c[name] for name in unique],
        index_where=text(ACTIVE_WHERE)).returning(table.c.id)
