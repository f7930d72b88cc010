"""Changing an event's zone or dates: the plan, exactly, across a DST boundary."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from eventapp.extensions import db
from eventapp.programme.models import Session
from eventapp.programme.rescheduling import (
    KEEP_INSTANTS,
    KEEP_LOCAL_TIMES,
    OUTSIDE_CANCEL,
    OUTSIDE_KEEP,
    Timing,
    apply_event_change,
    fingerprint,
    outside_ids,
    plan_event_change,
    timings_of,
)
from tests.factories import utc

GENEVA = ZoneInfo("Europe/Zurich")
NEW_YORK = ZoneInfo("America/New_York")


def _plan(timings: list[Timing], mode: str = KEEP_LOCAL_TIMES, *, start: date = date(2018, 3, 9),
          end: date = date(2018, 3, 27), old: ZoneInfo = GENEVA, new: ZoneInfo = NEW_YORK):
    return plan_event_change(timings, old_zone=old, new_zone=new, start_date=start,
                             end_date=end, mode=mode)


# 10:00-11:00 in Geneva before both DST changes (CET), between them (US already on EDT,
# Europe still CET) and after both (CEST).
BEFORE = Timing(1, "Before", utc(2018, 3, 10, 9, 0), utc(2018, 3, 10, 10, 0))
BETWEEN = Timing(2, "Between", utc(2018, 3, 12, 9, 0), utc(2018, 3, 12, 10, 0))
AFTER = Timing(3, "After", utc(2018, 3, 26, 8, 0), utc(2018, 3, 26, 9, 0))


def test_plan_keep_local_times_keeps_wall_clock_across_us_dst_change():
    plan = _plan([BEFORE, BETWEEN, AFTER])

    assert [(m.new_starts_at, m.new_ends_at) for m in plan.moves] == [
        (utc(2018, 3, 10, 15, 0), utc(2018, 3, 10, 16, 0)),  # 10:00 EST = UTC-5
        (utc(2018, 3, 12, 14, 0), utc(2018, 3, 12, 15, 0)),  # 10:00 EDT = UTC-4
        (utc(2018, 3, 26, 14, 0), utc(2018, 3, 26, 15, 0)),
    ]
    assert [m.new_starts_at.astimezone(NEW_YORK).strftime("%d %H:%M %Z") for m in plan.moves] == [
        "10 10:00 EST", "12 10:00 EDT", "26 10:00 EDT"]
    assert (plan.zone_changes, plan.needs_confirmation, plan.blocked, plan.outside) == (
        True, True, (), ())


def test_plan_keep_instants_leaves_utc_and_shifts_local_times():
    plan = _plan([BEFORE, BETWEEN, AFTER], KEEP_INSTANTS)

    assert [(m.new_starts_at, m.instant_changes) for m in plan.moves] == [
        (utc(2018, 3, 10, 9, 0), False), (utc(2018, 3, 12, 9, 0), False),
        (utc(2018, 3, 26, 8, 0), False)]
    assert [m.new_starts_at.astimezone(NEW_YORK).strftime("%H:%M") for m in plan.moves] == [
        "04:00", "05:00", "04:00"]


def test_plan_keep_local_times_refuses_time_skipped_in_new_zone():
    # 02:30 on 11 March exists in Geneva (CET) but not in New York (02:00 -> 03:00).
    night = Timing(4, "Night owls", utc(2018, 3, 11, 1, 30), utc(2018, 3, 11, 3, 0))

    plan = _plan([BEFORE, night])

    assert [m.session_id for m in plan.blocked] == [4]
    assert plan.blocked[0].problem == (
        "starts at 02:30 on 11 March 2018, a time that does not exist in America/New_York "
        "(the clocks go forward that night)")
    assert _plan([BEFORE, night], KEEP_INSTANTS).blocked == ()


def test_plan_keep_local_times_refuses_end_in_gap():
    night = Timing(5, "Late", utc(2018, 3, 11, 0, 30), utc(2018, 3, 11, 1, 15))  # 01:30-02:15
    assert _plan([night]).blocked[0].problem == (
        "ends at 02:15 on 11 March 2018, a time that does not exist in America/New_York "
        "(the clocks go forward that night)")


def test_plan_same_zone_shrunk_dates_lists_sessions_outside():
    day_two = Timing(6, "Day two", utc(2018, 3, 27, 8, 0), utc(2018, 3, 27, 9, 0))
    cancelled = Timing(7, "Dropped", utc(2018, 3, 27, 10, 0), utc(2018, 3, 27, 11, 0),
                       is_scheduled=False)

    plan = _plan([AFTER, day_two, cancelled], start=date(2018, 3, 26), end=date(2018, 3, 26),
                 new=GENEVA)

    assert (plan.zone_changes, plan.moves) == (False, ())
    assert [m.session_id for m in plan.outside] == [6]
    assert plan.needs_confirmation is True


def test_plan_same_zone_same_dates_needs_no_confirmation():
    plan = _plan([BEFORE, AFTER], new=GENEVA)
    assert (plan.needs_confirmation, plan.moves, plan.outside) == (False, (), ())


def test_plan_keep_instants_can_push_sessions_to_previous_day():
    early = Timing(8, "Breakfast", utc(2018, 3, 26, 3, 0), utc(2018, 3, 26, 4, 0))  # 05:00 CEST
    plan = _plan([early], KEEP_INSTANTS, start=date(2018, 3, 26), end=date(2018, 3, 27))
    # 23:00 on 25 March in New York: before the first day.
    assert [m.session_id for m in plan.outside] == [8]
    assert _plan([early], start=date(2018, 3, 26), end=date(2018, 3, 27)).outside == ()


def test_plan_unknown_mode_raises():
    with pytest.raises(ValueError, match="sideways"):
        _plan([BEFORE], "sideways")


def test_fingerprint_changes_when_a_session_moves():
    moved = Timing(1, "Before", utc(2018, 3, 10, 9, 30), utc(2018, 3, 10, 10, 0))
    assert fingerprint([BEFORE, AFTER]) == fingerprint([AFTER, BEFORE])
    assert fingerprint([BEFORE, AFTER]) != fingerprint([moved, AFTER])


def _sessions(event) -> list[Session]:
    db.session.expire_all()
    return list(db.session.query(Session).filter_by(event_id=event.id).order_by(Session.id))


def test_apply_keep_local_times_moves_sessions_and_raises_sequence(factory):
    event = factory.event(timezone="Europe/Zurich", start=date(2018, 3, 12),
                          end=date(2018, 3, 13))
    first = factory.session(event, start=time(10, 0))
    second = factory.session(event, day=date(2018, 3, 13), status="cancelled")
    sessions = _sessions(event)
    before = {s.id: (s.sequence, s.updated_at) for s in sessions}

    plan = _plan(timings_of(sessions), start=date(2018, 3, 12), end=date(2018, 3, 13))
    assert apply_event_change(sessions, plan) == []
    db.session.commit()

    after = {s.id: s for s in _sessions(event)}
    assert (after[first.id].starts_at, after[first.id].ends_at) == (
        utc(2018, 3, 12, 14, 0), utc(2018, 3, 12, 15, 0))
    assert after[second.id].starts_at == utc(2018, 3, 13, 14, 0)
    assert [after[i].sequence for i in (first.id, second.id)] == [
        before[first.id][0] + 1, before[second.id][0] + 1]
    assert after[first.id].updated_at > before[first.id][1]


def test_apply_cancel_outside_cancels_only_those(factory):
    event = factory.event(timezone="Europe/Zurich", start=date(2018, 3, 26),
                          end=date(2018, 3, 27))
    inside = factory.session(event)
    outside = factory.session(event, day=date(2018, 3, 27))
    sessions = _sessions(event)
    plan = _plan(timings_of(sessions), start=date(2018, 3, 26), end=date(2018, 3, 26),
                 new=GENEVA)

    kept = apply_event_change(sessions, plan, outside_action=OUTSIDE_KEEP)
    assert kept == []
    cancelled = apply_event_change(sessions, plan, outside_action=OUTSIDE_CANCEL)
    db.session.commit()

    assert [s.id for s in cancelled] == [outside.id]
    after = {s.id: s for s in _sessions(event)}
    assert (after[inside.id].status, after[inside.id].sequence) == ("scheduled", 0)
    assert (after[outside.id].status, after[outside.id].sequence) == ("cancelled", 1)


def test_apply_refuses_blocked_plan(factory):
    night = Timing(4, "Night owls", utc(2018, 3, 11, 1, 30), utc(2018, 3, 11, 3, 0))
    with pytest.raises(ValueError):
        apply_event_change([], _plan([night]))


def test_outside_ids_lists_scheduled_sessions_outside_dates(factory):
    event = factory.event(timezone="Europe/Zurich", start=date(2018, 3, 26),
                          end=date(2018, 3, 27))
    factory.session(event)
    late = factory.session(event, day=date(2018, 3, 28))
    factory.session(event, day=date(2018, 3, 28), status="cancelled")
    assert outside_ids(_sessions(event), start_date=date(2018, 3, 26), end_date=date(2018, 3, 27),
                       zone=GENEVA) == {late.id}
