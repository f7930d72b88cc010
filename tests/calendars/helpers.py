"""Parsing helpers: every calendar is read by two independent parsers."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import vobject


def icalendar_instants(body: bytes) -> dict[str, tuple[datetime, datetime]]:
    """UID -> (start, end) in UTC, as the icalendar library reads the file."""
    cal = icalendar.Calendar.from_ical(body)
    return {
        str(event["UID"]): (
            event.decoded("DTSTART").astimezone(UTC),
            event.decoded("DTEND").astimezone(UTC),
        )
        for event in cal.walk("VEVENT")
    }


def vobject_instants(body: bytes) -> dict[str, tuple[datetime, datetime]]:
    """The same, read by vobject, which resolves TZIDs through the file's own VTIMEZONEs."""
    cal = vobject.readOne(body.decode("utf-8"))
    return {
        event.uid.value: (
            event.dtstart.value.astimezone(UTC),
            event.dtend.value.astimezone(UTC),
        )
        for event in cal.vevent_list
    } if hasattr(cal, "vevent_list") else {}


def vevents(body: bytes) -> list:
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def assert_wire_format(body: bytes) -> None:
    """CRLF everywhere, and no line longer than 75 octets."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
