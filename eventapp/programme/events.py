"""Creating and changing events."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.timeutil import UnknownTimezone, validate_timezone

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class EventError(ValueError):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class EventData:
    slug: str
    title: str
    timezone: str
    start_date: date
    end_date: date
    theme: str = ""
    description: str = ""
    venue: str = ""
    city: str = ""
    country: str = ""
    is_published: bool = False


def validate_event(data: EventData, *, event_id: int | None = None) -> None:
    if not SLUG_RE.match(data.slug or ""):
        raise EventError(
            "The short name may contain only lower-case letters, digits and hyphens "
            "(for example idm-2018-new-york).", "slug")
    if not (data.title or "").strip():
        raise EventError("Give the event a title.", "title")
    try:
        validate_timezone(data.timezone)
    except UnknownTimezone as exc:
        raise EventError(str(exc), "timezone") from exc
    if data.end_date < data.start_date:
        raise EventError("The event must end on or after its first day.", "end_date")
    if data.country and not re.fullmatch(r"[A-Za-z]{2}", data.country):
        raise EventError("Use a two-letter ISO 3166 country code, such as US or CH.", "country")
    existing = db.session.scalar(select(Event.id).where(Event.slug == data.slug))
    if existing is not None and existing != event_id:
        raise EventError(f"Another event already uses the short name “{data.slug}”.", "slug")


def create_event(data: EventData) -> Event:
    validate_event(data)
    event = Event()
    _apply(event, data)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, data: EventData) -> Event:
    validate_event(data, event_id=event.id)
    _apply(event, data)
    db.session.flush()
    return event


def _apply(event: Event, data: EventData) -> None:
    for f in fields(data):
        value = getattr(data, f.name)
        if isinstance(value, str):
            value = value.strip()
        setattr(event, f.name, value)
    event.country = (event.country or "").upper()
