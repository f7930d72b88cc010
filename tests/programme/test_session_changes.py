"""Checking and writing sessions: the path of the form, the timetable and the import."""

from __future__ import annotations

from datetime import date, time

from eventapp.programme import session_changes
from tests.factories import utc


def test_session_data_from_local_converts_in_event_zone(factory):
    event = factory.event(start=date(2018, 3, 1), end=date(2018, 3, 31))
    data, problems = session_changes.session_data_from_local(
        event, title=" Opening ", kind="opening", day=date(2018, 3, 1), start=time(9, 0),
        end=time(10, 15))
    assert problems == []
    assert (data.title, data.starts_at, data.ends_at) == (
        "Opening", utc(2018, 3, 1, 14, 0), utc(2018, 3, 1, 15, 15))


def test_session_data_from_local_refuses_skipped_end_time(factory):
    event = factory.event(start=date(2018, 3, 1), end=date(2018, 3, 31))
    data, problems = session_changes.session_data_from_local(
        event, title="Night", kind="panel", day=date(2018, 3, 11), start=time(1, 0),
        end=time(2, 15))
    assert data is None
    assert [(p.field, p.message[:44]) for p in problems] == [
        ("ends_at", "02:15 does not exist on 11 March 2018 in Ame")]
