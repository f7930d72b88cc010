"""The timetable grid: rows in the event's wall-clock time, DST days, the tray."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from eventapp import fragment_cache
from eventapp.demo.synthetic import build_programme
from eventapp.programme import service
from eventapp.programme.timetable import (
    build_grid,
    day_rows,
    moved_block,
    parse_step,
    timetable_entries,
)

ZURICH = ZoneInfo("Europe/Zurich")


def _labels(day: date, step: int = 60) -> list[str]:
    return [r.label + ("-gap" if r.is_gap else "") + (f" {r.zone_name}" if r.zone_name else "")
            for r in day_rows(day, ZURICH, step, time(0), time(23, 59, 59))]


def test_rows_on_an_ordinary_day_are_24_hours():
    assert len(_labels(date(2019, 10, 14))) == 24
    assert len(day_rows(date(2019, 10, 14), ZURICH, 5, time(8), time(19))) == 132


def test_rows_on_the_23_hour_day_show_the_skipped_hour_as_a_gap():
    labels = _labels(date(2019, 3, 31))
    assert labels[:4] == ["00:00 CET", "01:00 CET", "02:00-gap", "03:00 CEST"]
    assert len([label for label in labels if not label.endswith("-gap")]) == 23


def test_rows_on_the_25_hour_day_repeat_the_hour_with_its_offset():
    labels = _labels(date(2019, 10, 27))
    assert labels[:5] == ["00:00 CEST", "01:00 CEST", "02:00 CEST", "02:00 CET", "03:00 CET"]
    assert len(labels) == 25


def test_rows_at_fifteen_minutes_around_the_gap():
    labels = [r.label + ("-gap" if r.is_gap else "")
              for r in day_rows(date(2019, 3, 31), ZURICH, 15, time(1, 30), time(3, 30))]
    assert labels == ["01:30", "01:45", "02:00-gap", "02:15-gap", "02:30-gap", "02:45-gap",
                      "03:00", "03:15"]


def test_parse_step_keeps_5_10_15_only():
    assert [parse_step(v) for v in ("5", "10", "15", "7", "x", None)] == [5, 10, 15, 15, 15, 15]


def test_grid_places_blocks_and_trays_sessions_without_room_or_outside_dates(app_ctx, factory):
    event = factory.event("ev", timezone="Europe/Zurich", start=date(2019, 10, 14),
                          end=date(2019, 10, 15))
    hall = factory.room(event, "Hall")
    placed = factory.session(event, title="Placed", room=hall, start=time(9, 0), minutes=45)
    roomless = factory.session(event, title="Roomless", start=time(10, 0))
    outside = factory.session(event, title="Outside", room=hall, day=date(2019, 10, 20))
    clashing = factory.session(event, title="Clashing", room=hall, start=time(9, 30))
    factory.session(event, title="Cancelled", room=hall, start=time(12, 0), status="cancelled")
    grid = build_grid(day=date(2019, 10, 14), step=15, zone=event.zone, start=event.start_date,
                      end=event.end_date, rooms=service.event_rooms(event),
                      sessions=timetable_entries(event.id))
    assert [(b.session.title, grid.rows[b.first_row].label, b.span) for b in grid.blocks] == [
        ("Placed", "09:00", 3)]
    assert sorted(s.title for s, _ in grid.tray) == sorted(
        [roomless.title, outside.title, clashing.title])
    assert grid.rows[0].label == "08:00" and grid.rows[-1].label == "18:45"
    assert placed.id == grid.blocks[0].session.id


def test_timetable_page_queries_are_the_same_for_5_and_150_sessions(
        organizer_client, factory, query_counter):
    small = factory.event("small")
    build_programme(small, sessions=5, slots_per_session=2)
    large = factory.event("large")
    build_programme(large, sessions=150, slots_per_session=3)
    organizer_client.get("/organize/events/small/timetable")  # the user's first request
    fragment_cache.cache.clear()
    counts = []
    for slug in ("small", "large"):
        for _ in ("built", "kept"):
            with query_counter() as counter:
                response = organizer_client.get(f"/organize/events/{slug}/timetable")
            assert response.status_code == 200
            counts.append(counter.count)
    # Built: the event, the programme's version, its rooms, the sessions with their rooms
    # and speakers' counts. Kept: the event and the version.
    assert counts == [4, 2, 4, 2]


def _moved(event, rooms, session, *, first_row=time(8), day=date(2019, 10, 14)):
    entry = next(e for e, _ in timetable_entries(event.id) if e.id == session.id)
    return moved_block(day=day, step=15, zone=event.zone, start=event.start_date,
                       end=event.end_date, first_row=first_row,
                       columns=[r.id for r in rooms], session=entry, speakers=2)


def test_moved_block_is_placed_as_the_grid_places_it(factory):
    event = factory.event("ev", timezone="Europe/Zurich", start=date(2019, 10, 14),
                          end=date(2019, 10, 15))
    hall = factory.room(event, "Hall")
    factory.room(event, "Annex")
    late = factory.session(event, title="Late", room=hall, day=date(2019, 10, 14),
                           start=time(17, 10), minutes=50)
    grid = build_grid(day=date(2019, 10, 14), step=15, zone=event.zone, start=event.start_date,
                      end=event.end_date, rooms=service.event_rooms(event),
                      sessions=timetable_entries(event.id))
    placed = next(b for b in grid.blocks if b.session.id == late.id)
    rooms = service.event_rooms(event)
    assert [r.name for r in rooms] == ["Annex", "Hall"]
    block = _moved(event, rooms, late)
    assert (block.first_row, block.span, block.column, block.speakers) == (
        placed.first_row, placed.span, placed.column, 2) == (36, 4, 1, 2)


def test_moved_block_is_none_where_only_the_whole_grid_is_right(factory):
    event = factory.event("ev", timezone="Europe/Zurich", start=date(2019, 10, 14),
                          end=date(2019, 10, 15))
    hall = factory.room(event, "Hall")
    placed = factory.session(event, room=hall, day=date(2019, 10, 14), start=time(9, 0))
    roomless = factory.session(event, day=date(2019, 10, 14), start=time(9, 0))
    outside = factory.session(event, room=hall, day=date(2019, 10, 20), start=time(9, 0))
    rooms = service.event_rooms(event)
    assert _moved(event, rooms, placed) is not None
    assert _moved(event, rooms, placed, first_row=time(10)) is None  # before the first row
    assert _moved(event, rooms, placed, day=date(2019, 10, 15)) is None  # another day
    assert _moved(event, [], placed) is None  # no column for its room
    assert _moved(event, rooms, roomless) is None  # the tray
    assert _moved(event, rooms, outside, day=date(2019, 10, 20)) is None  # the tray
