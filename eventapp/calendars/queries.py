"""Loads for feeds: one cheap validator query first, then a fixed number of loads to build."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Select, Subquery, bindparam, func, literal, select, union
from sqlalchemy.orm import joinedload

from eventapp.db_types import as_utc
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.programme.models import AgendaStar, Event, Session, SpeakingSlot
from eventapp.programme.queries import panel_loader
from eventapp.programme.version_models import ScheduleVersion
from eventapp.versioning import GLOBAL, programme_version_of, version_of

# Raise when the output format changes, so every client fetches the new bytes once.
FORMAT_VERSION = "1"


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime | None


def _make_validator(parts: Sequence, times: Sequence[datetime | None]) -> Validator:
    digest = hashlib.sha256(repr((FORMAT_VERSION, *parts)).encode()).hexdigest()[:32]
    known = [t for t in times if t is not None]
    return Validator(digest, max(known) if known else None)


@dataclass(frozen=True)
class EventStamp:
    event_id: int
    published: bool
    validator: Validator
    reusable: bool = False
    # The number of the last published version of the programme (None: none yet).
    schedule_version: int | None = None


@lru_cache(maxsize=1)
def _event_stamp_statement() -> Select:
    # Built once: constructing this statement costs more than running it.
    # One pass over the event's sessions gives all three aggregates.
    totals = (
        select(
            func.count(Session.id).label("n"),
            func.max(Session.updated_at).label("last"),
            func.coalesce(func.sum(Session.sequence), 0).label("seq"),
        )
        .where(Session.event_id == select(Event.id).where(Event.slug == bindparam("slug"))
               .scalar_subquery())
        .subquery()
    )
    return select(
        Event.id,
        Event.is_published,
        Event.updated_at,
        totals.c.n,
        totals.c.last,
        totals.c.seq,
        select(func.max(ScheduleVersion.number))
        .where(ScheduleVersion.event_id == Event.id).scalar_subquery(),
        programme_version_of(Event.id),
        version_of(literal(GLOBAL)),
    ).select_from(Event).join(totals, literal(True)).where(Event.slug == bindparam("slug"))


def event_feed_stamp(slug: str, reference_year: int) -> EventStamp | None:
    """Everything a feed's ETag depends on, in ONE query; None if there is no such event."""
    # Core execution on the session's connection: the ORM layer would double the cost here.
    row = db.session.connection().execute(_event_stamp_statement(), {"slug": slug}).first()
    if row is None:
        return None
    (event_id, published, event_updated, count, last_session, sequences, schedule_version,
     *versions) = row
    last_session = _aware(last_session)
    validator = _make_validator(
        (reference_year, event_id, published, event_updated, count, last_session, sequences,
         schedule_version, *versions),
        (_aware(event_updated), last_session),
    )
    # Unset versions cannot tell two contents apart: such output must not be reused.
    reusable = versions[0] is not None
    return EventStamp(event_id, bool(published), validator, reusable, schedule_version)


def _aware(value: datetime | None) -> datetime | None:
    return as_utc(value) if isinstance(value, datetime) else value


def event_with_feed_sessions(event_id: int) -> tuple[Event, Sequence[Session]]:
    """The event and all its sessions (cancelled and deleted too: feeds announce them)."""
    event = db.session.get(Event, event_id)
    sessions = db.session.scalars(
        select(Session)
        .where(Session.event_id == event_id)
        .options(joinedload(Session.room), panel_loader())
        .order_by(Session.starts_at, Session.id)
    ).unique().all()
    return event, sessions


def feed_session_or_404(event: Event, session_id: int) -> Session:
    from flask import abort

    session = db.session.scalars(
        select(Session)
        .where(Session.id == session_id, Session.event_id == event.id)
        .options(joinedload(Session.room), panel_loader())
    ).unique().one_or_none()
    if session is None:
        abort(404)
    return session


def _personal_session_ids(user_id: int) -> Subquery:
    starred = select(AgendaStar.session_id).where(AgendaStar.user_id == user_id)
    speaking = (
        select(SpeakingSlot.session_id)
        .join(Person, SpeakingSlot.person_id == Person.id)
        .where(Person.user_id == user_id)
    )
    return union(starred, speaking).subquery()


def personal_feed_validator(user_id: int, reference_year: int) -> Validator:
    """One query: per published event in the agenda, the aggregates and the programme version."""
    ids = _personal_session_ids(user_id)
    rows = db.session.execute(
        select(
            Session.event_id,
            func.count(Session.id),
            func.max(Session.updated_at),
            func.coalesce(func.sum(Session.sequence), 0),
            func.coalesce(func.sum(Session.id), 0),
            func.max(Event.updated_at),
            programme_version_of(Session.event_id),
        )
        .join(Event, Session.event_id == Event.id)
        .where(Session.id.in_(select(ids.c[0])), Event.is_published.is_(True))
        .group_by(Session.event_id)
        .order_by(Session.event_id)
    ).all()
    parts = [tuple(_aware(v) for v in row) for row in rows]
    times = [t for row in parts for t in (row[2], row[5])]
    return _make_validator((reference_year, user_id, *parts), times)


def personal_sessions(user_id: int, *, include_deleted: bool = True) -> Sequence[Session]:
    """Sessions the user starred or speaks in, of published events, with everything loaded."""
    ids = _personal_session_ids(user_id)
    query = (
        select(Session)
        .join(Event, Session.event_id == Event.id)
        .where(Session.id.in_(select(ids.c[0])), Event.is_published.is_(True))
        .options(joinedload(Session.room), joinedload(Session.event), panel_loader())
        .order_by(Event.start_date, Event.id, Session.starts_at, Session.id)
    )
    if not include_deleted:
        query = query.where(Session.status != "deleted")
    return db.session.scalars(query).unique().all()


def speaking_session_ids(user_id: int) -> frozenset[int]:
    return frozenset(
        db.session.scalars(
            select(SpeakingSlot.session_id)
            .join(Person, SpeakingSlot.person_id == Person.id)
            .where(Person.user_id == user_id)
        )
    )
