"""What a public programme page reads before anything else, in ONE query.

Whether the event and the session exist and are public, the versions the page's cached parts
are kept on, and what is this visitor's own on the page (the sessions they starred, which of
the parts other packages add to the session page show, such as the list of speakers). Each
is a round trip saved on every view: on PostgreSQL one costs as much as rendering a small
template.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Select, String, bindparam, cast, func, literal, select

from eventapp.extensions import db
from eventapp.programme import session_parts
from eventapp.programme.models import AgendaStar, Event, Room, Session
from eventapp.versioning import GLOBAL, programme_version_of, version_of


class AgendaStamp(NamedTuple):
    event_id: int
    published: bool
    # (programme, global): what the agenda's shared part is kept on.
    versions: tuple[str | None, str | None]
    # The ids of the sessions of this event the visitor starred; None for an anonymous one.
    starred: frozenset[int] | None


class SessionPageStamp(NamedTuple):
    event_id: int
    published: bool
    status: str
    programme_version: str | None
    # The names of the registered session page parts that show on this session.
    parts_shown: tuple[str, ...]
    # Whether the visitor starred this session; None for an anonymous one.
    starred: bool | None
    # What the page's shared part shows, to keep it on: the session's own version (the
    # programme's while it has none), the event's row (title, zone, venue) and the room's names.
    shown: tuple = ()


@lru_cache(maxsize=2)
def _agenda_statement(with_stars: bool) -> Select:
    columns = [Event.id, Event.is_published, programme_version_of(Event.id),
               version_of(literal(GLOBAL))]
    if with_stars:
        columns.append(
            select(func.aggregate_strings(cast(AgendaStar.session_id, String), ","))
            .join(Session, AgendaStar.session_id == Session.id)
            .where(AgendaStar.user_id == bindparam("user_id"), Session.event_id == Event.id)
            .scalar_subquery())
    return select(*columns).where(Event.slug == bindparam("slug"))


def agenda_stamp(slug: str, user_id: int | None) -> AgendaStamp | None:
    """The agenda's stamp, with the visitor's stars when signed in; None if no such event."""
    parameters = {"slug": slug} if user_id is None else {"slug": slug, "user_id": user_id}
    row = db.session.connection().execute(
        _agenda_statement(user_id is not None), parameters).first()
    if row is None:
        return None
    starred = None
    if user_id is not None:
        starred = frozenset(int(part) for part in (row[4] or "").split(",") if part)
    return AgendaStamp(row[0], bool(row[1]), (row[2], row[3]), starred)


@lru_cache(maxsize=4)
def _session_page_statement(with_star: bool, parts: tuple[str, ...]) -> Select:
    columns = [
        Event.id, Event.is_published, Session.status, programme_version_of(Event.id),
        *(session_parts.part(name).shows() for name in parts),
        Session.content_version, Event.updated_at, Room.name, Room.name_fr, Room.name_es,
    ]
    if with_star:
        columns.append(
            select(AgendaStar.id)
            .where(AgendaStar.user_id == bindparam("user_id"),
                   AgendaStar.session_id == Session.id)
            .exists())
    return (
        select(*columns)
        .join(Event, Session.event_id == Event.id)
        .outerjoin(Room, Session.room_id == Room.id)
        .where(Event.slug == bindparam("slug"), Session.id == bindparam("session_id"))
    )


def session_page_stamp(slug: str, session_id: int,
                       user_id: int | None) -> SessionPageStamp | None:
    """The session page's stamp; None if the session is not one of this event's."""
    parameters = {"slug": slug, "session_id": session_id}
    if user_id is not None:
        parameters["user_id"] = user_id
    parts = session_parts.registered()
    row = db.session.connection().execute(
        _session_page_statement(user_id is not None, parts), parameters).first()
    if row is None:
        return None
    shown = tuple(name for name, shows in zip(parts, row[4:4 + len(parts)], strict=True)
                  if shows)
    own, event_updated, *room = row[4 + len(parts):9 + len(parts)]
    starred = bool(row[9 + len(parts)]) if user_id is not None else None
    version = ("s", own) if own is not None else ("p", row[3])
    return SessionPageStamp(row[0], bool(row[1]), row[2], row[3], shown, starred,
                            (version, str(event_updated), tuple(room)))
