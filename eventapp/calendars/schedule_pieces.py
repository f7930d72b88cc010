"""schedule.xml and schedule.json assembled from one cached piece per session.

Each event of an export is serialised on its own and kept under its session's version (the
way the agenda and the feed keep theirs, `programme.fragments`), and the rest of the export,
its skeleton (head, days, rooms), is kept on what it shows. After a change to one session
only that session's piece is built again; the export is the skeleton with the pieces joined
in, byte for byte what `schedule_export.to_xml` / `to_json` write for the whole schedule.
Every worker keeps its own pieces: the keys name the versions read from the database, so
no worker can serve a piece another worker's change made stale.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, Select, bindparam, select, type_coerce

from eventapp import fragment_cache
from eventapp.calendars import schedule_export
from eventapp.db_types import as_utc
from eventapp.extensions import db
from eventapp.programme import fragments
from eventapp.programme.models import Event, Room, Session
from eventapp.versioning import programme_version_of

# Raise when what a piece or a skeleton holds changes shape, so that no worker joins pieces
# made by an older build with a newer skeleton.
FORMAT_VERSION = 1


class _Format(NamedTuple):
    skeleton: Callable[[dict], list[bytes]]
    piece: Callable[[dict], bytes]


FORMATS = {
    "schedule.xml": _Format(schedule_export.xml_skeleton, schedule_export.xml_event_piece),
    "schedule.json": _Format(schedule_export.json_skeleton, schedule_export.json_event_piece),
}


class ScheduleEvent(NamedTuple):
    """What the skeleton shows of the event (all of it goes into the skeleton's key)."""

    id: int
    slug: str
    timezone: str
    title: str
    title_fr: str
    title_es: str
    theme: str
    theme_fr: str
    theme_es: str
    start_date: date
    end_date: date

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class LaidRoom(NamedTuple):
    id: int
    name: str
    name_fr: str
    name_es: str


@dataclass(frozen=True, slots=True)
class LaidSession:
    """What the layout reads of a session: where and when, and its track."""

    id: int
    starts_at: datetime
    ends_at: datetime
    kind: str
    room: LaidRoom | None
    status: str = "scheduled"  # only scheduled sessions are read

    kind_label = Session.kind_label


def _naive(column: object) -> object:
    # Read as plain DateTime: skips the aware wrapper's per-value conversion.
    return type_coerce(column, DateTime())


@lru_cache(maxsize=1)
def _layout_statement() -> Select:
    # Built once: constructing it costs more than running it. From the event, so that an
    # event without sessions still gives its row; the versions are on the session rows.
    return (
        select(
            Event.slug, Event.timezone, Event.title, Event.title_fr, Event.title_es,
            Event.theme, Event.theme_fr, Event.theme_es, Event.start_date, Event.end_date,
            Event.venue, _naive(Event.updated_at),
            programme_version_of(bindparam("event_id")),
            Session.id, _naive(Session.starts_at), _naive(Session.ends_at), Session.kind,
            Room.id, Room.name, Room.name_fr, Room.name_es,
            Session.content_version,
        )
        .select_from(Event)
        .outerjoin(Session, (Session.event_id == Event.id) & (Session.status == "scheduled"))
        .outerjoin(Room, Session.room_id == Room.id)
        .where(Event.id == bindparam("event_id"))
        .order_by(Session.starts_at, Session.id)
    )


_EVENT_WIDTH = 13  # the event's columns and the programme's version


class _Programme(NamedTuple):
    event: ScheduleEvent
    facts: fragments.EventFacts
    stamps: dict[int, fragments.SessionStamp]
    # The layout's inputs as read, one tuple per scheduled session: the skeleton's key.
    layout: tuple

    def laid_sessions(self) -> list[LaidSession]:
        """Only needed when the skeleton is built."""
        return [
            LaidSession(session_id, as_utc(starts_at), as_utc(ends_at), kind,
                        LaidRoom(room_id, room, room_fr, room_es)
                        if room_id is not None else None)
            for session_id, starts_at, ends_at, kind, room_id, room, room_fr, room_es
            in self.layout
        ]


def _read(event_id: int) -> _Programme | None:
    """The event and its scheduled sessions with their versions: ONE query."""
    rows = db.session.connection().execute(_layout_statement(), {"event_id": event_id}).all()
    if not rows:
        return None
    first = rows[0]
    event = ScheduleEvent(event_id, *first[:10])
    venue, updated_at, programme_version = first[10:_EVENT_WIDTH]
    facts = fragments.EventFacts(event_id, event.slug, event.timezone, venue, event.title,
                                 event.title_fr, event.title_es, as_utc(updated_at))
    # A session never edited since a bulk import has the programme's version (decision 27).
    programme = ("p", programme_version) if programme_version else None
    stamps = {}
    layout = []
    for row in rows:
        (session_id, starts_at, ends_at, _kind, room_id, room, room_fr, room_es,
         own) = row[_EVENT_WIDTH:]
        if session_id is None:
            continue
        names = (room, room_fr, room_es) if room_id is not None else None
        stamps[session_id] = fragments.SessionStamp(
            session_id, starts_at, ends_at, names, ("s", own) if own is not None else programme)
        layout.append(tuple(row[_EVENT_WIDTH:-1]))
    return _Programme(event, facts, stamps, tuple(layout))


# Stands for the schedule's version in a kept skeleton: until a version is published the
# version is the content's tag, which every change moves, and the skeleton need not follow it.
_VERSION_MARK = "\u2063version\u2063"
# Where the version is written: the generator's and the schedule's own, both in the head.
_VERSION_PLACES = 2


class _Skeleton(NamedTuple):
    """A kept skeleton: its parts with the version left to fill in (empty when the event's
    own text happens to hold the mark: then it is serialised with the version each time),
    and the sessions in the order of their places, packed (ints would each weigh in the
    cache's byte budget as an entry)."""

    parts: tuple[bytes, ...]
    order: bytes


def _skeleton(serialise: _Format, event: ScheduleEvent, sessions: list[LaidSession], *,
              event_url: str, site_url: str) -> _Skeleton:
    order = array("q")
    schedule = _lay_out(event, sessions, order, event_url=event_url, site_url=site_url,
                        version=_VERSION_MARK)
    parts = tuple(serialise.skeleton(schedule))
    mark = _VERSION_MARK.encode()
    if parts[0].count(mark) != _VERSION_PLACES or any(mark in p for p in parts[1:]):
        parts = ()
    return _Skeleton(parts, order.tobytes())


def _lay_out(event: ScheduleEvent, sessions: list[LaidSession], order: array, *,
             event_url: str, site_url: str, version: str) -> dict:
    def placeholder(session: LaidSession, room_name: str) -> str:
        order.append(session.id)
        return schedule_export.PIECE

    return schedule_export.lay_out(event, sessions, event_url=event_url, site_url=site_url,
                                   version=version, item=placeholder)


def build_schedule_export(
    kind: str, event_id: int, *, event_url: str, site_url: str,
    session_url: Callable[[str, int], str], version: str,
) -> bytes | None:
    """schedule.xml or schedule.json (`kind`) of the event; None if there is no such event.

    `site_url` and `session_url` come from the configured origin, never the request's Host.
    """
    serialise = FORMATS[kind]
    programme = _read(event_id)
    if programme is None:  # deleted since its stamp was read
        return None
    event = programme.event
    kept = fragment_cache.cache.get_or_build(
        (kind, "skeleton", FORMAT_VERSION, event, event_url, site_url, programme.layout),
        lambda: _skeleton(serialise, event, programme.laid_sessions(), event_url=event_url,
                          site_url=site_url))
    if kept.parts:
        skeleton = (kept.parts[0].replace(_VERSION_MARK.encode(), version.encode()),
                    *kept.parts[1:])
    else:
        schedule = _lay_out(event, programme.laid_sessions(), array("q"), event_url=event_url,
                            site_url=site_url, version=version)
        skeleton = tuple(serialise.skeleton(schedule))
    order = array("q")
    order.frombytes(kept.order)

    zone = event.zone
    acronym = schedule_export.acronym_for(event.slug)

    def render(session: fragments.ShownSession) -> bytes:
        item = schedule_export.event_dict(
            session, zone, acronym, site_url, session_url(event.slug, session.id),
            schedule_export.room_name_of(session))
        return serialise.piece(item)

    in_order = fragments.ProgrammeStamps(
        programme.facts, [programme.stamps[session_id] for session_id in order])
    pieces = fragments.assemble(f"{kind} event", in_order, (FORMAT_VERSION, site_url), render)
    parts = [skeleton[0]]
    for piece, after in zip(pieces, skeleton[1:], strict=True):
        parts.append(piece)
        parts.append(after)
    return b"".join(parts)
