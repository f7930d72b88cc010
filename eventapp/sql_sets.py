"""Conditions on large sets of values (ids, emails) that stay cheap on every backend.

``column IN (:p1, ..., :p5000)`` renders, binds and (on PostgreSQL) re-parses one parameter
per value, for every new length. One parameter holding them all does not: an array
(``= ANY(:values)``) on PostgreSQL, a JSON list read by ``json_each`` on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import ColumnElement, String, any_, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import NullType

from eventapp.extensions import db

# SQLite accepts 32,766 bound parameters per statement; chunks stay well below.
CHUNK = 5000


def in_set(column: ColumnElement, values: Sequence) -> ColumnElement[bool]:
    """``column IN values`` (ids, emails, ...) with one parameter for all the values."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Expressions such as lower(email) carry no type of their own: text, then.
        item_type = String() if isinstance(column.type, NullType) else column.type
        return column == any_(bindparam(None, list(values), type_=ARRAY(item_type)))
    members = select(literal_column("value")).select_from(
        func.json_each(bindparam(None, json.dumps(list(values)), type_=String()))
    )
    return column.in_(members)


def chunks(items: Sequence, size: int = CHUNK) -> list[Sequence]:
    """Pieces of at most ``size``: one statement each where ``IN`` lists are used."""
    return [items[i:i + size] for i in range(0, len(items), size)]
