from __future__ import annotations

from datetime import UTC, datetime, timedelta

from eventapp.floor import clock
from eventapp.floor.clock import Clock

T0 = datetime(2018, 3, 26, 15, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_clock_start_then_stop_records_whole_seconds():
    running = clock.start(T0)
    assert running == Clock(0, T0)
    assert clock.elapsed(running, at(42.9)) == 42
    assert clock.stop(running, at(125)) == 125


def test_clock_pause_keeps_elapsed_and_resume_continues():
    running = clock.start(T0)
    paused = clock.pause(running, at(70))
    assert paused == Clock(70, None)
    assert clock.elapsed(paused, at(500)) == 70
    assert clock.pause(paused, at(600)) == paused
    resumed = clock.resume(paused, at(100))
    assert resumed == Clock(70, at(100))
    assert clock.resume(resumed, at(120)) == resumed
    assert clock.stop(resumed, at(130)) == 100


def test_clock_remaining_counts_down_and_overrun_after_limit():
    running = clock.start(T0)
    assert clock.remaining(running, 180, at(30)) == 150
    assert clock.overrun(running, 180, at(30)) == 0
    assert clock.remaining(running, 180, at(192)) == -12
    assert clock.overrun(running, 180, at(192)) == 12
    assert clock.remaining(running, None, at(192)) is None
    assert clock.overrun(running, None, at(192)) == 0


def test_clock_reload_from_stored_values_gives_same_time():
    stored = clock.pause(clock.resume(clock.pause(clock.start(T0), at(20)), at(50)), at(50))
    # What a second device reads back from the row: the same two values, the same time.
    reloaded = Clock(stored.elapsed_seconds, stored.running_since)
    assert clock.elapsed(reloaded, at(999)) == 20
    running = clock.resume(reloaded, at(60))
    assert clock.elapsed(Clock(running.elapsed_seconds, running.running_since), at(75)) == 35


def test_clock_running_since_in_future_never_negative():
    assert clock.elapsed(Clock(5, at(10)), at(3)) == 5


def test_clock_format_seconds_minutes_and_overrun():
    assert clock.format_seconds(125) == "2:05"
    assert clock.format_seconds(0) == "0:00"
    assert clock.format_seconds(-12) == "-0:12"
