"""The desk dashboard's figures for one day: who is present per category, arrivals per hour.

Three queries at any size: the categories, the approved registrations per category, and
the day's check-ins (instant and category), bucketed by the event's local hour here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration.models import Registration
from eventapp.timeutil import to_local


@dataclass(frozen=True)
class CategoryRow:
    category_id: int
    label: str
    approved: int
    present: int


@dataclass(frozen=True)
class HourRow:
    hour: int
    counts: tuple[int, ...]  # per category, in the order of the dashboard's categories

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Dashboard:
    day: date
    categories: tuple[CategoryRow, ...]
    hours: tuple[HourRow, ...]

    @property
    def present(self) -> int:
        return sum(row.present for row in self.categories)

    @property
    def approved(self) -> int:
        return sum(row.approved for row in self.categories)

    @property
    def busiest_hour(self) -> int:
        return max((row.total for row in self.hours), default=0)


def dashboard_for(event: Event, day: date) -> Dashboard:
    approved = dict(db.session.execute(
        select(Registration.category_id, func.count(Registration.id))
        .where(Registration.event_id == event.id, Registration.status == "approved")
        .group_by(Registration.category_id)).all())
    arrivals = db.session.execute(
        select(CheckIn.checked_in_at, Registration.category_id)
        .join(Registration, CheckIn.registration_id == Registration.id)
        .where(CheckIn.event_id == event.id, CheckIn.day == day, CheckIn.undone_at.is_(None))
    ).all()
    present: dict[int, int] = {}
    for _, category_id in arrivals:
        present[category_id] = present.get(category_id, 0) + 1
    wanted = set(approved) | set(present)
    categories = db.session.scalars(
        select(StakeholderCategory).where(StakeholderCategory.id.in_(wanted))
        .order_by(StakeholderCategory.sort_order, StakeholderCategory.key)).all() \
        if wanted else []
    rows = tuple(CategoryRow(c.id, localized(c, "name"), approved.get(c.id, 0),
                             present.get(c.id, 0)) for c in categories)
    return Dashboard(day, rows, _hours(event, arrivals, [row.category_id for row in rows]))


def _hours(event: Event, arrivals: list, order: list[int]) -> tuple[HourRow, ...]:
    """Arrivals per local hour, from the first hour with one to the last."""
    if not arrivals:
        return ()
    position = {category_id: index for index, category_id in enumerate(order)}
    buckets: dict[int, list[int]] = {}
    zone = event.zone
    for moment, category_id in arrivals:
        hour = to_local(moment, zone).hour
        counts = buckets.setdefault(hour, [0] * len(order))
        counts[position[category_id]] += 1
    first, last = min(buckets), max(buckets)
    return tuple(HourRow(hour, tuple(buckets.get(hour, [0] * len(order))))
                 for hour in range(first, last + 1))
