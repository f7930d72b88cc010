"""Checking and writing sessions: the path of the form, the timetable and the import."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme import session_changes
from eventapp.programme.models import Session
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


def _data(event, title: str, hour: int, room=None) -> session_changes.SessionData:
    data, problems = session_changes.session_data_from_local(
        event, title=title, kind="panel", day=date(2018, 3, 26), start=time(hour, 0),
        end=time(hour, 30), room_id=room.id if room else None)
    assert problems == []
    return data


def _save_many(event, count: int, query_counter) -> int:
    existing = list(event.sessions)
    writes = [session_changes.SessionWrite(_data(event, f"New {n}", 8 + n % 10))
              for n in range(count)]
    writes += [session_changes.SessionWrite(_data(event, s.title, 20), s) for s in existing]
    with query_counter() as counter:
        ids = session_changes.save_sessions(event, writes)
    db.session.commit()
    assert len(ids) == count + len(existing)
    return counter.count


def test_save_sessions_costs_the_same_statements_for_2_and_40_sessions(factory, query_counter):
    small, large = factory.event("small"), factory.event("large")
    for event, count in ((small, 1), (large, 20)):
        for n in range(count):
            factory.session(event, title=f"Old {n}", start=time(7, 0))
    db.session.expire_all()
    assert _save_many(small, 1, query_counter) == _save_many(large, 20, query_counter)


def test_save_sessions_raises_sequence_only_for_what_calendars_show(factory):
    event = factory.event("ev")
    hall = factory.room(event, "Hall")
    moved = factory.session(event, title="Moved", room=hall, start=time(9, 0))
    rekinded = factory.session(event, title="Rekinded", room=hall, start=time(11, 0))
    kind = session_changes.data_of(rekinded)
    kind.kind = "keynote"
    ids = session_changes.save_sessions(event, [
        session_changes.SessionWrite(_data(event, "Moved", 14, hall), moved),
        session_changes.SessionWrite(kind, rekinded),
        session_changes.SessionWrite(_data(event, "Added", 16, hall)),
    ])
    db.session.commit()
    sessions = {s.title: s for s in db.session.scalars(
        select(Session).where(Session.id.in_(ids)))}
    assert {t: (s.sequence, s.kind, s.content_version is not None)
            for t, s in sessions.items()} == {
        "Moved": (1, "panel", True), "Rekinded": (0, "keynote", True),
        "Added": (0, "panel", True)}
    assert sessions["Added"].starts_at == utc(2018, 3, 26, 20, 0)
