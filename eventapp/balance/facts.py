"""The types the balance report is built from and hands on: below metrics and floor_metrics.

Both the report (metrics) and the floor figures (floor_metrics) read slot and floor facts and
the floor's result types; keeping those here lets each of them import this module without
importing the other.

A session counts as *run* once it has a list of speakers, or any slot with a recorded time or a
chair's "heard" mark: from then on its speaking time is what was heard, and planned slots that
were never called are "planned, not heard" (see `slot_group_fact`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

NOT_STATED = "not-stated"
NOT_STATED_LABEL = _l("Not stated")

# How a group of slots ended, as loaded: timed by a clock, marked heard by the chair without
# timing, or neither (planned only).
TIMED, HEARD, PLANNED = "timed", "heard", "planned"


@dataclass(frozen=True)
class SlotFact:
    """One group of speaking slots sharing every attribute below (one slot, or an aggregate).

    Minutes are sums over the group's slots: `planned_minutes` of planned time (unknown = 0),
    `actual_minutes` of recorded time (None when no slot in the group has one), and
    `counted_minutes` of the time the report uses (what was heard).
    """

    session_id: int
    session_kind: str
    local_day: date | None
    role: str
    category_key: str
    governance_level: str
    gender: str
    region: str
    planned_minutes: float
    actual_minutes: float | None
    counted_minutes: float | None = None
    slots: int = 1
    recorded_slots: int | None = None
    # Planned minutes of the slots that have a recorded time: what the actual time compares with.
    recorded_planned_minutes: float = 0.0
    # Slots of a run session that were neither timed nor marked heard, and their planned minutes.
    not_heard_slots: int = 0
    not_heard_minutes: float = 0.0
    # Slots the chair marked heard without timing them: their planned minutes count as heard.
    heard_untimed_slots: int = 0
    heard_untimed_minutes: float = 0.0
    # Time over plan of the timed slots (None: actual − planned of the timed slots).
    overrun_minutes: float | None = None

    @property
    def recorded(self) -> int:
        if self.recorded_slots is not None:
            return self.recorded_slots
        return self.slots if self.actual_minutes is not None else 0

    @property
    def minutes(self) -> float:
        if self.counted_minutes is not None:
            return self.counted_minutes
        if self.actual_minutes is not None:
            return self.actual_minutes
        return self.planned_minutes - self.not_heard_minutes

    @property
    def overrun(self) -> float:
        if self.overrun_minutes is not None:
            return self.overrun_minutes
        return (self.actual_minutes or 0.0) - self.recorded_planned_minutes


def slot_group_fact(*, state: str, session_run: bool, slots: int, planned_minutes: float,
                    actual_seconds: int, overrun_seconds: int, **attributes: object) -> SlotFact:
    """A group of slots in one state (TIMED, HEARD or PLANNED), counted by the report's rule.

    Timed: the recorded time. Heard without timing: the planned minutes, said to be untimed.
    Planned only: the planned minutes while the session has not been run, else nothing, and
    the minutes show as planned but not heard.
    """
    common = {"slots": slots, "planned_minutes": planned_minutes, **attributes}
    if state == TIMED:
        actual = actual_seconds / 60
        return SlotFact(**common, actual_minutes=actual, counted_minutes=actual,
                        recorded_slots=slots, recorded_planned_minutes=planned_minutes,
                        overrun_minutes=overrun_seconds / 60)
    if state == HEARD:
        return SlotFact(**common, actual_minutes=None, counted_minutes=planned_minutes,
                        recorded_slots=0, heard_untimed_slots=slots,
                        heard_untimed_minutes=planned_minutes, overrun_minutes=0.0)
    if session_run:
        return SlotFact(**common, actual_minutes=None, counted_minutes=0.0, recorded_slots=0,
                        not_heard_slots=slots, not_heard_minutes=planned_minutes,
                        overrun_minutes=0.0)
    return SlotFact(**common, actual_minutes=None, counted_minutes=planned_minutes,
                    recorded_slots=0, overrun_minutes=0.0)


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
    requests: int = 0
    skipped: int = 0
    removed: int = 0
    withdrawn: int = 0


@dataclass(frozen=True)
class NotReachedRequest:
    """Someone who asked for the floor and was still waiting when the list closed."""

    session_id: int
    name: str
    organization: str | None
    category_key: str
    kind: str
    requested_at: datetime


@dataclass(frozen=True)
class Category:
    key: str
    label: str


@dataclass(frozen=True)
class Target:
    min_percent: float | None = None
    max_percent: float | None = None
    required_on_panels: bool = False


@dataclass(frozen=True)
class SessionInfo:
    id: int
    title: str
    kind: str
    local_day: date | None
    # Run through a list of speakers, or timed, or marked heard (see the module's docstring).
    is_run: bool = False


@dataclass(frozen=True)
class Scope:
    day: date | None = None
    kinds: frozenset[str] = frozenset()
    session_id: int | None = None

    @property
    def is_whole_event(self) -> bool:
        return self.day is None and not self.kinds and self.session_id is None

    def includes(self, session_id: int, kind: str, local_day: date | None) -> bool:
        if self.session_id is not None and session_id != self.session_id:
            return False
        if self.day is not None and local_day != self.day:
            return False
        return not (self.kinds and kind not in self.kinds)


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
    overrun_minutes: float = 0.0
    requests: int = 0
    skipped: int = 0
    removed: int = 0
    withdrawn: int = 0
    not_heard_slots: int = 0
    not_heard_minutes: float = 0.0
    heard_untimed_slots: int = 0
    heard_untimed_minutes: float = 0.0

    @property
    def spoke(self) -> int:
        """Requests that ended with the person speaking (the interventions)."""
        return self.interventions


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
    overrun_minutes: float = 0.0
    not_heard_slots: int = 0
    not_heard_minutes: float = 0.0
    heard_untimed_slots: int = 0
    heard_untimed_minutes: float = 0.0
    not_reached: int = 0


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

    @property
    def not_heard_minutes(self) -> float:
        return sum(row.not_heard_minutes for row in self.by_category)

    @property
    def heard_untimed_minutes(self) -> float:
        return sum(row.heard_untimed_minutes for row in self.by_category)


@dataclass(frozen=True)
class FunnelFact:
    """Registrations sharing a category, governance level, region and invited flag, counted
    at each stage of the funnel (each registration counts once per stage)."""

    category_key: str
    governance_level: str
    region: str
    invited: bool = False
    registered: int = 0
    approved: int = 0
    present: int = 0
    asked_for_the_floor: int = 0
    heard: int = 0
    heard_minutes: float = 0.0


@dataclass(frozen=True)
class PresenceFact:
    """Registrations of one group checked in on one event-local day (check-ins not undone)."""

    day: date
    category_key: str
    governance_level: str
    region: str
    invited: bool
    present: int


@dataclass(frozen=True)
class FunnelRow:
    """One group's path from registered to heard; `present_by_day` follows `Funnel.days`."""

    key: str
    label: str
    registered: int = 0
    approved: int = 0
    present: int = 0
    asked_for_the_floor: int = 0
    heard: int = 0
    heard_minutes: float = 0.0
    present_by_day: tuple[int, ...] = ()


@dataclass(frozen=True)
class Funnel:
    """Participants from registered to heard, per category, governance level and region.

    Invited speakers are left out as in the baseline and counted apart (`invited`); `day` is
    the scope's day that "present" is read on (None: on at least one day).
    """

    days: tuple[date, ...]
    day: date | None
    by_category: list[FunnelRow]
    by_governance_level: list[FunnelRow]
    by_region: list[FunnelRow]
    total: FunnelRow
    invited: FunnelRow

    @property
    def dimensions(self) -> list[tuple[str, list[FunnelRow]]]:
        return [("category", self.by_category), ("governance_level", self.by_governance_level),
                ("region", self.by_region)]
