"""What happened on the floor, as report figures: pure, no database, no Flask.

The lists of speakers add three things to the balance report: how many interventions from
the floor each category made, who asked but was never given the floor (requests still waiting
when the list closed: the clearest signal of exclusion), and how far each timed session ran
against its plan.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from eventapp.balance.metrics import (
    NOT_STATED,
    NOT_STATED_LABEL,
    BalanceReport,
    Category,
    SessionInfo,
    SlotFact,
)

NOT_REACHED_RULE = _l(
    "Asked but not given the floor counts requests still waiting when the chair closed the "
    "list of speakers: people who wanted to speak and were not heard. It is the clearest "
    "signal of exclusion, so read it next to each category's share of speaking time."
)
OVERRUN_RULE = _l(
    "Overrun compares the recorded time of a session's timed slots with the planned minutes "
    "of the same slots (a walk-in speaker had no planned minutes, so all of their time is "
    "unplanned); an intervention is over its limit when it ran longer than the limit the "
    "chair's clock counted down from."
)


@dataclass(frozen=True)
class FloorFact:
    """Floor requests of one session and category, counted by outcome in the database."""

    session_id: int
    session_kind: str
    local_day: date | None
    category_key: str
    interventions: int = 0
    not_reached: int = 0
    over_limit: int = 0


@dataclass(frozen=True)
class FloorCategoryRow:
    """A category's time against its plan, and how it fared on the floor."""

    key: str
    label: str
    interventions: int
    not_reached: int
    slots: int = 0
    recorded_slots: int = 0
    recorded_planned_minutes: float = 0.0
    actual_minutes: float = 0.0

    @property
    def overrun_minutes(self) -> float:
        return self.actual_minutes - self.recorded_planned_minutes


@dataclass(frozen=True)
class SessionTiming:
    id: int
    title: str
    kind: str
    local_day: date | None
    slots: int
    timed_slots: int
    planned_minutes: float
    actual_minutes: float
    interventions: int
    over_limit: int

    @property
    def overrun_minutes(self) -> float:
        return self.actual_minutes - self.planned_minutes


@dataclass(frozen=True)
class FloorSummary:
    by_category: list[FloorCategoryRow]
    sessions: list[SessionTiming]

    @property
    def interventions(self) -> int:
        return sum(row.interventions for row in self.by_category)

    @property
    def not_reached(self) -> int:
        return sum(row.not_reached for row in self.by_category)

    @property
    def over_limit(self) -> int:
        return sum(s.over_limit for s in self.sessions)


def summarize_floor(report: BalanceReport, slot_facts: Iterable[SlotFact],
                    floor_facts: Iterable[FloorFact], *, categories: Sequence[Category],
                    sessions: Sequence[SessionInfo]) -> FloorSummary:
    """Floor figures for the report's scope: one row per category, one per timed session."""
    scope = report.scope
    floor = [f for f in floor_facts if scope.includes(f.session_id, f.session_kind, f.local_day)]
    timed = [f for f in slot_facts
             if scope.includes(f.session_id, f.session_kind, f.local_day)]

    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_session: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for fact in floor:
        per_category[fact.category_key][0] += fact.interventions
        per_category[fact.category_key][1] += fact.not_reached
        per_session[fact.session_id][0] += fact.interventions
        per_session[fact.session_id][1] += fact.over_limit
    groups = {row.key: row for row in report.by_category}
    universe = [(c.key, c.label) for c in categories]
    if NOT_STATED in per_category or NOT_STATED in groups:
        universe.append((NOT_STATED, str(NOT_STATED_LABEL)))
    by_category = []
    for key, label in universe:
        group = groups.get(key)
        by_category.append(FloorCategoryRow(
            key, label, *per_category.get(key, (0, 0)),
            slots=group.slots if group else 0,
            recorded_slots=group.recorded_slots if group else 0,
            recorded_planned_minutes=group.recorded_planned_minutes if group else 0.0,
            actual_minutes=group.actual_minutes if group else 0.0,
        ))

    slot_totals: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])
    for fact in timed:
        totals = slot_totals[fact.session_id]
        totals[0] += fact.slots
        totals[1] += fact.recorded
        totals[2] += fact.recorded_planned_minutes
        totals[3] += fact.actual_minutes or 0.0
    rows = []
    for info in sessions:
        slots, recorded, planned, actual = slot_totals.get(info.id, (0, 0, 0.0, 0.0))
        interventions, over = per_session.get(info.id, (0, 0))
        if not (recorded or interventions) or not scope.includes(info.id, info.kind,
                                                                 info.local_day):
            continue
        rows.append(SessionTiming(
            id=info.id, title=info.title, kind=info.kind, local_day=info.local_day,
            slots=int(slots), timed_slots=int(recorded), planned_minutes=planned,
            actual_minutes=actual, interventions=interventions, over_limit=over,
        ))
    return FloorSummary(by_category=by_category, sessions=rows)


def with_floor(report: BalanceReport, slot_facts: Sequence[SlotFact],
               floor_facts: Iterable[FloorFact], *, categories: Sequence[Category],
               sessions: Sequence[SessionInfo]) -> BalanceReport:
    """The same report, carrying the floor figures for its scope."""
    summary = summarize_floor(report, slot_facts, floor_facts, categories=categories,
                              sessions=sessions)
    return dataclasses.replace(report, floor=summary)
