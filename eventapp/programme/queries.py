"""SELECTs that load exactly what programme pages need, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.programme.models import Event, Session, SpeakingSlot


def panel_loader() -> LoaderOption:
    """Loader option: a session's slots with person, organization and categories (one query)."""
    return selectinload(Session.slots).options(
        joinedload(SpeakingSlot.person).options(
            joinedload(Person.organization).joinedload(Organization.category),
            joinedload(Person.category),
        )
    )


def published_event_or_404(slug: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not event.is_published:
        abort(404)
    return event


def event_or_404(slug: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        abort(404)
    return event


def published_events() -> Sequence[Event]:
    return db.session.scalars(
        select(Event).where(Event.is_published.is_(True)).order_by(Event.start_date.desc())
    ).all()


def agenda_sessions(event: Event, *, include_hidden: bool = False) -> Sequence[Session]:
    query = (
        select(Session)
        .where(Session.event_id == event.id)
        .options(joinedload(Session.room), panel_loader())
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    )
    if include_hidden:
        query = query.where(Session.status != "deleted")
    else:
        query = query.where(Session.status == "scheduled")
    return db.session.scalars(query).unique().all()


def sessions_by_local_day(event: Event, sessions: Sequence[Session]) -> list[tuple]:
    """[(local date, [sessions])] in the event's zone."""
    zone = event.zone
    return [
        (day, list(items))
        for day, items in groupby(sessions, key=lambda s: s.starts_at.astimezone(zone).date())
    ]


def session_of_event_or_404(event: Event, session_id: int, *, public: bool = True) -> Session:
    query = (
        select(Session)
        .where(Session.id == session_id, Session.event_id == event.id)
        .options(joinedload(Session.room), panel_loader())
    )
    session = db.session.scalars(query).unique().one_or_none()
    if session is None or session.status == "deleted" or (
        public and session.status != "scheduled"
    ):
        abort(404)
    return session
