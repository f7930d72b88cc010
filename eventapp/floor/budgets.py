"""Speaking-time budgets: each stakeholder category's total time on one list of speakers.

A budget is set in seconds, or as a percent of the session's scheduled duration (read when
the figures are made, so a rescheduled session carries its budgets along). Time used is the
recorded seconds of the category's finished interventions on the list plus the clock of its
speaker holding (or interrupted while holding) the floor; points of order and rights of reply
are procedural and count against no budget. The figures are plain arithmetic on those
numbers and an instant, like floor.clock, so every rule is exact to test.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from eventapp.extensions import db
from eventapp.floor import clock
from eventapp.floor.locking import locked_list
from eventapp.floor.models import FloorBudget

UNITS = ("seconds", "percent")


@dataclass(frozen=True)
class BudgetLeft:
    """What the ordering needs: the budget and the seconds left of it (negative once over)."""

    budget_seconds: int
    left_seconds: int


@dataclass(frozen=True)
class BudgetLine:
    """One category's budget on a list, with the stored figures its time is counted from."""

    category_id: int
    category_key: str
    category_name: str
    unit: str
    amount: int
    budget_seconds: int
    done_seconds: int
    # The clock of the category's speaker holding the floor (or interrupted), if any.
    speaker_clock: clock.Clock | None = None

    def used(self, now: datetime) -> int:
        running = clock.elapsed(self.speaker_clock, now) if self.speaker_clock else 0
        return self.done_seconds + running

    def left(self, now: datetime) -> int:
        return self.budget_seconds - self.used(now)

    @property
    def running(self) -> bool:
        return self.speaker_clock is not None and self.speaker_clock.running

    def public(self, now: datetime) -> dict:
        used = self.used(now)
        return {"category": self.category_name, "budget_seconds": self.budget_seconds,
                "used_seconds": used, "left_seconds": self.budget_seconds - used,
                "running": self.running}


def budget_seconds(unit: str, amount: int, session_seconds: int) -> int:
    """Seconds of a budget: as set, or that percent of the session (rounded down)."""
    if unit == "percent":
        return session_seconds * amount // 100
    return amount


def lines(rows: Sequence[tuple[FloorBudget, str, str]], *, session_seconds: int,
          done_seconds: Mapping[int | None, int],
          speaker: tuple[int | None, clock.Clock] | None) -> list[BudgetLine]:
    """The list's budgets (budget row, category key, category name), with their time used."""
    result = []
    for budget, key, name in rows:
        speaker_clock = speaker[1] if speaker is not None and speaker[0] == budget.category_id \
            else None
        result.append(BudgetLine(
            category_id=budget.category_id, category_key=key, category_name=name,
            unit=budget.unit, amount=budget.amount,
            budget_seconds=budget_seconds(budget.unit, budget.amount, session_seconds),
            done_seconds=done_seconds.get(budget.category_id, 0), speaker_clock=speaker_clock,
        ))
    return result


def left_by_category(budget_lines: Sequence[BudgetLine], now: datetime) -> dict[str, BudgetLeft]:
    """The ordering's input, keyed like ordering.Entry.category_key (the category id)."""
    return {str(line.category_id): BudgetLeft(line.budget_seconds, line.left(now))
            for line in budget_lines}


def duration_text(seconds: int) -> str:
    """'2 min 10 s', '6 min', '45 s' (of a magnitude: the caller says 'over' or 'left')."""
    minutes, rest = divmod(abs(seconds), 60)
    if minutes and rest:
        return _("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=rest)
    if minutes:
        return _("%(minutes)s min", minutes=minutes)
    return _("%(seconds)s s", seconds=rest)


def left_text(line: BudgetLine, now: datetime) -> str:
    """'2 min 10 s of 6 min left', or 'over by 0 min 20 s of 6 min'."""
    left = line.left(now)
    if left < 0:
        return _("over by %(over)s of %(budget)s", over=duration_text(left),
                 budget=duration_text(line.budget_seconds))
    return _("%(left)s of %(budget)s left", left=duration_text(left),
             budget=duration_text(line.budget_seconds))


# --- the chair's settings ----------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """Budgets per category id as (unit, amount), or the errors per category id."""

    values: dict[int, tuple[str, int]]
    errors: dict[int, str]


def parse(mode: str, typed: Mapping[int, str]) -> Parsed:
    """Read what the chair typed per category: minutes (decimals allowed, kept as whole
    seconds) or whole percents of the session; empty means no budget for the category."""
    values: dict[int, tuple[str, int]] = {}
    errors: dict[int, str] = {}
    for category_id, raw in typed.items():
        text = (raw or "").strip().replace(",", ".")
        if not text:
            continue
        try:
            number = float(text)
            if not math.isfinite(number):
                raise ValueError(text)
        except ValueError:
            errors[category_id] = _("Type a number, or leave it empty for no budget.")
            continue
        if mode == "percent":
            if not number.is_integer() or not 1 <= number <= 100:
                errors[category_id] = _("Type a whole percent from 1 to 100.")
                continue
            values[category_id] = ("percent", int(number))
        else:
            seconds = round(number * 60)
            if not 1 <= seconds <= 24 * 3600:
                errors[category_id] = _("Type a number of minutes above 0 and at most 1440.")
                continue
            values[category_id] = ("seconds", seconds)
    if mode == "percent" and not errors:
        total = sum(amount for _unit, amount in values.values())
        if total > 100:
            errors[0] = _("The budgets add up to %(total)s%% of the session: at most 100%%.",
                          total=total)
    return Parsed(values, errors)


def save(list_id: int, values: Mapping[int, tuple[str, int]]) -> None:
    """Replace the list's budgets. Setting budgets names its own intent (these budgets for
    this list), so it checks no version: sending the same form twice changes nothing."""
    with locked_list(list_id) as speakers_list:
        existing = {b.category_id: b for b in db.session.scalars(
            db.select(FloorBudget).where(FloorBudget.list_id == speakers_list.id))}
        for category_id, budget in existing.items():
            if category_id not in values:
                db.session.delete(budget)
        for category_id, (unit, amount) in values.items():
            budget = existing.get(category_id)
            if budget is None:
                db.session.add(FloorBudget(list_id=speakers_list.id, category_id=category_id,
                                           unit=unit, amount=amount))
            else:
                budget.unit, budget.amount = unit, amount
