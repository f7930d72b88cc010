"""The report's counting rule for a group of slots, and the layering of the balance modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from eventapp.balance import facts
from eventapp.balance.facts import HEARD, PLANNED, TIMED, SlotFact, slot_group_fact

ATTRIBUTES = {"session_id": 1, "session_kind": "panel", "local_day": None, "role": "panelist",
              "category_key": "government", "governance_level": "national", "gender": "woman",
              "region": "Africa"}


def _fact(state: str, run: bool, actual_seconds: int = 0, overrun_seconds: int = 0) -> SlotFact:
    return slot_group_fact(state=state, session_run=run, slots=2, planned_minutes=10,
                           actual_seconds=actual_seconds, overrun_seconds=overrun_seconds,
                           **ATTRIBUTES)


def _figures(fact: SlotFact) -> tuple:
    return (fact.minutes, fact.actual_minutes, fact.recorded, fact.recorded_planned_minutes,
            fact.not_heard_slots, fact.not_heard_minutes, fact.heard_untimed_slots,
            fact.heard_untimed_minutes, fact.overrun)


@pytest.mark.parametrize("run", [True, False])
def test_timed_slots_count_their_recorded_time(run: bool):
    assert _figures(_fact(TIMED, run, actual_seconds=540, overrun_seconds=-60)) == (
        9, 9, 2, 10, 0, 0, 0, 0, -1)


@pytest.mark.parametrize("run", [True, False])
def test_slots_marked_heard_count_their_planned_minutes(run: bool):
    assert _figures(_fact(HEARD, run)) == (10, None, 0, 0, 0, 0, 2, 10, 0)


def test_planned_slots_of_a_run_session_are_planned_not_heard():
    assert _figures(_fact(PLANNED, True)) == (0, None, 0, 0, 2, 10, 0, 0, 0)


def test_planned_slots_of_a_session_never_run_count_their_plan():
    assert _figures(_fact(PLANNED, False)) == (10, None, 0, 0, 0, 0, 0, 0, 0)


def test_a_fact_built_by_hand_falls_back_to_actual_or_planned_less_not_heard():
    hand = SlotFact(**ATTRIBUTES, planned_minutes=10, actual_minutes=None, not_heard_minutes=10)
    assert (hand.minutes, hand.overrun) == (0, 0)
    timed = SlotFact(**ATTRIBUTES, planned_minutes=10, actual_minutes=12,
                     recorded_planned_minutes=10)
    assert (timed.minutes, timed.overrun) == (12, 2)


def _balance_imports(module: str) -> set[str]:
    source = Path(facts.__file__).with_name(f"{module}.py").read_text(encoding="utf-8")
    return {node.module for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom) and node.module
            and node.module.startswith("eventapp.balance")}


def test_metrics_and_floor_metrics_do_not_import_each_other_in_a_circle():
    assert _balance_imports("facts") == set()
    assert "eventapp.balance.floor_metrics" not in _balance_imports("metrics")
    assert _balance_imports("floor_metrics") == {"eventapp.balance.facts",
                                                 "eventapp.balance.metrics"}
