"""The funnel: from registered to approved, present, asking for the floor and heard. Pure.

Each figure counts participants (registrations), each once per stage, in the groups they
registered as: their registration's category and their organization's governance level and
region. The stages are counted on their own, not as subsets of the one before: someone can
ask for the floor on a day the desk did not check them in, so a stage can exceed the one
before it, and the page says so.

- *Registered*: every registration whose e-mail address is confirmed, whatever its status.
- *Approved*: registrations approved now.
- *Present*: checked in at a desk on at least one day (on the scope's day when it has one);
  a check-in undone does not count.
- *Asked for the floor*: at least one request on a list of speakers of a session in scope,
  made by the person or a walk-in the chair gave the floor (points of order and replies are
  no requests; planned speakers put on the list from the programme did not ask).
- *Heard*: at least one speaking slot in a session in scope that a clock timed or the chair
  marked heard (see floor/heard.py); planned time never counts here, and points of order and
  replies are not counted.
- *Minutes*: their heard time: recorded time, or the planned minutes of a slot marked heard
  without timing.

Invited speakers are left out, as in the report's baseline (they speak because the programme
invited them), and counted apart.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from flask_babel import lazy_gettext as _l

from eventapp.balance.facts import (
    NOT_STATED,
    NOT_STATED_LABEL,
    Category,
    Funnel,
    FunnelFact,
    FunnelRow,
    PresenceFact,
)
from eventapp.balance.measures import REGION_LABELS, REGIONS
from eventapp.balance.metrics import BalanceReport
from eventapp.people.models import GOVERNANCE_LABELS, GOVERNANCE_LEVELS

# The stages counted in people, in their order; minutes come after them.
STAGES = ("registered", "approved", "present", "asked_for_the_floor", "heard")
FUNNEL_RULE = _l(
    "The funnel counts participants, each once per stage, by the category they registered as "
    "and their organization's governance level and region; invited speakers are left out, as "
    "in the baseline. Registered: every registration with a confirmed e-mail address, whatever "
    "its status. Approved: approved now. Present: checked in at a desk on at least one day (on "
    "the chosen day, when the scope has one); an undone check-in does not count. Asked for the "
    "floor: at least one request on a list of speakers in scope (points of order and replies "
    "are not requests). Spoke (heard): at least one slot in scope timed by a clock or marked "
    "heard by the chair; planned time never counts. Minutes: that heard time. Each stage is "
    "counted on its own, so one can exceed the stage before it (someone can ask for the floor "
    "on a day the desk did not check them in)."
)

_FIELDS = (*STAGES, "heard_minutes")


def _add(into: dict[str, float], fact: FunnelFact) -> None:
    for name in _FIELDS:
        into[name] += getattr(fact, name)


def _rows(universe: Sequence[tuple[str, str]], facts: Iterable[FunnelFact],
          presence: Iterable[PresenceFact], key: Callable[[FunnelFact | PresenceFact], str],
          days: Sequence[date]) -> list[FunnelRow]:
    """One row per group of the universe, zeros included; "Not stated" only when it occurs."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(_FIELDS, 0))
    for fact in facts:
        _add(totals[key(fact)], fact)
    per_day: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for fact in presence:
        per_day[key(fact)][fact.day] += fact.present
    keys = [k for k, _label in universe]
    labels = {k: str(label) for k, label in universe}
    for found in sorted(set(totals) | set(per_day)):
        if found not in labels:
            keys.append(found)
            labels[found] = str(NOT_STATED_LABEL) if found == NOT_STATED else found
    rows = []
    for k in keys:
        figures = totals.get(k) or dict.fromkeys(_FIELDS, 0)
        days_of = per_day.get(k, {})
        rows.append(FunnelRow(
            key=k, label=labels[k], **{name: int(figures[name]) for name in STAGES},
            heard_minutes=float(figures["heard_minutes"]),
            present_by_day=tuple(days_of.get(day, 0) for day in days)))
    return rows


def _total(key: str, facts: Sequence[FunnelFact], presence: Sequence[PresenceFact],
           days: Sequence[date]) -> FunnelRow:
    """Every group together, under `key` (its label too: the page words it itself)."""
    return _rows([(key, key)], facts, presence, lambda _fact: key, days)[0]


def build_funnel(facts: Iterable[FunnelFact], presence: Iterable[PresenceFact], *,
                 categories: Sequence[Category], category_labels: Mapping[str, str],
                 event_days: Sequence[date], day: date | None = None) -> Funnel:
    """The funnel per category, level and region, with check-ins per day.

    `categories` are those the report lists; a category found only in the funnel (a retired
    one with registrations) is named from `category_labels`. Days are the event's, and any
    other day with a check-in (badges collected the day before); only `day` when given.
    """
    facts = list(facts)
    presence = list(presence)
    participants = [f for f in facts if not f.invited]
    present = [p for p in presence if not p.invited]
    days = (day,) if day is not None else tuple(
        sorted(set(event_days) | {p.day for p in presence}))
    universe = [(c.key, c.label) for c in categories]
    listed = {c.key for c in categories}
    universe += [(key, category_labels.get(key, key)) for key in sorted(
        {f.category_key for f in facts} | {p.category_key for p in presence})
        if key not in listed and key != NOT_STATED]
    levels = [(level, str(GOVERNANCE_LABELS[level])) for level in GOVERNANCE_LEVELS]
    regions = [(region, str(REGION_LABELS[region])) for region in REGIONS]
    invited_presence = [p for p in presence if p.invited]
    return Funnel(
        days=days, day=day,
        by_category=_rows(universe, participants, present, lambda f: f.category_key, days),
        by_governance_level=_rows(levels, participants, present,
                                  lambda f: f.governance_level, days),
        by_region=_rows(regions, participants, present, lambda f: f.region, days),
        total=_total("all", participants, present, days),
        invited=_total("invited", [f for f in facts if f.invited], invited_presence, days),
    )


def with_funnel(report: BalanceReport, funnel: Funnel) -> BalanceReport:
    """The same report, carrying the funnel for its scope."""
    return dataclasses.replace(report, funnel=funnel)
