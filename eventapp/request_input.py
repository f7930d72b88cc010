"""What a request may carry into a query: ids the database can hold, text without NUL.

PostgreSQL refuses integers beyond its column type and NUL characters in text, and SQLite
cannot bind integers past 64 bits; either would fail mid-request with a server error.
The input is stopped here, once, for every route and form:

* ``<int:...>`` in a route matches only ids an integer column can hold; others are a 404.
* Default (``<slug>``-style) segments never match a NUL character: a 404 too.
* NUL characters are dropped from query strings and form fields as they are parsed; they
  are invisible, no field has a use for them, and the database would refuse them.
* ``parse_id`` reads an id from a query string or form value: None if it cannot be one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter, ValidationError

T = TypeVar("T")

# The largest value of a PostgreSQL integer column, the type of every id in the schema.
DB_INT_MAX = 2**31 - 1


def parse_id(value: object) -> int | None:
    """A positive id written in ASCII digits and small enough for the database, else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > len(str(DB_INT_MAX)):
        return None
    number = int(value)
    return number if 0 < number <= DB_INT_MAX else None


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>``: only what an integer column can hold, so an overflow is a plain 404."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = DB_INT_MAX, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class TextConverter(UnicodeConverter):
    """The default converter, refusing NUL characters (no slug or token can contain one)."""

    def to_python(self, value: str) -> str:
        if "\x00" in value:
            raise ValidationError()
        return value


CONVERTERS = {"int": DatabaseIntConverter, "default": TextConverter, "string": TextConverter}


def _without_nul(value: T) -> T:
    return value.replace("\x00", "") if isinstance(value, str) else value


class TextParameters(ImmutableMultiDict):
    """Query string and form values with NUL characters dropped (files are left alone)."""

    def __init__(
        self, mapping: Mapping[str, object] | Iterable[tuple[str, object]] | None = None,
    ) -> None:
        pairs = MultiDict(mapping).items(multi=True) if mapping else ()
        super().__init__([(key, _without_nul(value)) for key, value in pairs])


class InputRequest(Request):
    parameter_storage_class = TextParameters
