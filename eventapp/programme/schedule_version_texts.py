"""The sentences that tell a session's change, in the current language, in the event's zone.

The public versions page and the mail to participants say the same things with these, so a
participant reads in the mail exactly what the page shows.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.i18n.content import localized
from eventapp.i18n.formatting import long_date
from eventapp.programme.schedule_versions import Named, SessionChange

NO_ROOM = _l("Room to be announced")


def when(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """'Monday 26 March 2018, 10:00–11:00' in the event's zone and the current language."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    if first.date() == last.date():
        return f"{long_date(first.date())}, {first:%H:%M}–{last:%H:%M}"
    return f"{long_date(first.date())}, {first:%H:%M} – {long_date(last.date())}, {last:%H:%M}"


def room_name(room: Named | None) -> str:
    return localized(room, "name") if room is not None else str(NO_ROOM)


def title(change: SessionChange) -> str:
    return localized(change.session, "title")


def place(change: SessionChange, zone: ZoneInfo) -> str:
    """Where and when the session is (or was, when cancelled)."""
    return f"{when(change.starts_at, change.ends_at, zone)} · {room_name(change.room)}"


def describe(change: SessionChange, zone: ZoneInfo) -> list[str]:
    """One sentence per kind of change, in a fixed order."""
    if change.added:
        return [_("Added to the programme.")]
    if change.cancelled:
        return [_("Cancelled.")]
    lines = []
    if change.old_title is not None:
        lines.append(_("Renamed from “%(old)s”.", old=localized(change.old_title, "title")))
    if change.old_time is not None:
        lines.append(_("Moved in time from %(old)s to %(new)s.",
                       old=when(*change.old_time, zone),
                       new=when(change.starts_at, change.ends_at, zone)))
    if change.room_changed:
        lines.append(_("Moved from room %(old)s to %(new)s.",
                       old=room_name(change.old_room), new=room_name(change.room)))
    if change.speakers_added:
        lines.append(_("Speakers added: %(names)s.", names=", ".join(change.speakers_added)))
    if change.speakers_removed:
        lines.append(_("Speakers removed: %(names)s.",
                       names=", ".join(change.speakers_removed)))
    return lines
