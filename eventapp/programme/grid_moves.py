"""Moving a session on the timetable: the session form's rules and writes, nothing else.

A move is the form's change of day, times and room: it reads the wall-clock times with
session_changes.session_data_from_local, checks them with session_changes.check_session and
writes with session_changes.save_session, so its messages, its SEQUENCE, updated_at and
content versions are those of an edit in the form or the import. What a move adds is the
version check: the organizer moved what they saw, and if someone changed the session since,
the move is refused rather than laid over the other change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound

from eventapp.audit.tracking import annotate
from eventapp.extensions import db
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.rules import Problem
from eventapp.programme.session_changes import (
    VERSION_FIELDS,
    SessionData,
    check_session,
    data_of,
    save_session,
    session_data_from_local,
    session_speakers,
)
from eventapp.programme.timetable import Entry
from eventapp.row_lock import locked_row
from eventapp.timeutil import local_to_utc


@dataclass(frozen=True)
class MoveRequest:
    session_id: int
    day: date
    start: time
    # One of the two: the end's wall-clock time, or a length in minutes.
    end: time | None
    duration: int | None
    room_id: int | None
    version: str


@dataclass
class MoveOutcome:
    # "moved", "refused" (a rule), "warning" (accept to go on), "stale" (changed meanwhile),
    # "missing" (no such session in this event).
    status: str
    problems: list[Problem] = field(default_factory=list)
    session: Session | None = None
    # Where the session was before a move: enough for the undo, which is another move.
    before: dict[str, str] = field(default_factory=dict)
    # Where it is after it, with its new version, and the name of its room ("" for none).
    after: dict[str, str] = field(default_factory=dict)
    room_name: str = ""
    # What the timetable shows of the moved session, and its number of speakers: enough to
    # draw its block again without reading the programme.
    entry: Entry | None = None
    speakers: int = 0

    @property
    def message(self) -> str:
        return self.problems[0].message if self.problems else ""


def version_of(session: Session) -> str:
    """The token a move must carry: it changes with every change to what the session shows.

    content_version is replaced in the same transaction as any change to the session's row
    or its speakers; it is empty until the first change after a bulk import.
    """
    return session.content_version or ""


def place_of(session: Session, event: Event) -> dict[str, str]:
    """The session's day, times and room as a move would carry them."""
    zone = event.zone
    start = session.starts_at.astimezone(zone)
    end = session.ends_at.astimezone(zone)
    return {"session_id": str(session.id), "day": start.date().isoformat(),
            "start": f"{start:%H:%M}", "end": f"{end:%H:%M}",
            "room_id": str(session.room_id or ""), "version": version_of(session)}


def _end_time(event: Event, request: MoveRequest) -> time:
    if request.end is not None:
        return request.end
    minutes = request.duration or 0
    starts = local_to_utc(request.day, request.start, event.zone)
    return (starts + timedelta(minutes=minutes)).astimezone(event.zone).time()


def check_move(
    event: Event, session: Session, request: MoveRequest,
    speakers: list[SpeakingSlot] | None = None,
) -> tuple[SessionData | None, list[Problem]]:
    """Every problem of this move, as the session form would find them; nothing written."""
    current = data_of(session)
    data, problems = session_data_from_local(
        event, title=current.title, kind=current.kind, day=request.day, start=request.start,
        end=_end_time(event, request), room_id=request.room_id,
        description=current.description,
        versions={name: getattr(current, name) for name in VERSION_FIELDS},
    )
    if data is None:
        return None, problems
    return data, check_session(event, data, session_id=session.id, speakers=speakers)


def stale_problem() -> Problem:
    return Problem("version", _(
        "Someone else changed this session after you opened the timetable. The timetable "
        "now shows it as it is; make your change again if it is still needed."))


def preview_move(event: Event, request: MoveRequest) -> MoveOutcome:
    """What a move would answer, without writing: for the drag's live feedback."""
    session = _find(event, request.session_id)
    if session is None:
        return MoveOutcome("missing")
    if version_of(session) != request.version:
        return MoveOutcome("stale", [stale_problem()], session)
    data, problems = check_move(event, session, request)
    return _judge(problems, accept_warnings=False) or MoveOutcome("moved", problems, session)


def _judge(problems: list[Problem], *, accept_warnings: bool) -> MoveOutcome | None:
    blocking = [p for p in problems if not p.is_warning]
    if blocking:
        return MoveOutcome("refused", blocking)
    warnings = [p for p in problems if p.is_warning]
    if warnings and not accept_warnings:
        return MoveOutcome("warning", warnings)
    return None


def _find(event: Event, session_id: int) -> Session | None:
    return db.session.scalar(select(Session).where(
        Session.id == session_id, Session.event_id == event.id, Session.status == "scheduled"))


def move_session(event: Event, request: MoveRequest, *, accept_warnings: bool = False
                 ) -> MoveOutcome:
    """Check and write one move under the session's row lock; committed when moved.

    The lock makes the version check and the write one step: of two organizers moving
    the same session at once, the second waits, then finds the version changed. Each row
    is read once: the session, the target room, the speakers with their names, the room's
    and the speakers' bookings; then the write and its versions (8 statements).
    """
    event_id = event.id
    try:
        # Nothing loaded before the lock is read again under it but the session (afresh):
        # the event and the account are kept rather than read again.
        with locked_row(Session, request.session_id, keep_loaded=True) as session:
            if session.event_id != event_id or session.status != "scheduled":
                return MoveOutcome("missing")
            if version_of(session) != request.version:
                return MoveOutcome("stale", [stale_problem()], session)
            room = None
            if request.room_id is not None:
                # Two sessions moved into one room at once: the second waits here, then its
                # room check sees the first (SQLite's BEGIN IMMEDIATE already serialises all).
                room = db.session.scalar(select(Room).where(Room.id == request.room_id)
                                         .with_for_update())
            before = place_of(session, event)
            speakers = session_speakers(session.id)
            data, problems = check_move(event, session, request, speakers)
            refused = _judge(problems, accept_warnings=accept_warnings)
            if refused is not None:
                refused.session = session
                return refused
            assert data is not None
            # On the trail as a move on the grid, with any warning the organizer accepted.
            annotate(session, "moved", reason="; ".join(
                str(p.message) for p in problems if p.is_warning))
            save_session(event, data, session)
            # The flush that wrote the move gave the session its new version (versioning.bump
            # keeps the loaded row in step), so nothing is read again after the commit.
            after = {**place_of(session, event), "title": session.title}
            room_name = room.name if room is not None and room.event_id == event_id else ""
            entry = Entry(session.id, session.title, session.kind, session.starts_at,
                          session.ends_at, session.room_id, room_name or None, session.status,
                          session.content_version)
    except NoResultFound:
        return MoveOutcome("missing")
    return MoveOutcome("moved", [p for p in problems if p.is_warning], session, before,
                       after, room_name, entry, len(speakers))
