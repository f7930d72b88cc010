"""Where a session takes place, in words: its room and the event's venue, said once."""

from __future__ import annotations

import re


def _names(part: str, whole: str) -> bool:
    """Whether `whole` names `part` as whole words, whatever the case."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", whole, re.IGNORECASE) is not None


def session_place(room: str, venue: str) -> str:
    """"Room, venue"; only one of them when it already names the other.

    Organizers often type the venue as "Conference room 4, UN Headquarters" while the
    session's room is "Conference room 4": calendars and pages then say it once.
    """
    room, venue = (room or "").strip(), (venue or "").strip()
    if room and venue:
        if _names(room, venue):
            return venue
        if _names(venue, room):
            return room
    return ", ".join(part for part in (room, venue) if part)
