"""What a bulk accreditation action did to each person, for the organizer's results page.

``statuses.change_statuses`` decides and returns only counts. To tell the organizer who
was approved, who went to the waiting list and why, and who was already in that status, the
view takes a snapshot before and after the change; ``build_report`` (pure) then replays the
selection in the same arrival order against the places before the change, which names the
limit that was reached (the event's capacity or a category's quota) for each waitlisted person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.people.models import Person, StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration.models import Registration
from eventapp.registration.places import PlacesSummary
from eventapp.registration.quotas import places_text


@dataclass(frozen=True)
class Snapshot:
    """One selected registration as it stood before the action (the category's name in the
    language of the page)."""

    registration_id: int
    name: str
    category_id: int
    category_name: str
    status: str
    is_invited_speaker: bool
    created_at: datetime


@dataclass(frozen=True)
class Outcome:
    registration_id: int
    name: str
    before: str
    after: str
    reason: str = ""


@dataclass
class BulkReport:
    action: str
    changed: list[Outcome] = field(default_factory=list)
    waitlisted_full: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    other: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.changed) + len(self.waitlisted_full) + len(self.unchanged) + len(self.other)

    @property
    def done(self) -> str:
        """What the action did, as a past participle."""
        return _DONE[self.action]

    def sentence(self) -> str:
        parts = [_changed_part(self.action, len(self.changed))]
        if self.action == "approved":
            parts.append(ngettext("%(num)d waitlisted because full",
                                  "%(num)d waitlisted because full", len(self.waitlisted_full)))
        parts.append(_unchanged_part(self.action, len(self.unchanged)))
        if self.other:
            parts.append(ngettext("%(num)d other", "%(num)d other", len(self.other)))
        return ngettext("%(num)d registration handled: %(parts)s.",
                        "%(num)d registrations handled: %(parts)s.", self.total,
                        parts=", ".join(parts))


# Whole phrases per status, not a number glued to a word: the participle agrees in number
# (and, in French and Spanish, in gender with "registration").
_DONE = {"approved": _l("approved"), "declined": _l("declined"),
         "waitlisted": _l("put on the waiting list"), "pending": _l("set back to pending"),
         "cancelled": _l("cancelled")}


def _changed_part(action: str, n: int) -> str:
    if action == "approved":
        return ngettext("%(num)d approved", "%(num)d approved", n)
    if action == "declined":
        return ngettext("%(num)d declined", "%(num)d declined", n)
    if action == "waitlisted":
        return ngettext("%(num)d put on the waiting list", "%(num)d put on the waiting list", n)
    if action == "pending":
        return ngettext("%(num)d set back to pending", "%(num)d set back to pending", n)
    return ngettext("%(num)d cancelled", "%(num)d cancelled", n)


def _unchanged_part(action: str, n: int) -> str:
    if action == "approved":
        return ngettext("%(num)d unchanged (already approved)",
                        "%(num)d unchanged (already approved)", n)
    if action == "declined":
        return ngettext("%(num)d unchanged (already declined)",
                        "%(num)d unchanged (already declined)", n)
    if action == "waitlisted":
        return ngettext("%(num)d unchanged (already waitlisted)",
                        "%(num)d unchanged (already waitlisted)", n)
    if action == "pending":
        return ngettext("%(num)d unchanged (already pending)",
                        "%(num)d unchanged (already pending)", n)
    return ngettext("%(num)d unchanged (already cancelled)",
                    "%(num)d unchanged (already cancelled)", n)


def snapshot(event: Event, registration_ids: list[int]) -> list[Snapshot]:
    """The selected registrations of this event (others ignored), in arrival order; one query."""
    if not registration_ids:
        return []
    rows = db.session.execute(
        select(
            Registration.id, Person.first_name, Person.last_name, Registration.category_id,
            StakeholderCategory, Registration.status, Registration.is_invited_speaker,
            Registration.created_at,
        )
        .join(Registration.person)
        .join(Registration.category)
        .where(Registration.event_id == event.id, Registration.id.in_(set(registration_ids)))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    return [
        Snapshot(rid, " ".join(part for part in (first, last) if part), category_id,
                 localized(category, "name"), status, invited, created)
        for rid, first, last, category_id, category, status, invited, created in rows
    ]


def statuses(registration_ids: list[int]) -> dict[int, str]:
    if not registration_ids:
        return {}
    return dict(db.session.execute(
        select(Registration.id, Registration.status)
        .where(Registration.id.in_(set(registration_ids)))
    ).all())


def build_report(
    action: str, before: list[Snapshot], after: dict[int, str], places: PlacesSummary
) -> BulkReport:
    """Sort each person into changed, waitlisted-because-full, unchanged or other.

    ``before`` must be in arrival order and ``places`` the places before the action: the
    replay mirrors accreditation (a place freed by someone leaving counts for the next).
    """
    capacity = places.capacity
    approved = places.approved
    used = {c.category_id: c.used for c in places.categories}
    limits = {c.category_id: c.limit for c in places.categories}
    report = BulkReport(action)
    for person in before:
        result = after.get(person.registration_id, person.status)
        outcome = Outcome(person.registration_id, person.name, person.status, result)
        takes_place = not person.is_invited_speaker
        if takes_place and person.status == "approved" and result != "approved":
            approved -= 1
            used[person.category_id] = used.get(person.category_id, 0) - 1
        if takes_place and result == "approved" and person.status != "approved":
            approved += 1
            used[person.category_id] = used.get(person.category_id, 0) + 1
        if person.status == action:
            report.unchanged.append(outcome)
        elif result == action:
            report.changed.append(outcome)
        elif action == "approved" and result == "waitlisted":
            limit = limits.get(person.category_id)
            if capacity is not None and approved >= capacity:
                reason = _("the event is full")
            elif limit is None:
                reason = _("the %(name)s quota is full", name=person.category_name)
            else:
                reason = _("the %(name)s quota is full (%(places)s)",
                           name=person.category_name, places=places_text(limit))
            report.waitlisted_full.append(
                Outcome(person.registration_id, person.name, person.status, result, reason))
        else:
            report.other.append(outcome)
    return report
