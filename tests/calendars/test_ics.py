from __future__ import annotations

from datetime import timedelta

import icalendar

from eventapp.calendars.ics import CalendarEntry, FeedInfo, build_calendar, safe_filename
from tests.calendars.helpers import (
    assert_wire_format,
    icalendar_instants,
    vevents,
    vobject_instants,
)
from tests.factories import utc

INJECTION = "Opening\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil, x; y"


def entry(**changes) -> CalendarEntry:
    values = dict(
        uid="0b9f3b55-8f1c-4b53-9c63-2a8a1f0c1e11", sequence=2, cancelled=False,
        title="Opening of the dialogue",
        starts_at=utc(2018, 3, 26, 14), ends_at=utc(2018, 3, 26, 15),
        zone="America/New_York", location="Conference Room 4, UN HQ",
        description="Chair: Ana Lopez, City of Montréal\n\nhttps://example.org/events/ev/sessions/1",
        url="https://example.org/events/ev/sessions/1",
        created=utc(2018, 1, 1, 9), last_modified=utc(2018, 2, 1, 9, 30),
    )
    values.update(changes)
    return CalendarEntry(**values)


def test_build_calendar_single_session_has_no_calendar_name_or_refresh():
    body = build_calendar([entry()], reference_year=2026)
    text = body.decode()
    assert "X-WR-CALNAME" not in text
    assert "REFRESH-INTERVAL" not in text
    assert "METHOD:PUBLISH\r\n" in text
    assert "CALSCALE:GREGORIAN\r\n" in text
    assert "VERSION:2.0\r\n" in text
    assert text.count("BEGIN:VTIMEZONE") == 1
    assert "ORGANIZER" not in text and "ATTENDEE" not in text


def test_build_calendar_feed_has_name_zone_and_duration_refresh():
    body = build_calendar([entry()], reference_year=2026,
                          feed=FeedInfo(name="IDM 2018", zone="America/New_York"))
    text = body.decode()
    assert "X-WR-CALNAME:IDM 2018\r\n" in text
    assert "X-WR-TIMEZONE:America/New_York\r\n" in text
    assert "X-PUBLISHED-TTL:PT1H\r\n" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text


def test_build_calendar_event_properties_are_exact():
    event = vevents(build_calendar([entry()], reference_year=2026))[0]
    assert str(event["UID"]) == "0b9f3b55-8f1c-4b53-9c63-2a8a1f0c1e11@eventapp"
    assert event["SEQUENCE"] == 2
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Opening of the dialogue"
    assert str(event["LOCATION"]) == "Conference Room 4, UN HQ"
    assert str(event["DESCRIPTION"]) == (
        "Chair: Ana Lopez, City of Montréal\n\nhttps://example.org/events/ev/sessions/1"
    )
    assert str(event["URL"]) == "https://example.org/events/ev/sessions/1"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("LAST-MODIFIED") == utc(2018, 2, 1, 9, 30)
    assert event.decoded("DTSTAMP") == utc(2018, 2, 1, 9, 30)


def test_build_calendar_cancelled_entry_is_status_cancelled():
    event = vevents(build_calendar([entry(cancelled=True, sequence=5)], reference_year=2026))[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 5


def test_build_calendar_injection_stays_inside_text_properties():
    evil = entry(title=INJECTION, description=INJECTION + "\n" + "é" * 200,
                 location="Room; A, B\nEND:VCALENDAR")
    body = build_calendar([evil, entry(uid="second")], reference_year=2026,
                          feed=FeedInfo(name="X;Y,\nZ", zone="America/New_York"))
    assert_wire_format(body)
    cal = icalendar.Calendar.from_ical(body)
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "0b9f3b55-8f1c-4b53-9c63-2a8a1f0c1e11@eventapp", "second@eventapp"
    ]
    assert str(events[0]["SUMMARY"]) == INJECTION.replace("\r\n", "\n")
    assert str(events[0]["LOCATION"]) == "Room; A, B\nEND:VCALENDAR"
    # Parsers keep unknown X- properties raw: check the escaped wire form.
    assert b"\r\nX-WR-CALNAME:X\\;Y\\,\\nZ\r\n" in body
    assert sorted(events[0].keys()) == sorted(events[1].keys())
    assert len(vobject_instants(body)) == 2


def test_build_calendar_two_parsers_agree_across_zones():
    entries = [
        entry(uid="ny", starts_at=utc(2018, 3, 10, 14), ends_at=utc(2018, 3, 10, 15)),
        entry(uid="ny2", starts_at=utc(2018, 3, 12, 13), ends_at=utc(2018, 3, 12, 14)),
        entry(uid="kol", zone="Asia/Kolkata", starts_at=utc(2018, 3, 26, 4, 30),
              ends_at=utc(2018, 3, 26, 5, 30)),
        entry(uid="syd", zone="Australia/Sydney", starts_at=utc(2018, 4, 1, 14),
              ends_at=utc(2018, 4, 1, 17)),
    ]
    body = build_calendar(entries, reference_year=2026)
    expected = {f"{e.uid}@eventapp": (e.starts_at, e.ends_at) for e in entries}
    assert icalendar_instants(body) == expected
    assert vobject_instants(body) == expected
    assert body.decode().count("BEGIN:VTIMEZONE") == 3


def test_build_calendar_duration_is_proper_duration_value():
    body = build_calendar([], reference_year=2026,
                          feed=FeedInfo(name="x", zone="UTC", refresh=timedelta(minutes=30)))
    cal = icalendar.Calendar.from_ical(body)
    assert cal["REFRESH-INTERVAL"].to_ical() == b"PT30M"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"


def test_safe_filename_strips_header_breaking_characters():
    assert safe_filename('idm-2018"\r\nX: y') == "idm-2018-X-y.ics"
    assert safe_filename("") == "calendar.ics"
