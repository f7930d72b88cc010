"""Per-session pieces of the agenda and the feeds, each kept on the session's own version.

A change to one session (its row, its panel, a person on it) raises that session's version
(`versioning.session_scope`), so after it only that session's piece is rendered again; the
page or feed is assembled from the pieces kept for the others. The list of sessions with their
versions is one light query; only the sessions whose piece is missing are loaded in full.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import String, bindparam, cast, literal, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from eventapp import fragment_cache
from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.versioning import ContentVersion

_MISSING = object()


class SessionStamp(NamedTuple):
    """What the assembly needs of a session without loading it: order, day, and its version.

    A named tuple: one is made per session on every rebuild, and it is the cheapest to make.
    """

    id: int
    starts_at: datetime
    ends_at: datetime
    # The room's name in every language (a rename raises only the programme's version).
    room: tuple[str, str, str] | None
    # What the event contributes to every piece: slug (links), zone (times), venue (places).
    event: tuple[str, str, str]
    # The session's own version; for a session never changed since a bulk import (which
    # raises only the programme version), the programme's, tagged so the two never collide.
    version: tuple[str, str] | None


def _version_of(scope_expr):  # noqa: ANN001, ANN202
    return (
        select(ContentVersion.version)
        .where(ContentVersion.scope == scope_expr)
        .scalar_subquery()
    )


@lru_cache(maxsize=4)
def _stamps_statement(statuses: tuple[str, ...] | None, agenda_order: bool):  # noqa: ANN202
    statement = (
        select(
            Session.id,
            Session.starts_at,
            Session.ends_at,
            Room.name,
            Room.name_fr,
            Room.name_es,
            _version_of(literal("session:") + cast(Session.id, String)),
            # Not correlated with the row: the database looks it up once, not per session.
            _version_of(literal("programme:") + cast(bindparam("event_id"), String)),
            Event.slug,
            Event.timezone,
            Event.venue,
        )
        .join(Event, Session.event_id == Event.id)
        .outerjoin(Room, Session.room_id == Room.id)
        .where(Session.event_id == bindparam("event_id"))
    )
    if statuses is not None:
        statement = statement.where(Session.status.in_(statuses))
    if agenda_order:
        return statement.order_by(Session.starts_at, Session.ends_at, Session.id)
    return statement.order_by(Session.starts_at, Session.id)


def session_stamps(event_id: int, *, statuses: tuple[str, ...] | None,
                   agenda_order: bool) -> list[SessionStamp]:
    """The event's sessions (of these statuses, or all) in display order: ONE query."""
    rows = db.session.connection().execute(
        _stamps_statement(statuses, agenda_order), {"event_id": event_id}).all()
    return [
        SessionStamp(session_id, starts_at, ends_at,
                     (room, room_fr, room_es) if room is not None else None, (slug, zone, venue),
                     ("s", own) if own is not None else ("p", programme) if programme else None)
        for (session_id, starts_at, ends_at, room, room_fr, room_es, own, programme, slug, zone,
             venue) in rows
    ]


@lru_cache(maxsize=1)
def _load_statements():  # noqa: ANN202
    # Built once. The panel is read by a query of its own rather than a selectin loader option:
    # after a one-session change, the loader option's set-up cost three times its query.
    sessions = (
        select(Session)
        .where(Session.id.in_(bindparam("ids", expanding=True)))
        .options(joinedload(Session.room), joinedload(Session.event))
    )
    slots = (
        select(SpeakingSlot)
        .where(SpeakingSlot.session_id.in_(bindparam("ids", expanding=True)))
        .order_by(SpeakingSlot.session_id, SpeakingSlot.position, SpeakingSlot.id)
        .options(joinedload(SpeakingSlot.person).options(
            joinedload(Person.organization).joinedload(Organization.category),
            joinedload(Person.category),
        ))
    )
    return sessions, slots


def load_sessions(ids: Sequence[int]) -> dict[int, Session]:
    """Sessions with room, event and panel loaded, by id: two queries whatever the number."""
    if not ids:
        return {}
    sessions_statement, slots_statement = _load_statements()
    sessions = {s.id: s for s in db.session.scalars(sessions_statement, {"ids": list(ids)})
                .unique()}
    panels: dict[int, list[SpeakingSlot]] = {session_id: [] for session_id in sessions}
    for slot in db.session.scalars(slots_statement, {"ids": list(sessions)}).unique():
        panels[slot.session_id].append(slot)
    for session_id, session in sessions.items():
        # As loaded from the database: no change to flush, nothing to load again.
        set_committed_value(session, "slots", panels[session_id])
    return sessions


def assemble(kind: str, stamps: Sequence[SessionStamp], context: Hashable,
             render: Callable[[Session], object]) -> list:
    """Each session's piece, in order: reused while its version holds, else rendered.

    `context` names anything else outside the session that the piece shows (the host of
    absolute links, say): pieces are reused only under the same context.
    """
    cache = fragment_cache.cache
    keys = [
        (kind, stamp.id, stamp.version, stamp.room, stamp.starts_at, stamp.ends_at, stamp.event,
         context)
        if stamp.version is not None else None
        for stamp in stamps
    ]
    pieces = cache.get_many(keys, _MISSING)
    missing = [stamp.id for stamp, piece in zip(stamps, pieces, strict=True)
               if piece is _MISSING]
    if missing:
        loaded = load_sessions(missing)
        for index, (stamp, key) in enumerate(zip(stamps, keys, strict=True)):
            if pieces[index] is _MISSING:
                pieces[index] = render(loaded[stamp.id])
                cache.builds += 1
                if key is not None:
                    cache.put(key, pieces[index])
    return pieces


@lru_cache(maxsize=1)
def _session_page_statement():  # noqa: ANN202
    return (
        select(Event.id, Event.is_published, Session.status,
               _version_of(literal("programme:") + cast(Event.id, String)))
        .join(Event, Session.event_id == Event.id)
        .where(Event.slug == bindparam("slug"), Session.id == bindparam("session_id"))
    )


def session_page_stamp(slug: str, session_id: int) -> tuple[int, bool, str, str | None] | None:
    """(event id, published, session status, programme version) in ONE query; None if the
    session is not one of this event's."""
    row = db.session.connection().execute(
        _session_page_statement(), {"slug": slug, "session_id": session_id}).first()
    return None if row is None else (row[0], bool(row[1]), row[2], row[3])
