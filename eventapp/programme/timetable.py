"""The timetable grid of one event day: rooms as columns, wall-clock times as rows.

`build_grid` is pure: plain entries and rooms in, a grid out. `timetable_entries` reads
what it needs of every session in one query (plain tuples: loading 150 ORM sessions cost
more than drawing them).

Rows are the day's local wall-clock times at the chosen step, walked in UTC so a day on
which the clocks change has 23 or 25 hours: the skipped hour is a row marked as a gap (a
session cannot start or end there), the repeated hour appears twice, each with its offset.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.models import Room, Session, SpeakingSlot
from eventapp.programme.rules import is_outside_dates, listed_days

STEPS = (5, 10, 15)
DEFAULT_STEP = 15
# The part of the day shown when no session lies outside it: a programme runs in office
# hours, and a 24-hour grid at five minutes would be 288 rows.
_FIRST_HOUR = 8
_LAST_HOUR = 19


@dataclass(frozen=True, slots=True)
class Entry:
    """What the grid shows of a session."""

    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    room_name: str | None
    status: str
    content_version: str | None

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def timetable_entries(event_id: int) -> list[tuple[Entry, int]]:
    """Every session not deleted, with its room's name and its number of speakers."""
    speakers = (select(func.count(SpeakingSlot.id))
                .where(SpeakingSlot.session_id == Session.id).scalar_subquery())
    rows = db.session.execute(
        select(Session.id, Session.title, Session.kind, Session.starts_at, Session.ends_at,
               Session.room_id, Room.name, Session.status, Session.content_version, speakers)
        .outerjoin(Room, Session.room_id == Room.id)
        .where(Session.event_id == event_id, Session.status != "deleted")
        .order_by(Session.starts_at, Session.ends_at, Session.id))
    return [(Entry(*row[:-1]), row[-1]) for row in rows]


@dataclass(frozen=True)
class Row:
    index: int
    label: str  # "09:15"
    # The instant this row starts; None for a wall-clock time the clocks skip.
    instant: datetime | None
    zone_name: str  # "CET": tells the two 02:00 rows of the repeated hour apart
    is_repeated: bool = False

    @property
    def is_gap(self) -> bool:
        return self.instant is None

    @property
    def is_hour(self) -> bool:
        return self.label.endswith(":00")


@dataclass(frozen=True)
class Block:
    session: Entry
    speakers: int
    column: int
    first_row: int
    span: int


@dataclass
class Grid:
    day: date
    step: int
    zone: ZoneInfo
    days: list[date]
    rooms: list[Room]
    rows: list[Row]
    blocks: list[Block]
    # Scheduled sessions the grid cannot place: no room, outside the event's days, or on
    # top of another session of their room (an older clash).
    tray: list[tuple[Entry, int]] = field(default_factory=list)

    def cells(self) -> list[list[Block | None | bool]]:
        """Per row, per room: the block starting there, True where one continues, else None."""
        table: list[list[Block | None | bool]] = [[None] * len(self.rooms) for _ in self.rows]
        for block in self.blocks:
            table[block.first_row][block.column] = block
            for index in range(block.first_row + 1, block.first_row + block.span):
                table[index][block.column] = True
        return table


def parse_step(value: str | None) -> int:
    try:
        step = int(value or DEFAULT_STEP)
    except ValueError:
        return DEFAULT_STEP
    return step if step in STEPS else DEFAULT_STEP


def event_days(start: date, end: date) -> list[date]:
    return listed_days(start, end)


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def day_rows(day: date, zone: ZoneInfo, step: int, first: time, last: time) -> list[Row]:
    """The rows from `first` (inclusive) to `last` (exclusive, local), gaps included."""
    rows: list[Row] = []
    moment = _local_midnight(day, zone)
    end = _local_midnight(day + timedelta(days=1), zone)
    expected = datetime.combine(day, time(0))  # the next wall-clock label due
    while moment < end:
        local = moment.astimezone(zone)
        wall = local.replace(tzinfo=None)
        # Clocks went forward: the labels between are times that do not exist that day.
        while expected < wall:
            if first <= expected.time() < last:
                rows.append(Row(len(rows), f"{expected:%H:%M}", None, ""))
            expected += timedelta(minutes=step)
        if first <= wall.time() < last:
            rows.append(Row(len(rows), f"{wall:%H:%M}", moment, local.tzname() or ""))
        expected = wall + timedelta(minutes=step)
        moment += timedelta(minutes=step)
    seen: dict[str, int] = {}
    for row in rows:
        seen[row.label] = seen.get(row.label, 0) + 1
    return [replace(row, is_repeated=True) if seen[row.label] > 1 else row for row in rows]


def _window(day: date, zone: ZoneInfo, sessions: list[Entry]) -> tuple[time, time]:
    """Office hours, widened to every session of the day and to a change of the clocks."""
    first, last = _FIRST_HOUR * 60, _LAST_HOUR * 60
    for session in sessions:
        start = session.starts_at.astimezone(zone)
        end = session.ends_at.astimezone(zone)
        first = min(first, start.hour * 60 if start.date() == day else 0)
        last = max(last, (end.hour + 1) * 60 if end.date() == day else 24 * 60)
    midnight, next_midnight = _local_midnight(day, zone), _local_midnight(
        day + timedelta(days=1), zone)
    if next_midnight - midnight != timedelta(days=1):
        # Show where the hour goes missing or repeats, so its gap is on the grid.
        transition = _transition_hour(day, zone)
        first, last = min(first, transition * 60), max(last, (transition + 2) * 60)
    end = time(23, 59, 59) if last >= 24 * 60 else time(last // 60)
    return time(first // 60), end


def _transition_hour(day: date, zone: ZoneInfo) -> int:
    offset = datetime.combine(day, time(0), tzinfo=zone).utcoffset()
    for hour in range(1, 24):
        if datetime.combine(day, time(hour), tzinfo=zone).utcoffset() != offset:
            return hour - 1
    return 0


def in_tray(session: Entry, start: date, end: date, zone: ZoneInfo) -> bool:
    return session.room_id is None or is_outside_dates(
        session.starts_at, session.ends_at, event_start=start, event_end=end, zone=zone)


class _RowSpans:
    """Which rows a session covers: from the one it starts in to the last before its end."""

    def __init__(self, rows: list[Row], step: int) -> None:
        self.timed = [r for r in rows if r.instant is not None]
        self.instants = [r.instant for r in self.timed]
        self.width = timedelta(minutes=step)

    def of(self, session: Entry) -> tuple[int, int] | None:
        """The first and last row's indexes, or None when it covers none of them."""
        first = bisect_right(self.instants, session.starts_at - self.width)
        last = bisect_left(self.instants, session.ends_at) - 1
        if first > last:
            return None
        return self.timed[first].index, self.timed[last].index


def moved_block(
    *, day: date, step: int, zone: ZoneInfo, start: date, end: date, first_row: time,
    columns: list[int], session: Entry, speakers: int,
) -> Block | None:
    """A session's block on a day's grid whose rows begin at `first_row` and whose columns
    are these rooms, as build_grid places it; None when the grid cannot show it so (in the
    tray, on another day, before the first row, or in a room it has no column for), and
    then only the whole grid, built again, is right.

    After a move the page redraws only the moved block: the rows are the page's own (its
    first row onwards), so nothing but the moved session is read.
    """
    if session.status != "scheduled" or in_tray(session, start, end, zone):
        return None
    midnight = _local_midnight(day, zone)
    if not (session.starts_at >= midnight
            and session.starts_at < _local_midnight(day + timedelta(days=1), zone)):
        return None
    if session.room_id is None or session.room_id not in columns:
        return None
    rows = day_rows(day, zone, step, first_row, time(23, 59, 59))
    if not rows or rows[0].instant is None or session.starts_at < rows[0].instant:
        return None
    found = _RowSpans(rows, step).of(session)
    if found is None:
        return None
    top, bottom = found
    return Block(session, speakers, columns.index(session.room_id), top, bottom - top + 1)


def build_grid(
    *, day: date, step: int, zone: ZoneInfo, start: date, end: date, rooms: list[Room],
    sessions: list[tuple[Entry, int]],
) -> Grid:
    """Place the scheduled sessions of `day`; the others without a place go to the tray."""
    scheduled = [(s, n) for s, n in sessions if s.status == "scheduled"]
    tray = [(s, n) for s, n in scheduled if in_tray(s, start, end, zone)]
    placed_ids = {s.id for s, _ in tray}
    midnight = _local_midnight(day, zone)
    next_midnight = _local_midnight(day + timedelta(days=1), zone)
    today = [(s, n) for s, n in scheduled
             if s.id not in placed_ids and s.starts_at < next_midnight and s.ends_at > midnight]
    first, last = _window(day, zone, [s for s, _ in today])
    rows = day_rows(day, zone, step, first, last)
    columns = {room.id: index for index, room in enumerate(rooms)}
    spans = _RowSpans(rows, step)
    taken: set[tuple[int, int]] = set()
    blocks: list[Block] = []
    for session, speakers in today:
        found = spans.of(session)
        column = columns.get(session.room_id or 0)
        if found is None or column is None:
            tray.append((session, speakers))
            continue
        top, bottom = found
        cells = {(index, column) for index in range(top, bottom + 1)}
        if cells & taken:
            tray.append((session, speakers))
            continue
        taken |= cells
        blocks.append(Block(session, speakers, column, top, bottom - top + 1))
    days = listed_days(start, end)
    return Grid(day, step, zone, days, rooms, rows, blocks, tray)
