"""iCalendar builders: plain data in, bytes out. No database, no request.

Every text value goes through the icalendar library, which escapes commas, semicolons,
backslashes and newlines, so a title can never add or end a property or component.
The text people read (title, place, description, panel) is in the current language; the
property names, UIDs and status values are the same in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, vDuration, vText
from icalendar import Event as VEvent

from eventapp.calendars.vtimezone import build_vtimezone
from eventapp.i18n.content import localized
from eventapp.programme.place import session_place

if TYPE_CHECKING:
    from eventapp.programme.models import Session

PRODID = "-//eventapp//Programme calendars 1.0//EN"
UID_DOMAIN = "eventapp"
# How often subscribed clients should poll; Outlook and Apple read one each of these.
REFRESH = timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEntry:
    """One session as a calendar sees it."""

    uid: str
    sequence: int
    cancelled: bool
    title: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    location: str
    description: str
    url: str
    created: datetime
    last_modified: datetime


@dataclass(frozen=True)
class FeedInfo:
    """Present on multi-session files and subscriptions; absent on a one-session download."""

    name: str
    zone: str
    refresh: timedelta = REFRESH


def panel_lines(slots: Iterable) -> list[str]:
    """'Chair: H.E. Ana Lopez, City of Montréal' for each speaking slot, in speaking order."""
    lines = []
    for slot in slots:
        person = slot.person
        if person.organization is not None:
            line = _("%(role)s: %(name)s, %(organization)s", role=slot.role_label,
                     name=person.display_name, organization=person.organization.name)
        else:
            line = _("%(role)s: %(name)s", role=slot.role_label, name=person.display_name)
        lines.append(line)
    return lines


def entry_for_session(session: Session, *, url: str) -> CalendarEntry:
    """Describe a loaded Session (room, event and panel already loaded) for a calendar."""
    event = session.event
    room = localized(session.room, "name") if session.room else ""
    parts = []
    description = localized(session, "description")
    if description:
        parts.append(description.strip())
    panel = panel_lines(session.slots)
    if panel:
        parts.append("\n".join(panel))
    parts.append(url)
    return CalendarEntry(
        uid=session.uid,
        sequence=session.sequence,
        cancelled=session.status != "scheduled",
        title=localized(session, "title"),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        zone=event.timezone,
        location=session_place(room, event.venue),
        description="\n\n".join(parts),
        url=url,
        created=session.created_at,
        last_modified=session.updated_at,
    )


def _vevent(entry: CalendarEntry) -> VEvent:
    zone = ZoneInfo(entry.zone)
    vevent = VEvent()
    vevent.add("uid", f"{entry.uid}@{UID_DOMAIN}")
    # DTSTAMP follows the content rather than the clock, so equal validators mean equal bytes.
    vevent.add("dtstamp", entry.last_modified)
    vevent.add("created", entry.created)
    vevent.add("last-modified", entry.last_modified)
    vevent.add("sequence", entry.sequence)
    vevent.add("dtstart", entry.starts_at.astimezone(zone))
    vevent.add("dtend", entry.ends_at.astimezone(zone))
    vevent.add("summary", entry.title)
    if entry.location:
        vevent.add("location", entry.location)
    vevent.add("description", entry.description)
    vevent.add("url", entry.url)
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if entry.cancelled else "OPAQUE")
    return vevent


def vevent_bytes(entry: CalendarEntry) -> bytes:
    """One serialised VEVENT, exactly as it appears inside a calendar (CRLF-terminated).

    A pure function of the entry, so callers may keep its output keyed on the entry itself:
    serialisation and line folding are most of the cost of a feed.
    """
    return _vevent(entry).to_ical()


_END = b"END:VCALENDAR\r\n"


def build_calendar(
    entries: Sequence[CalendarEntry], *, reference_year: int, feed: FeedInfo | None = None,
    render_event: Callable[[CalendarEntry], bytes] = vevent_bytes,
) -> bytes:
    """A complete VCALENDAR (METHOD:PUBLISH) with one rule-based VTIMEZONE per zone used.

    `reference_year` picks the tzdata rules written into VTIMEZONE: the current year's.
    Events are serialised one by one with `render_event` and spliced in before the end of the
    calendar: the bytes are those the library writes for the whole calendar at once.
    """
    zones = {entry.zone for entry in entries}
    return assemble_calendar([render_event(entry) for entry in entries], zones,
                             reference_year=reference_year, feed=feed)


def assemble_calendar(vevents: Sequence[bytes], zones: Iterable[str], *, reference_year: int,
                      feed: FeedInfo | None = None) -> bytes:
    """A VCALENDAR around VEVENTs already serialised by `vevent_bytes` for these zones."""
    head = _calendar_head(tuple(sorted(set(zones))), reference_year, feed)
    return head + b"".join(vevents) + _END


@lru_cache(maxsize=64)
def _calendar_head(zones: tuple[str, ...], reference_year: int, feed: FeedInfo | None) -> bytes:
    # A pure function of its arguments, and a millisecond of a feed's rebuild: built once.
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if feed is not None:
        # X- properties have no registered type: say it is text so it gets escaped.
        cal.add("x-wr-calname", vText(feed.name))
        cal.add("x-wr-timezone", vText(feed.zone))
        cal.add("x-published-ttl", vDuration(feed.refresh))
        cal.add("refresh-interval", vDuration(feed.refresh), parameters={"VALUE": "DURATION"})
    # Outlook wants each VTIMEZONE before the events that refer to it.
    for key in sorted(set(zones) | ({feed.zone} if feed else set())):
        cal.add_component(build_vtimezone(key, reference_year))
    return cal.to_ical()[: -len(_END)]


def safe_filename(slug: str, fallback: str = "calendar") -> str:
    """A download name that cannot break out of the Content-Disposition header."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in slug)
    cleaned = "-".join(part for part in cleaned.split("-") if part)
    return f"{cleaned[:80] or fallback}.ics"
