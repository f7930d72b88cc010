"""Changing an event's time zone or dates when it already has sessions.

Nothing changes silently: the organizer sees a plan first and confirms it.

* A new time zone either keeps the sessions' local wall-clock times (the usual intent: the
  venue was entered in the wrong zone, and a 10:00 session stays 10:00 in the new zone, so
  its UTC instant moves), or keeps the instants (the UTC moments stay; local times shift).
  Keeping local times is refused for a session whose start or end does not exist in the new
  zone (the hour skipped when the clocks go forward): the plan lists those sessions so the
  organizer moves them first or keeps the instants. A repeated hour (clocks going back)
  reads as its first occurrence, as everywhere in the app (timeutil.local_to_utc).
* New dates may leave sessions outside the event. They are never removed silently: by
  default they stay as they are and the organizer pages list them as outside the event's
  dates; the organizer may instead choose, in the same confirmation, to cancel them (a
  cancellation calendar feeds announce).
* Every session whose shown time changes gets a higher SEQUENCE and a new updated_at, so
  calendar clients replace their copy: on a zone change that is every session, because
  feeds show times in the event's zone.

``plan_event_change`` is pure (plain values in, a plan out); ``apply_event_change`` writes
the plan through the ORM session (not committed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.db_types import utcnow
from eventapp.i18n.formatting import short_date
from eventapp.programme.models import Session
from eventapp.programme.rules import is_outside_dates
from eventapp.programme.session_changes import set_session_status
from eventapp.timeutil import is_nonexistent_local, local_to_utc

KEEP_LOCAL_TIMES = "keep-local-times"
KEEP_INSTANTS = "keep-instants"
ZONE_MODES = (
    (KEEP_LOCAL_TIMES, _l("Keep the sessions' local times")),
    (KEEP_INSTANTS, _l("Keep the moments in time (UTC)")),
)
OUTSIDE_KEEP = "keep"
OUTSIDE_CANCEL = "cancel"
OUTSIDE_ACTIONS = (
    (OUTSIDE_KEEP, _l("Keep them, listed as outside the event's dates, to move them later")),
    (OUTSIDE_CANCEL, _l("Cancel them (calendar subscribers are told)")),
)


@dataclass(frozen=True)
class Timing:
    """What the plan needs of one session."""

    session_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    is_scheduled: bool = True


@dataclass(frozen=True)
class Move:
    """One session before and after the change (aware UTC datetimes)."""

    session_id: int
    title: str
    old_starts_at: datetime
    old_ends_at: datetime
    new_starts_at: datetime
    new_ends_at: datetime
    is_scheduled: bool = True
    # Why the local times cannot be kept in the new zone; empty when they can.
    problem: str = ""

    @property
    def instant_changes(self) -> bool:
        return (self.old_starts_at, self.old_ends_at) != (self.new_starts_at, self.new_ends_at)


@dataclass(frozen=True)
class EventChangePlan:
    old_zone: ZoneInfo
    new_zone: ZoneInfo
    mode: str
    moves: tuple[Move, ...]
    # Scheduled sessions that would fall outside the new dates, with their new times.
    outside: tuple[Move, ...]

    @property
    def zone_changes(self) -> bool:
        return self.old_zone.key != self.new_zone.key

    @property
    def needs_confirmation(self) -> bool:
        return (self.zone_changes and bool(self.moves)) or bool(self.outside)

    @property
    def blocked(self) -> tuple[Move, ...]:
        """Sessions whose local times cannot be kept: the plan cannot be applied as is."""
        return tuple(m for m in self.moves if m.problem)


def _gap_problem(local: datetime, zone: ZoneInfo, is_start: bool) -> str:
    values = {"time": f"{local:%H:%M}", "day": short_date(local.date()), "zone": zone.key}
    if is_start:
        return _("starts at %(time)s on %(day)s, a time that does not exist in %(zone)s "
                 "(the clocks go forward that night)", **values)
    return _("ends at %(time)s on %(day)s, a time that does not exist in %(zone)s "
             "(the clocks go forward that night)", **values)


def move_keeping_local_times(timing: Timing, old_zone: ZoneInfo, new_zone: ZoneInfo) -> Move:
    """The same wall-clock start and end, read in the new zone."""
    local_start = timing.starts_at.astimezone(old_zone).replace(tzinfo=None, fold=0)
    local_end = timing.ends_at.astimezone(old_zone).replace(tzinfo=None, fold=0)
    problems = [
        _gap_problem(local, new_zone, is_start)
        for local, is_start in ((local_start, True), (local_end, False))
        if is_nonexistent_local(local.date(), local.time(), new_zone)
    ]
    new_start = local_to_utc(local_start.date(), local_start.time(), new_zone)
    new_end = local_to_utc(local_end.date(), local_end.time(), new_zone)
    if not problems and new_end <= new_start:
        problems.append(_("would end before it starts in %(zone)s", zone=new_zone.key))
    return Move(timing.session_id, timing.title, timing.starts_at, timing.ends_at,
                new_start, new_end, timing.is_scheduled, "; ".join(problems))


def plan_event_change(
    timings: list[Timing], *, old_zone: ZoneInfo, new_zone: ZoneInfo, start_date: date,
    end_date: date, mode: str = KEEP_LOCAL_TIMES,
) -> EventChangePlan:
    """What the new zone and dates would do to each session, before anything is written."""
    if mode not in (KEEP_LOCAL_TIMES, KEEP_INSTANTS):
        raise ValueError(mode)
    if old_zone.key == new_zone.key or mode == KEEP_INSTANTS:
        moves = [Move(t.session_id, t.title, t.starts_at, t.ends_at, t.starts_at, t.ends_at,
                      t.is_scheduled) for t in timings]
    else:
        moves = [move_keeping_local_times(t, old_zone, new_zone) for t in timings]
    outside = [
        m for m in moves
        if m.is_scheduled and not m.problem and is_outside_dates(
            m.new_starts_at, m.new_ends_at, event_start=start_date, event_end=end_date,
            zone=new_zone)
    ]
    return EventChangePlan(old_zone, new_zone, mode,
                           tuple(moves) if old_zone.key != new_zone.key else (),
                           tuple(outside))


def timings_of(sessions: list[Session]) -> list[Timing]:
    return [Timing(s.id, s.title, s.starts_at, s.ends_at, s.status == "scheduled")
            for s in sessions]


def fingerprint(timings: list[Timing]) -> str:
    """Identifies the sessions a confirmation was given for; any edit since changes it."""
    text = "|".join(f"{t.session_id},{t.starts_at.isoformat()},{t.ends_at.isoformat()},"
                    f"{t.is_scheduled}" for t in sorted(timings, key=lambda t: t.session_id))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def apply_event_change(
    sessions: list[Session], plan: EventChangePlan, *, outside_action: str = OUTSIDE_KEEP
) -> list[Session]:
    """Write the plan to the sessions (flush left to the caller); returns those cancelled."""
    if plan.blocked:
        raise ValueError("the plan has sessions whose local times cannot be kept")
    now = utcnow()
    by_id = {s.id: s for s in sessions}
    for move in plan.moves:
        session = by_id[move.session_id]
        session.starts_at = move.new_starts_at
        session.ends_at = move.new_ends_at
        # The shown local time (and the feed's time zone) changes even when the instant
        # does not, so calendar clients must replace their copy.
        session.sequence += 1
        session.updated_at = now
    cancelled = []
    if outside_action == OUTSIDE_CANCEL:
        for move in plan.outside:
            session = by_id[move.session_id]
            if session.status == "scheduled":
                set_session_status(session, "cancelled")
                cancelled.append(session)
    return cancelled


def outside_ids(
    sessions: list[Session], *, start_date: date, end_date: date, zone: ZoneInfo
) -> set[int]:
    """Scheduled sessions that are not inside the event's dates, for the organizer pages."""
    return {
        s.id for s in sessions
        if s.status == "scheduled" and is_outside_dates(
            s.starts_at, s.ends_at, event_start=start_date, event_end=end_date, zone=zone)
    }
