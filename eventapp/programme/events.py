"""Creating and changing events."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Table, delete, func, select, update

from eventapp.audit.record import record
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.programme.rules import event_dates_problem
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
    # The French and Spanish versions of the content; empty shows the original.
    title_fr: str = ""
    title_es: str = ""
    theme_fr: str = ""
    theme_es: str = ""
    description_fr: str = ""
    description_es: str = ""


def event_problems(data: EventData, *, event_id: int | None = None,
                   skip: frozenset[str] = frozenset()) -> list[EventError]:
    """Every rule the event's data breaks, one per field, leaving out the fields in `skip`.

    A form passes the fields its own checks already refused, so the rules still speak
    about the others in the same submission.
    """
    problems: list[EventError] = []
    if "slug" not in skip and not SLUG_RE.match(data.slug or ""):
        problems.append(EventError(
            _("The short name may contain only lower-case letters, digits and hyphens "
              "(for example idm-2018-new-york)."), "slug"))
    if "title" not in skip and not (data.title or "").strip():
        problems.append(EventError(_("Give the event a title."), "title"))
    if "timezone" not in skip:
        try:
            validate_timezone(data.timezone)
        except UnknownTimezone as exc:
            problems.append(EventError(str(exc), "timezone"))
    if not {"start_date", "end_date"} & skip and None not in (data.start_date, data.end_date):
        dates = event_dates_problem(data.start_date, data.end_date)
        if dates is not None:
            problems.append(EventError(dates.message, dates.field))
    if "country" not in skip and data.country and not re.fullmatch(r"[A-Za-z]{2}",
                                                                     data.country):
        problems.append(EventError(
            _("Use a two-letter ISO 3166 country code, such as US or CH."), "country"))
    if "slug" not in skip and not any(p.field == "slug" for p in problems):
        existing = db.session.scalar(select(Event.id).where(Event.slug == data.slug))
        if existing is not None and existing != event_id:
            problems.append(EventError(_("Another event already uses the short name "
                                         "“%(slug)s”.", slug=data.slug), "slug"))
    return problems


def validate_event(data: EventData, *, event_id: int | None = None) -> None:
    """Raise the first rule the data breaks (see event_problems for all of them)."""
    problems = event_problems(data, event_id=event_id)
    if problems:
        raise problems[0]


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


def set_published(event: Event, published: bool) -> None:
    event.is_published = published
    db.session.flush()


@dataclass(frozen=True)
class DeletionSummary:
    """What deleting an event takes with it, for the confirmation page."""

    sessions: int
    speaking_slots: int
    rooms: int
    registrations: int


def deletion_summary(event: Event) -> DeletionSummary:
    from eventapp.programme.models import Room, Session, SpeakingSlot

    live = (Session.event_id == event.id) & (Session.status != "deleted")
    sessions = db.session.scalar(select(func.count(Session.id)).where(live))
    slots = db.session.scalar(
        select(func.count(SpeakingSlot.id)).join(Session, SpeakingSlot.session).where(live)
    )
    rooms = db.session.scalar(select(func.count(Room.id)).where(Room.event_id == event.id))
    registrations = 0
    table = db.metadata.tables.get("registrations")
    if table is not None:
        registrations = db.session.scalar(
            select(func.count()).select_from(table).where(table.c.event_id == event.id)
        )
    return DeletionSummary(sessions or 0, slots or 0, rooms or 0, registrations or 0)


def delete_event(event: Event) -> None:
    """Delete an event and everything that hangs off it, on every backend.

    SQLite does not enforce ON DELETE, and other packages add tables that point at events
    and sessions, so dependants are found from the metadata rather than listed here.
    """
    # Its entries stay (they have no foreign key); the deletion is the last of them.
    record(event.id, "event", event.id, event.title, "deleted",
           changes={"slug": (event.slug, None)})
    _purge(Event.__table__, Event.__table__.c.id == event.id)
    db.session.expunge(event)


def _purge(table: Table, condition: ColumnElement[bool]) -> None:
    for other in db.metadata.sorted_tables:
        if other is table:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            # The referenced column, not the primary key: association tables have a
            # composite key and are never referenced themselves.
            doomed = select(fk.column).where(condition)
            if (fk.ondelete or "").upper() == "SET NULL":
                db.session.execute(
                    update(other).where(fk.parent.in_(doomed)).values({fk.parent.name: None})
                )
            else:
                _purge(other, fk.parent.in_(doomed))
    db.session.execute(delete(table).where(condition))
