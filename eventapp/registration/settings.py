"""An event's registration settings: window, capacity, automatic approval, category quotas.

Lowering the capacity below the places already given never removes anyone: approved people
keep their place, and new arrivals wait until enough places free. Raising it (or a quota)
promotes the waiting list at once, in arrival order.

A quota is stored as exactly one of ``max_places`` / ``max_percent``, as the organizer gave
it, and is refused when it would mean 0 places or more places than the capacity
(quotas.problem).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event
from eventapp.programme.rules import date_window_problem
from eventapp.registration import quotas as quota_rules
from eventapp.registration import unverified
from eventapp.registration.models import CategoryQuota
from eventapp.registration.places import places_summary
from eventapp.registration.quotas import UNIT_PERCENT, QuotaSetting
from eventapp.registration.statuses import promote_waitlisted


class SettingsError(ValueError):
    """Settings that contradict each other; the message is for the organizer."""


@dataclass
class RegistrationSettings:
    opens_at: datetime | None
    closes_at: datetime | None
    capacity: int | None
    auto_approve: bool
    # category id -> its quota; a category absent here has no quota. A bare int is a
    # percentage (the form before quotas could be given in places).
    quotas: dict[int, QuotaSetting | int] = field(default_factory=dict)
    # None keeps the event's setting.
    require_verified_email: bool | None = None

    def quota_settings(self) -> dict[int, QuotaSetting]:
        return {category_id: q if isinstance(q, QuotaSetting) else QuotaSetting(q, UNIT_PERCENT)
                for category_id, q in self.quotas.items()}


@dataclass
class SettingsOutcome:
    promoted: int
    over_capacity_by: int


def current_quotas(event: Event) -> dict[int, QuotaSetting]:
    return {
        category_id: (QuotaSetting(max_places) if max_places is not None
                      else QuotaSetting(max_percent, UNIT_PERCENT))
        for category_id, max_percent, max_places in db.session.execute(
            select(CategoryQuota.category_id, CategoryQuota.max_percent, CategoryQuota.max_places)
            .where(CategoryQuota.event_id == event.id))
    }


def quota_problems(settings: RegistrationSettings,
                   names: dict[int, str] | None = None) -> dict[int, str]:
    """category id -> why its quota cannot be stored with these settings."""
    names = names or {}
    problems = {}
    for category_id, setting in settings.quota_settings().items():
        problem = quota_rules.problem(names.get(category_id) or _("Quota"), setting,
                                      settings.capacity)
        if problem is not None:
            problems[category_id] = problem
    return problems


def check(settings: RegistrationSettings, names: dict[int, str] | None = None) -> list[str]:
    problems = []
    for moment, what in ((settings.opens_at, _("The opening date")),
                         (settings.closes_at, _("The closing date"))):
        problem = date_window_problem(moment.date(), what) if moment is not None else None
        if problem:
            problems.append(problem)
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        problems.append(_("Registration must close after it opens."))
    if settings.capacity is not None and settings.capacity < 0:
        problems.append(_("The capacity cannot be negative."))
    problems.extend(quota_problems(settings, names).values())
    return problems


def category_names(category_ids: list[int]) -> dict[int, str]:
    return dict(db.session.execute(
        select(StakeholderCategory.id, StakeholderCategory.name)
        .where(StakeholderCategory.id.in_(category_ids))).all())


def save_settings(event: Event, settings: RegistrationSettings) -> SettingsOutcome:
    """Store the settings (commits), then give newly free places to the waiting list."""
    problems = check(settings, category_names(list(settings.quotas)))
    if problems:
        raise SettingsError(" ".join(problems))
    event.registration_opens_at = settings.opens_at
    event.registration_closes_at = settings.closes_at
    event.capacity = settings.capacity
    event.auto_approve = settings.auto_approve
    stops_requiring = event.require_verified_email and settings.require_verified_email is False
    if settings.require_verified_email is not None:
        event.require_verified_email = settings.require_verified_email
    existing = {q.category_id: q for q in db.session.scalars(
        select(CategoryQuota).where(CategoryQuota.event_id == event.id))}
    for category_id, quota in existing.items():
        if category_id not in settings.quotas:
            db.session.delete(quota)
    for category_id, setting in settings.quota_settings().items():
        quota = existing.get(category_id)
        if quota is None:
            quota = CategoryQuota(event_id=event.id, category_id=category_id)
            db.session.add(quota)
        # Both columns in one UPDATE, so the "exactly one is set" check holds throughout.
        quota.max_percent = setting.max_percent
        quota.max_places = setting.max_places
    db.session.commit()
    if stops_requiring:
        # Those who waited for their confirmation are decided now, as if they came now.
        unverified.admit(event.id)
    promoted = promote_waitlisted(event)
    summary = places_summary(event)
    over = 0 if summary.capacity is None else max(summary.approved - summary.capacity, 0)
    return SettingsOutcome(promoted=len(promoted), over_capacity_by=over)

