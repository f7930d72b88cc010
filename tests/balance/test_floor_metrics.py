"""Floor figures from plain rows: scope, categories, per-session overruns."""

from __future__ import annotations

from datetime import date

import pytest

from eventapp.balance.floor_metrics import FloorFact, with_floor
from eventapp.balance.measures import baseline_sentence
from eventapp.balance.metrics import Category, Scope, SessionInfo, SlotFact, build_report

DAY1, DAY2 = date(2018, 3, 26), date(2018, 3, 27)
CATEGORIES = [Category("gov", "Government"), Category("mig", "Migrants")]
SESSIONS = [SessionInfo(1, "Dialogue", "interactive-dialogue", DAY1),
            SessionInfo(2, "Panel", "panel", DAY2),
            SessionInfo(3, "Untimed", "panel", DAY2)]


def _slot(session: int, category: str, planned: float, actual_seconds: int | None,
          role: str = "floor") -> SlotFact:
    kind, day = {1: ("interactive-dialogue", DAY1), 2: ("panel", DAY2),
                 3: ("panel", DAY2)}[session]
    return SlotFact(session, kind, day, role, category, "national", "woman", "Africa",
                    planned_minutes=planned,
                    actual_minutes=None if actual_seconds is None else actual_seconds / 60,
                    recorded_planned_minutes=planned if actual_seconds is not None else 0.0)


FACTS = [
    _slot(1, "gov", 3, 200), _slot(1, "mig", 0, 150), _slot(1, "gov", 10, None, "chair"),
    _slot(2, "mig", 12, 690, "panelist"), _slot(2, "gov", 12, 805, "panelist"),
    _slot(3, "gov", 20, None, "panelist"),
]
FLOOR = [
    FloorFact(1, "interactive-dialogue", DAY1, "gov", interventions=2, over_limit=1),
    FloorFact(1, "interactive-dialogue", DAY1, "mig", interventions=1, not_reached=2),
    FloorFact(1, "interactive-dialogue", DAY1, "not-stated", not_reached=1),
]


def _report(scope: Scope | None = None):
    report = build_report(FACTS, categories=CATEGORIES, sessions=SESSIONS, scope=scope)
    return with_floor(report, FACTS, FLOOR, categories=CATEGORIES, sessions=SESSIONS)


def test_floor_rows_per_category_with_not_stated_last():
    floor = _report().floor
    assert [(r.key, r.interventions, r.not_reached, r.recorded_slots, r.slots,
             r.recorded_planned_minutes, r.actual_minutes) for r in floor.by_category] == [
        ("gov", 2, 0, 2, 4, 15, pytest.approx(1005 / 60)),
        ("mig", 1, 2, 2, 2, 12, pytest.approx(840 / 60)),
        ("not-stated", 0, 1, 0, 0, 0, 0),
    ]
    assert (floor.interventions, floor.not_reached, floor.over_limit) == (3, 3, 1)


def test_sessions_with_recorded_time_get_an_overrun_and_untimed_ones_are_left_out():
    sessions = _report().floor.sessions
    assert [(s.id, s.slots, s.timed_slots, s.planned_minutes, s.interventions, s.over_limit)
            for s in sessions] == [(1, 3, 2, 3, 3, 1), (2, 2, 2, 24, 0, 0)]
    assert sessions[0].actual_minutes == pytest.approx(350 / 60)
    assert sessions[0].overrun_minutes == pytest.approx(350 / 60 - 3)
    assert sessions[1].overrun_minutes == pytest.approx(1495 / 60 - 24)


def test_scope_to_the_second_day_leaves_the_dialogue_out():
    floor = _report(Scope(day=DAY2)).floor
    assert [s.id for s in floor.sessions] == [2]
    assert (floor.interventions, floor.not_reached, floor.over_limit) == (0, 0, 0)
    assert [(r.key, r.not_reached) for r in floor.by_category] == [("gov", 0), ("mig", 0)]


def test_scope_by_kind_keeps_only_the_dialogue():
    floor = _report(Scope(kinds=frozenset({"interactive-dialogue"}))).floor
    assert [s.id for s in floor.sessions] == [1]
    assert floor.not_reached == 3


def test_baseline_sentence_is_singular_for_one():
    assert baseline_sentence(1) == "Baseline: 1 approved participant, invited speakers not counted"
    assert baseline_sentence(0) == (
        "Baseline: 0 approved participants, invited speakers not counted")
