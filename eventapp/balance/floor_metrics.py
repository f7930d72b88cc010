"""What happened on the floor, as report figures: pure, no database, no Flask.

The lists of speakers add to the balance report what each category asked for and got: its
requests and how they ended (spoke, not reached, skipped, removed, withdrawn); who asked but
was never given the floor (requests still waiting when the list closed: the clearest signal of
exclusion); what was planned but not heard; and how far each run session ran against its plan.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence

from flask_babel import lazy_gettext as _l

# Importable from here as before: the floor's own types live below both report modules.
from eventapp.balance.facts import (
    NOT_STATED,
    NOT_STATED_LABEL,
    Category,
    FloorCategoryRow,
    FloorFact,
    FloorSummary,
    SessionInfo,
    SessionTiming,
    SlotFact,
)
from eventapp.balance.metrics import BalanceReport

NOT_REACHED_RULE = _l(
    "Asked but not given the floor counts requests still waiting when the chair closed the "
    "list of speakers: people who wanted to speak and were not heard. It is the clearest "
    "signal of exclusion, so read it next to each category's share of speaking time. "
    "Requests also counts those that were skipped, removed by the chair or withdrawn."
)
OVERRUN_RULE = _l(
    "Overrun compares the recorded time of a slot with its planned minutes; an intervention "
    "from the floor with no planned minutes is compared with the limit the chair's clock "
    "counted down from, and only the seconds beyond that limit count (never less than 0). "
    "An intervention is over its limit when it ran longer than that limit."
)
HEARD_RULE = _l(
    "Once a session has been run (a list of speakers, a recorded time, or a speaker marked "
    "heard), its speaking time is what was heard: recorded times, and the planned minutes of "
    "speakers the chair marked heard without timing them. Planned speakers never called count "
    "as planned, not heard."
)
# Outcomes of requests counted per category, in the order the report shows them.
REQUEST_OUTCOMES = ("requests", "interventions", "not_reached", "skipped", "removed",
                    "withdrawn")
_SLOT_TOTALS = ("slots", "recorded", "recorded_planned_minutes", "actual_minutes",
                "overrun", "not_heard_slots", "not_heard_minutes", "heard_untimed_slots",
                "heard_untimed_minutes")


def _outcomes(facts: Iterable[FloorFact],
              key: Callable[[FloorFact], Hashable]) -> dict[Hashable, dict[str, int]]:
    totals: dict[Hashable, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys((*REQUEST_OUTCOMES, "over_limit"), 0))
    for fact in facts:
        row = totals[key(fact)]
        for name in (*REQUEST_OUTCOMES, "over_limit"):
            row[name] += getattr(fact, name)
    return totals


def _slot_totals(facts: Iterable[SlotFact]) -> dict[int, dict[str, float]]:
    totals: dict[int, dict[str, float]] = defaultdict(lambda: dict.fromkeys(_SLOT_TOTALS, 0))
    for fact in facts:
        row = totals[fact.session_id]
        for name in _SLOT_TOTALS:
            row[name] += getattr(fact, name) or 0
    return totals


def summarize_floor(report: BalanceReport, slot_facts: Iterable[SlotFact],
                    floor_facts: Iterable[FloorFact], *, categories: Sequence[Category],
                    sessions: Sequence[SessionInfo]) -> FloorSummary:
    """Floor figures for the report's scope: one row per category, one per run session."""
    scope = report.scope
    floor = [f for f in floor_facts if scope.includes(f.session_id, f.session_kind, f.local_day)]
    per_category = _outcomes(floor, lambda f: f.category_key)
    per_session = _outcomes(floor, lambda f: f.session_id)
    groups = {row.key: row for row in report.by_category}
    universe = [(c.key, c.label) for c in categories]
    if NOT_STATED in per_category or NOT_STATED in groups:
        universe.append((NOT_STATED, str(NOT_STATED_LABEL)))
    by_category = []
    for key, label in universe:
        outcome = per_category.get(key) or dict.fromkeys(REQUEST_OUTCOMES, 0)
        group = groups.get(key)
        slot_figures = {} if group is None else {
            "slots": group.slots, "recorded_slots": group.recorded_slots,
            "recorded_planned_minutes": group.recorded_planned_minutes,
            "actual_minutes": group.actual_minutes, "overrun_minutes": group.overrun_minutes,
            "not_heard_slots": group.not_heard_slots,
            "not_heard_minutes": group.not_heard_minutes,
            "heard_untimed_slots": group.heard_untimed_slots,
            "heard_untimed_minutes": group.heard_untimed_minutes,
        }
        by_category.append(FloorCategoryRow(
            key, label, outcome["interventions"], outcome["not_reached"],
            requests=outcome["requests"], skipped=outcome["skipped"],
            removed=outcome["removed"], withdrawn=outcome["withdrawn"], **slot_figures,
        ))

    timed = _slot_totals(f for f in slot_facts
                         if scope.includes(f.session_id, f.session_kind, f.local_day))
    rows = []
    for info in sessions:
        totals = timed.get(info.id) or dict.fromkeys(_SLOT_TOTALS, 0)
        outcome = per_session.get(info.id) or dict.fromkeys((*REQUEST_OUTCOMES, "over_limit"), 0)
        shown = info.is_run or totals["recorded"] or totals["heard_untimed_slots"] \
            or outcome["requests"] or outcome["interventions"]
        if not shown or not scope.includes(info.id, info.kind, info.local_day):
            continue
        rows.append(SessionTiming(
            id=info.id, title=info.title, kind=info.kind, local_day=info.local_day,
            slots=int(totals["slots"]), timed_slots=int(totals["recorded"]),
            planned_minutes=float(totals["recorded_planned_minutes"]),
            actual_minutes=float(totals["actual_minutes"]),
            interventions=outcome["interventions"], over_limit=outcome["over_limit"],
            overrun_minutes=float(totals["overrun"]),
            not_heard_slots=int(totals["not_heard_slots"]),
            not_heard_minutes=float(totals["not_heard_minutes"]),
            heard_untimed_slots=int(totals["heard_untimed_slots"]),
            heard_untimed_minutes=float(totals["heard_untimed_minutes"]),
            not_reached=outcome["not_reached"],
        ))
    return FloorSummary(by_category=by_category, sessions=rows)


def with_floor(report: BalanceReport, slot_facts: Sequence[SlotFact],
               floor_facts: Iterable[FloorFact], *, categories: Sequence[Category],
               sessions: Sequence[SessionInfo]) -> BalanceReport:
    """The same report, carrying the floor figures for its scope."""
    summary = summarize_floor(report, slot_facts, floor_facts, categories=categories,
                              sessions=sessions)
    return dataclasses.replace(report, floor=summary)
