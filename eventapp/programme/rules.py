"""Programme rules as plain functions over plain values.

Each rule is written once here and used by the back-office forms, the CSV import and
the CLI alike. Nothing here touches the database or HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask_babel import gettext as _

from eventapp.i18n import current_language
from eventapp.i18n.formatting import short_date
from eventapp.timeutil import is_nonexistent_local


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    is_warning: bool = False


@dataclass(frozen=True)
class Booking:
    """Something that occupies a room or a person for a while."""

    session_id: int | None
    title: str
    starts_at: datetime
    ends_at: datetime
    # The event it belongs to: a clash in another event names that event.
    event_id: int | None = None
    event_name: str = ""


# The window every date in the app must fall in, and the longest event. Beyond them a date
# is a typing slip (9999 for 2029), and a day-by-day loop over such an event, or turning
# its local times into UTC, would stall a worker or overflow.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
MAX_EVENT_DAYS = 60


def date_window_problem(day: date, what: str | None = None) -> str | None:
    """Why a date cannot be used, or None when it falls in the years 1900 to 2200.

    `what` names the date, translated by the caller ("The date" when not given).
    """
    if EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return None
    return _("%(what)s must fall between the years %(first)s and %(last)s (%(day)s does not).",
             what=what or _("The date"), first=EARLIEST_YEAR, last=LATEST_YEAR,
             day=day.isoformat())


def event_dates_problem(start: date, end: date) -> Problem | None:
    """An event's first and last days: in the window, in order, at most 60 days apart."""
    for field, day, what in (("start_date", start, _("The first day")),
                             ("end_date", end, _("The last day"))):
        message = date_window_problem(day, what)
        if message:
            return Problem(field, message)
    if end < start:
        return Problem("end_date", _("The event must end on or after its first day."))
    if (end - start).days + 1 > MAX_EVENT_DAYS:
        return Problem("end_date", _(
            "An event lasts at most %(max)s days (%(start)s to %(end)s is %(days)s).",
            max=MAX_EVENT_DAYS, start=start.isoformat(), end=end.isoformat(),
            days=(end - start).days + 1))
    return None


def listed_days(start: date, end: date, extra: Iterable[date] = ()) -> list[date]:
    """The days a page or export lists for an event: its own days and any with sessions.

    An event saved before the dates were bounded may span thousands of years; listing
    each day would hold a worker for minutes, so only its first MAX_EVENT_DAYS are listed
    then (plus the days that have sessions).
    """
    extra = set(extra)
    first, last = min([start, *extra]), max([end, *extra])
    if (last - first).days < MAX_EVENT_DAYS:
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    shown = min((end - start).days + 1, MAX_EVENT_DAYS)
    return sorted({*(start + timedelta(days=n) for n in range(max(shown, 0))), *extra})


def day_after(day: date) -> date:
    """The next day; the last day a date can hold for an event stored before the date rule
    with the year 9999 (its end is then that day, not a day that cannot exist)."""
    return day if day == date.max else day + timedelta(days=1)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    # Touching ends (10:00-11:00 then 11:00-12:00) do not overlap.
    return a_start < b_end and b_start < a_end


def check_times(
    starts_at: datetime,
    ends_at: datetime,
    *,
    event_start: date,
    event_end: date,
    zone: ZoneInfo,
) -> list[Problem]:
    """End after start, and the whole session inside the event's local dates."""
    problems: list[Problem] = []
    if ends_at <= starts_at:
        problems.append(Problem("ends_at", _("The session must end after it starts.")))
        return problems
    if is_outside_dates(starts_at, ends_at, event_start=event_start, event_end=event_end,
                        zone=zone):
        problems.append(
            Problem(
                "starts_at",
                _("The session falls outside the event's dates (%(start)s to %(end)s, "
                  "%(zone)s time).", start=short_date(event_start),
                  end=short_date(event_end), zone=zone.key),
            )
        )
    return problems


def is_outside_dates(
    starts_at: datetime, ends_at: datetime, *, event_start: date, event_end: date, zone: ZoneInfo
) -> bool:
    """Whether a session is not wholly inside the event's local dates."""
    local_start = starts_at.astimezone(zone)
    # A session may run up to midnight at the end of the last day, not beyond.
    last_moment = datetime.combine(day_after(event_end), time(0, 0), tzinfo=zone)
    return (local_start.date() < event_start or local_start.date() > event_end
            or ends_at > last_moment)


def nonexistent_time_problem(field: str, day: date, at: time, zone: ZoneInfo) -> Problem | None:
    """A wall-clock time skipped when the clocks go forward cannot be a session time."""
    if not is_nonexistent_local(day, at, zone):
        return None
    # fold=0 reads the skipped time with the offset before the change, which lands after it.
    shifted = datetime.combine(day, at, tzinfo=zone).astimezone(UTC).astimezone(zone)
    values = {"time": at.strftime("%H:%M"), "day": short_date(day), "zone": zone.key,
              "shifted": shifted.strftime("%H:%M")}
    return Problem(
        field,
        _("%(time)s does not exist on %(day)s in %(zone)s: the clocks go forward that night, "
          "so it would be %(shifted)s. Choose another time.", **values),
    )


def first_clash(candidate: Booking, others: Iterable[Booking]) -> Booking | None:
    for other in others:
        if candidate.session_id is not None and other.session_id == candidate.session_id:
            continue
        if overlaps(candidate.starts_at, candidate.ends_at, other.starts_at, other.ends_at):
            return other
    return None


def room_clash_problem(
    candidate: Booking, room_name: str, room_bookings: Iterable[Booking], zone: ZoneInfo
) -> Problem | None:
    clash = first_clash(candidate, room_bookings)
    if clash is None:
        return None
    return Problem(
        "room",
        _("%(room)s is already booked for “%(title)s” (%(span)s).", room=room_name,
          title=clash.title, span=_span(clash, zone)),
    )


def person_clash_problem(
    candidate: Booking, person_name: str, person_bookings: Iterable[Booking], zone: ZoneInfo
) -> Problem | None:
    clash = first_clash(candidate, person_bookings)
    if clash is None:
        return None
    if None not in (candidate.event_id, clash.event_id) and candidate.event_id != clash.event_id:
        return Problem(
            "person",
            _("%(name)s already speaks in “%(title)s” (%(event)s, another event) at an "
              "overlapping time (%(span)s).", name=person_name, title=clash.title,
              event=clash.event_name, span=_span(clash, zone)),
        )
    return Problem(
        "person",
        _("%(name)s already speaks in “%(title)s” at an overlapping time (%(span)s).",
          name=person_name, title=clash.title, span=_span(clash, zone)),
    )


def planned_minutes_problem(
    planned_minutes: Iterable[int | None], duration_minutes: int
) -> Problem | None:
    """A warning the organizer can accept: speakers planned beyond the session's length."""
    total = sum(m or 0 for m in planned_minutes)
    if total <= duration_minutes:
        return None
    return Problem(
        "planned_minutes",
        _("Speakers are planned for %(total)s minutes but the session lasts %(length)s "
          "minutes.", total=total, length=duration_minutes),
        is_warning=True,
    )


def _span(booking: Booking, zone: ZoneInfo) -> str:
    start = booking.starts_at.astimezone(zone)
    end = booking.ends_at.astimezone(zone)
    language = current_language()
    # English keeps strftime's abbreviations ("Sep", not CLDR's British "Sept").
    day = (f"{start:%d %b}" if language == "en"
           else format_date(start.date(), "dd MMM", locale=language))
    return f"{day} {start:%H:%M}–{end:%H:%M} {start.tzname()}"
