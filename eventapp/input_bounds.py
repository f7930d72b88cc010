"""Bounds on what a form or an import may store, read from the schema.

A value longer than its column is refused by PostgreSQL at commit (a server error after
the preview said all was well); SQLite stores it silently. Reading the limit from the
model keeps the forms, the imports and the schema telling one story.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, NumberRange

from eventapp.request_input import DB_INT_MAX


def column_length(model: type, name: str) -> int:
    """The declared length of a string column, e.g. 300 for Session.title."""
    length = getattr(model.__table__.c[name].type, "length", None)  # type: ignore[attr-defined]
    if length is None:
        raise ValueError(f"{model.__name__}.{name} has no declared length")
    return int(length)


def column_lengths(model: type, names: dict[str, str]) -> dict[str, int]:
    """input name -> column length, for an import whose columns are named differently."""
    return {key: column_length(model, column) for key, column in names.items()}


def fits_column(model: type, name: str, min: int = -1) -> Length:
    """A Length validator with the column's own limit."""
    limit = column_length(model, name)
    # WTForms fills in %(max)d when it raises the message.
    return Length(min=min, max=limit, message=_l("Use at most %(max)d characters."))


def database_int(min: int = 0) -> NumberRange:
    """Any whole number an integer column can hold (a version, a position)."""
    return NumberRange(min=min, max=DB_INT_MAX, message=_l("Give a smaller number."))
