"""Per-session pieces of the agenda and the feeds, each kept on the session's own version.

A change to one session (its row, its panel, a person on it) raises that session's version
(`Session.content_version`, see `versioning.session_scope`), so after it only that session's
piece is rendered again; the page or feed is assembled from the pieces kept for the others.
The list of sessions with their versions is one index range scan; only the sessions whose
piece is missing are loaded in full.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    DateTime,
    Select,
    bindparam,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from eventapp import fragment_cache
from eventapp.db_types import as_utc
from eventapp.extensions import db
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.versioning import programme_version_of

_MISSING = object()


class EventFacts(NamedTuple):
    """What the programme's pages and feeds take from the event, read with its sessions."""

    id: int
    slug: str
    timezone: str
    venue: str
    title: str
    title_fr: str
    title_es: str
    # Raised by every change to the event's own row: what the agenda's head is kept on.
    updated_at: datetime

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class SessionStamp(NamedTuple):
    """What the assembly needs of a session without loading it: order, day, and its version.

    A named tuple: one is made per session on every rebuild, and it is the cheapest to make.
    Times are naive UTC as stored: making 300 of them aware on every rebuild showed in the
    profile, and only the days' layout needs them aware.
    """

    id: int
    starts_at_utc: datetime
    ends_at_utc: datetime
    # The room's name in every language (a rename raises only the programme's version).
    room: tuple[str, str, str] | None
    # The session's own version; for a session never changed since a bulk import (which
    # raises only the programme version), the programme's, tagged so the two never collide.
    version: tuple[str, str] | None

    @property
    def starts_at(self) -> datetime:
        return as_utc(self.starts_at_utc)


class ProgrammeStamps(NamedTuple):
    event: EventFacts
    sessions: list[SessionStamp]


def _naive(column: ColumnExpressionArgument[datetime]) -> ColumnElement[datetime]:
    # Read as plain DateTime: the aware UTC wrapper's per-value conversion is skipped.
    return type_coerce(column, DateTime())


@lru_cache(maxsize=4)
def _stamps_statement(statuses: tuple[str, ...] | None, agenda_order: bool) -> Select:
    # From the event, so that an event without sessions still gives its one row. The
    # versions are on the session rows: one index range scan, no lookup per session.
    sessions_of_event = Session.event_id == Event.id
    if statuses is not None:
        sessions_of_event &= Session.status.in_(statuses)
    statement = (
        select(
            Event.slug, Event.timezone, Event.venue, Event.title, Event.title_fr, Event.title_es,
            _naive(Event.updated_at),
            # On the parameter, not the row's column: looked up once, not once per session.
            programme_version_of(bindparam("event_id")),
            Session.id,
            _naive(Session.starts_at),
            _naive(Session.ends_at),
            Room.name,
            Room.name_fr,
            Room.name_es,
            Session.content_version,
        )
        .select_from(Event)
        .outerjoin(Session, sessions_of_event)
        .outerjoin(Room, Session.room_id == Room.id)
        .where(Event.id == bindparam("event_id"))
    )
    if agenda_order:
        return statement.order_by(Session.starts_at, Session.ends_at, Session.id)
    return statement.order_by(Session.starts_at, Session.id)


def session_stamps(event_id: int, *, statuses: tuple[str, ...] | None,
                   agenda_order: bool) -> ProgrammeStamps | None:
    """The event, and its sessions (of these statuses, or all) in display order: ONE query.

    None if there is no such event.
    """
    rows = db.session.connection().execute(
        _stamps_statement(statuses, agenda_order), {"event_id": event_id}).all()
    if not rows:
        return None
    first = rows[0]
    event = EventFacts(event_id, *first[:6], as_utc(first[6]))
    programme = ("p", first[7]) if first[7] else None
    sessions = [
        SessionStamp(session_id, starts_at, ends_at,
                     (room, room_fr, room_es) if room is not None else None,
                     ("s", own) if own is not None else programme)
        for (*_, session_id, starts_at, ends_at, room, room_fr, room_es, own) in rows
        if session_id is not None
    ]
    return ProgrammeStamps(event, sessions)


# --- what a piece shows of its session ------------------------------------------------
# Read with one Core statement into small records: after a one-session change, building ORM
# objects with their loader machinery was the largest cost of the rebuild. The records borrow
# the models' own properties (names, labels), so a piece reads exactly as a page built from
# the ORM would.


@dataclass(frozen=True, slots=True)
class ShownName:
    """A room's or a category's name, in each language (`|tr('name')` picks one)."""

    name: str
    name_fr: str
    name_es: str


@dataclass(frozen=True, slots=True)
class ShownOrganization:
    name: str
    category: ShownName | None


@dataclass(frozen=True, slots=True)
class ShownPerson:
    # The schedule exports name a speaker by id (and a guid made from it).
    id: int
    honorific: str
    first_name: str
    last_name: str
    job_title: str
    organization: ShownOrganization | None
    category: ShownName | None

    full_name = Person.full_name
    display_name = Person.display_name
    effective_category = Person.effective_category


@dataclass(frozen=True, slots=True)
class ShownSlot:
    role: str
    person: ShownPerson

    role_label = SpeakingSlot.role_label


@dataclass(frozen=True, slots=True)
class ShownSession:
    """A session as its piece of the agenda or the feed shows it."""

    id: int
    uid: str
    sequence: int
    status: str
    kind: str
    title: str
    title_fr: str
    title_es: str
    description: str
    description_fr: str
    description_es: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    updated_at: datetime
    room: ShownName | None
    event: EventFacts
    slots: tuple[ShownSlot, ...]

    kind_label = Session.kind_label
    is_starrable = Session.is_starrable


_SESSION_COLUMNS = (
    Session.id, Session.uid, Session.sequence, Session.status, Session.kind,
    Session.title, Session.title_fr, Session.title_es,
    Session.description, Session.description_fr, Session.description_es,
    Session.starts_at, Session.ends_at, Session.created_at, Session.updated_at,
)


@lru_cache(maxsize=1)
def _load_statement() -> Select:
    # Built once: constructing it costs more than running it. One row per speaking slot (one
    # for a session without any), in speaking order: one round trip whatever the number.
    organization_category = aliased(StakeholderCategory)
    person_category = aliased(StakeholderCategory)
    return (
        select(
            *_SESSION_COLUMNS, Room.name, Room.name_fr, Room.name_es,
            SpeakingSlot.role,
            Person.id, Person.honorific, Person.first_name, Person.last_name, Person.job_title,
            Organization.name,
            organization_category.name, organization_category.name_fr,
            organization_category.name_es,
            person_category.name, person_category.name_fr, person_category.name_es,
        )
        .outerjoin(Room, Session.room_id == Room.id)
        .outerjoin(SpeakingSlot, SpeakingSlot.session_id == Session.id)
        .outerjoin(Person, SpeakingSlot.person_id == Person.id)
        .outerjoin(Organization, Person.organization_id == Organization.id)
        .outerjoin(organization_category,
                   Organization.category_id == organization_category.id)
        .outerjoin(person_category, Person.category_id == person_category.id)
        .where(Session.id.in_(bindparam("ids", expanding=True)))
        .order_by(Session.id, SpeakingSlot.position, SpeakingSlot.id)
    )


def _shown_name(name: str | None, name_fr: str | None,
                name_es: str | None) -> ShownName | None:
    return None if name is None else ShownName(name, name_fr or "", name_es or "")


def _slot(role: str, person_id: int, honorific: str, first_name: str, last_name: str,
          job_title: str,
          organization: str | None, org_category: str | None, org_category_fr: str | None,
          org_category_es: str | None, own_category: str | None, own_category_fr: str | None,
          own_category_es: str | None) -> ShownSlot:
    shown_organization = None if organization is None else ShownOrganization(
        organization, _shown_name(org_category, org_category_fr, org_category_es))
    return ShownSlot(role, ShownPerson(
        person_id, honorific, first_name, last_name, job_title, shown_organization,
        _shown_name(own_category, own_category_fr, own_category_es)))


_SESSION_WIDTH = len(_SESSION_COLUMNS) + 3  # the session's columns and its room's names


def load_sessions(ids: Sequence[int], event: EventFacts) -> dict[int, ShownSession]:
    """What the pieces of these sessions show, by id: ONE query whatever the number."""
    if not ids:
        return {}
    rows = db.session.connection().execute(_load_statement(), {"ids": list(ids)}).all()
    sessions = {}
    for session_id, session_rows in groupby(rows, key=itemgetter(0)):
        session_rows = list(session_rows)
        *columns, room, room_fr, room_es = session_rows[0][:_SESSION_WIDTH]
        slots = tuple(_slot(*row[_SESSION_WIDTH:]) for row in session_rows
                      if row[_SESSION_WIDTH] is not None)
        sessions[session_id] = ShownSession(
            *columns, _shown_name(room, room_fr, room_es), event, slots)
    return sessions


def assemble(kind: str, programme: ProgrammeStamps, context: Hashable,
             render: Callable[[ShownSession], object]) -> list:
    """Each session's piece, in order: reused while its version holds, else rendered.

    `context` names anything else outside the session that the piece shows (the host of
    absolute links, say): pieces are reused only under the same context.
    """
    cache = fragment_cache.cache
    stamps = programme.sessions
    event = programme.event
    # What the event contributes to every piece: slug (links), zone (times), venue (places).
    shown = (event.slug, event.timezone, event.venue)
    keys = [
        (kind, stamp.id, stamp.version, stamp.room, stamp.starts_at_utc, stamp.ends_at_utc,
         shown, context)
        if stamp.version is not None else None
        for stamp in stamps
    ]
    pieces = cache.get_many(keys, _MISSING)
    missing = [stamp.id for stamp, piece in zip(stamps, pieces, strict=True)
               if piece is _MISSING]
    if missing:
        loaded = load_sessions(missing, event)
        for index, (stamp, key) in enumerate(zip(stamps, keys, strict=True)):
            if pieces[index] is _MISSING:
                pieces[index] = render(loaded[stamp.id])
                cache.builds += 1
                if key is not None:
                    cache.put(key, pieces[index])
    return pieces
