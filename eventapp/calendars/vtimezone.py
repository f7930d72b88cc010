"""VTIMEZONE components written as yearly rules, derived from the zone's current tzdata rules.

Outlook only understands a VTIMEZONE made of one STANDARD and one DAYLIGHT part with a
yearly RRULE, and Thunderbird misreads long lists of RDATEs, so the generic output of
calendar libraries is not good enough. We look at the actual transitions zoneinfo reports
for a reference year, describe each as "the n-th (or last) weekday of a month at a local
time", check that description against the following years, and write it out.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Rules are written from this year on: early enough to precede any event, as clients expect.
RULE_START_YEAR = 1970
# How many years after the reference year a derived rule must also predict correctly.
CHECK_YEARS = 10


@dataclass(frozen=True)
class Transition:
    at_utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str

    @property
    def local(self) -> datetime:
        """Wall-clock time of the change, as read on clocks before it (RFC 5545 DTSTART)."""
        return (self.at_utc + self.offset_from).replace(tzinfo=None)


@dataclass(frozen=True)
class YearlyRule:
    month: int
    weekday: int  # 0 = Monday
    # 1..4 = n-th weekday, -1 = last; or a 7-day window starting on `first_day`.
    week: int | None
    first_day: int | None
    at: time

    def day_in(self, year: int) -> date:
        if self.week is not None:
            days = calendar.monthrange(year, self.month)[1]
            if self.week == -1:
                last = date(year, self.month, days)
                return last - timedelta(days=(last.weekday() - self.weekday) % 7)
            first = date(year, self.month, 1)
            to_weekday = (self.weekday - first.weekday()) % 7
            return first + timedelta(days=to_weekday + 7 * (self.week - 1))
        start = date(year, self.month, self.first_day or 1)
        return start + timedelta(days=(self.weekday - start.weekday()) % 7)

    def rrule(self) -> dict:
        code = WEEKDAY_CODES[self.weekday]
        if self.week is not None:
            return {"freq": "yearly", "bymonth": self.month, "byday": f"{self.week}{code}"}
        first = self.first_day or 1
        return {
            "freq": "yearly",
            "bymonth": self.month,
            "byday": code,
            "bymonthday": list(range(first, first + 7)),
        }


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


def transitions_in_year(zone: ZoneInfo, year: int) -> list[Transition]:
    """Every change of UTC offset during a calendar year (UTC), to the second."""
    found: list[Transition] = []
    step = timedelta(hours=6)  # offsets never change twice within six hours
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    current = _offset(zone, moment)
    while moment < end:
        following = moment + step
        offset = _offset(zone, following)
        if offset != current:
            low, high = moment, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            name = high.astimezone(zone).tzname() or zone.key
            found.append(Transition(high, current, offset, name))
            current = offset
        moment = following
    return found


def _candidate_rules(change: Transition) -> list[YearlyRule]:
    local = change.local
    day, weekday, month = local.day, local.weekday(), local.month
    days_in_month = calendar.monthrange(local.year, month)[1]
    at = local.time()
    candidates = []
    if day <= 28:
        candidates.append(YearlyRule(month, weekday, (day - 1) // 7 + 1, None, at))
    if day + 7 > days_in_month:
        candidates.append(YearlyRule(month, weekday, -1, None, at))
    # "Friday before the last Sunday" and similar: a weekday inside a fixed 7-day window.
    shortest_month = calendar.monthrange(2001, month)[1]  # February of a common year
    for first in range(max(1, day - 6), day + 1):
        if first + 6 <= shortest_month:
            candidates.append(YearlyRule(month, weekday, None, first, at))
    return candidates


def _fits(rule: YearlyRule, changes: list[Transition]) -> bool:
    return all(
        rule.day_in(change.local.year) == change.local.date() and rule.at == change.local.time()
        for change in changes
    )


@dataclass(frozen=True)
class ZoneRules:
    """The zone as Outlook sees it: a standard offset, and optionally a yearly daylight period."""

    key: str
    standard_offset: timedelta
    standard_name: str
    daylight_offset: timedelta | None = None
    daylight_name: str = ""
    to_daylight: YearlyRule | None = None
    to_standard: YearlyRule | None = None

    @property
    def has_daylight(self) -> bool:
        return self.to_daylight is not None and self.to_standard is not None


def _fixed(zone: ZoneInfo, moment: datetime) -> ZoneRules:
    local = moment.astimezone(zone)
    return ZoneRules(zone.key, local.utcoffset() or timedelta(0), local.tzname() or zone.key)


@lru_cache(maxsize=64)
def zone_rules(key: str, reference_year: int) -> ZoneRules:
    """The rules in force for `key` in `reference_year`, or the first later year with clear ones."""
    zone = ZoneInfo(key)
    for year in range(reference_year, reference_year + 3):
        changes = transitions_in_year(zone, year)
        if not changes:
            return _fixed(zone, datetime(year, 7, 1, tzinfo=UTC))
        if len(changes) != 2:
            continue  # the zone changed its rules this year; look at the next
        later = [
            c for y in range(year + 1, year + 1 + CHECK_YEARS) for c in transitions_in_year(zone, y)
        ]
        # The period with the larger offset is "daylight", as Outlook models it.
        into_daylight = max(changes, key=lambda c: c.offset_to)
        into_standard = min(changes, key=lambda c: c.offset_to)
        if into_daylight.offset_to == into_standard.offset_to:
            continue

        def rule_for(change: Transition, later_changes: list[Transition]) -> YearlyRule:
            same_kind = [c for c in later_changes if c.offset_to == change.offset_to]
            candidates = _candidate_rules(change)
            for rule in candidates:
                if _fits(rule, [change, *same_kind]):
                    return rule
            # No yearly rule predicts the later years (lunar calendars): the reference year wins.
            return candidates[0]

        return ZoneRules(
            key=key,
            standard_offset=into_standard.offset_to,
            standard_name=into_standard.name,
            daylight_offset=into_daylight.offset_to,
            daylight_name=into_daylight.name,
            to_daylight=rule_for(into_daylight, later),
            to_standard=rule_for(into_standard, later),
        )
    return _fixed(zone, datetime(reference_year, 7, 1, tzinfo=UTC))


def _first_start(rule: YearlyRule) -> datetime:
    return datetime.combine(rule.day_in(RULE_START_YEAR), rule.at)


def build_vtimezone(key: str, reference_year: int) -> Timezone:
    """One VTIMEZONE: a single STANDARD for zones without DST, else STANDARD + DAYLIGHT."""
    rules = zone_rules(key, reference_year)
    component = Timezone()
    component.add("tzid", key)
    if not rules.has_daylight:
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(RULE_START_YEAR, 1, 1))
        standard.add("tzoffsetfrom", rules.standard_offset)
        standard.add("tzoffsetto", rules.standard_offset)
        standard.add("tzname", rules.standard_name)
        component.add_component(standard)
        return component
    assert rules.to_daylight and rules.to_standard and rules.daylight_offset is not None
    standard = TimezoneStandard()
    standard.add("dtstart", _first_start(rules.to_standard))
    standard.add("rrule", rules.to_standard.rrule())
    standard.add("tzoffsetfrom", rules.daylight_offset)
    standard.add("tzoffsetto", rules.standard_offset)
    standard.add("tzname", rules.standard_name)
    daylight = TimezoneDaylight()
    daylight.add("dtstart", _first_start(rules.to_daylight))
    daylight.add("rrule", rules.to_daylight.rrule())
    daylight.add("tzoffsetfrom", rules.standard_offset)
    daylight.add("tzoffsetto", rules.daylight_offset)
    daylight.add("tzname", rules.daylight_name)
    component.add_component(standard)
    component.add_component(daylight)
    return component
