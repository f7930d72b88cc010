"""An event's registration settings: window, capacity, automatic approval, category quotas.

Lowering the capacity below the places already given never removes anyone: approved people
keep their place, and new arrivals wait until enough places free. Raising it (or a quota)
promotes the waiting list at once, in arrival order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.registration.accreditation import places_summary, promote_waitlisted
from eventapp.registration.models import CategoryQuota


class SettingsError(ValueError):
    """Settings that contradict each other; the message is for the organizer."""


@dataclass
class RegistrationSettings:
    opens_at: datetime | None
    closes_at: datetime | None
    capacity: int | None
    auto_approve: bool
    # category id -> max percent of places; a category absent here has no quota.
    quotas: dict[int, int] = field(default_factory=dict)


@dataclass
class SettingsOutcome:
    promoted: int
    over_capacity_by: int


def current_quotas(event: Event) -> dict[int, int]:
    return dict(db.session.execute(
        select(CategoryQuota.category_id, CategoryQuota.max_percent)
        .where(CategoryQuota.event_id == event.id)).all())


def check(settings: RegistrationSettings) -> list[str]:
    problems = []
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        problems.append("Registration must close after it opens.")
    if settings.capacity is not None and settings.capacity < 0:
        problems.append("The capacity cannot be negative.")
    for percent in settings.quotas.values():
        if not 1 <= percent <= 100:
            problems.append("A quota is a percentage from 1 to 100.")
            break
    return problems


def save_settings(event: Event, settings: RegistrationSettings) -> SettingsOutcome:
    """Store the settings (commits), then give newly free places to the waiting list."""
    problems = check(settings)
    if problems:
        raise SettingsError(" ".join(problems))
    event.registration_opens_at = settings.opens_at
    event.registration_closes_at = settings.closes_at
    event.capacity = settings.capacity
    event.auto_approve = settings.auto_approve
    existing = {q.category_id: q for q in db.session.scalars(
        select(CategoryQuota).where(CategoryQuota.event_id == event.id))}
    for category_id, quota in existing.items():
        if category_id not in settings.quotas:
            db.session.delete(quota)
    for category_id, percent in settings.quotas.items():
        if category_id in existing:
            existing[category_id].max_percent = percent
        else:
            db.session.add(CategoryQuota(event_id=event.id, category_id=category_id,
                                         max_percent=percent))
    db.session.commit()
    promoted = promote_waitlisted(event)
    summary = places_summary(event)
    over = 0 if summary.capacity is None else max(summary.approved - summary.capacity, 0)
    return SettingsOutcome(promoted=len(promoted), over_capacity_by=over)

