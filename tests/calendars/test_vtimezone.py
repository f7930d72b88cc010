from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject

from eventapp.calendars.ics import build_calendar
from eventapp.calendars.vtimezone import build_vtimezone, zone_rules


def _vobject_zone(key: str, year: int):
    text = build_calendar([], reference_year=year, feed=None)
    assert b"VTIMEZONE" not in text  # no entries, no zones: zones come only from use
    component = build_vtimezone(key, year).to_ical().decode()
    cal = vobject.readOne("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + component + "END:VCALENDAR\r\n")
    return cal.vtimezone.gettzinfo()


@pytest.mark.parametrize(
    "key",
    ["America/New_York", "Europe/Zurich", "Australia/Sydney", "Asia/Kolkata",
     "Asia/Jerusalem", "America/Santiago", "Europe/Dublin"],
)
def test_vtimezone_rules_match_zoneinfo_hourly_over_two_years(key):
    year = 2025
    rules_zone = _vobject_zone(key, year)
    zone = ZoneInfo(key)
    moment = datetime(year, 1, 1, tzinfo=UTC)
    mismatches = []
    while moment < datetime(year + 2, 1, 1, tzinfo=UTC):
        expected = moment.astimezone(zone).utcoffset()
        # Offsets the VTIMEZONE implies, read by dateutil through vobject.
        if moment.astimezone(rules_zone).utcoffset() != expected:
            mismatches.append(moment)
        moment += timedelta(minutes=91)  # hour-ish, drifting across minutes
    assert mismatches == []


def test_vtimezone_new_york_has_standard_and_daylight_rules():
    text = build_vtimezone("America/New_York", 2026).to_ical().decode()
    assert text == (
        "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n"
        "TZNAME:EST\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n"
        "TZNAME:EDT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\n"
        "END:VTIMEZONE\r\n"
    )


def test_vtimezone_zurich_uses_last_sunday():
    text = build_vtimezone("Europe/Zurich", 2026).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "DTSTART:19701025T030000\r\n" in text
    assert "DTSTART:19700329T020000\r\n" in text


def test_vtimezone_kolkata_without_dst_is_a_single_standard():
    text = build_vtimezone("Asia/Kolkata", 2026).to_ical().decode()
    assert text == (
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Kolkata\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZNAME:IST\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )


def test_vtimezone_sydney_daylight_starts_in_october():
    rules = zone_rules("Australia/Sydney", 2026)
    assert rules.to_daylight.rrule() == {"freq": "yearly", "bymonth": 10, "byday": "1SU"}
    assert rules.to_standard.rrule() == {"freq": "yearly", "bymonth": 4, "byday": "1SU"}
    assert (rules.standard_name, rules.daylight_name) == ("AEST", "AEDT")


def test_vtimezone_jerusalem_uses_a_weekday_window_when_no_nth_rule_fits():
    rules = zone_rules("Asia/Jerusalem", 2026)
    assert rules.to_daylight.rrule() == {
        "freq": "yearly", "bymonth": 3, "byday": "FR", "bymonthday": [23, 24, 25, 26, 27, 28, 29],
    }
