"""What a bulk accreditation action did to each person, for the organizer's results page.

``accreditation.change_statuses`` decides and returns only counts. To tell the organizer who
was approved, who went to the waiting list and why, and who was already in that status, the
view takes a snapshot before and after the change; ``build_report`` (pure) then replays the
selection in the same arrival order against the places before the change, which names the
limit that was reached (the event's capacity or a category's quota) for each waitlisted person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.people.models import Person, StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration.accreditation import PlacesSummary
from eventapp.registration.models import Registration


@dataclass(frozen=True)
class Snapshot:
    """One selected registration as it stood before the action."""

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
        parts = [f"{len(self.changed)} {self.done}"]
        if self.action == "approved":
            parts.append(f"{len(self.waitlisted_full)} waitlisted because full")
        parts.append(f"{len(self.unchanged)} unchanged (already {_STATUS_WORD[self.action]})")
        if self.other:
            parts.append(f"{len(self.other)} other")
        plural = "" if self.total == 1 else "s"
        return f"{self.total} registration{plural} handled: {', '.join(parts)}."


_DONE = {"approved": "approved", "declined": "declined", "waitlisted": "put on the waiting list",
         "pending": "set back to pending", "cancelled": "cancelled"}
_STATUS_WORD = {"approved": "approved", "declined": "declined", "waitlisted": "waitlisted",
                "pending": "pending", "cancelled": "cancelled"}


def snapshot(event: Event, registration_ids: list[int]) -> list[Snapshot]:
    """The selected registrations of this event (others ignored), in arrival order; one query."""
    if not registration_ids:
        return []
    rows = db.session.execute(
        select(
            Registration.id, Person.first_name, Person.last_name, Registration.category_id,
            StakeholderCategory.name, Registration.status, Registration.is_invited_speaker,
            Registration.created_at,
        )
        .join(Registration.person)
        .join(Registration.category)
        .where(Registration.event_id == event.id, Registration.id.in_(set(registration_ids)))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    return [
        Snapshot(rid, " ".join(part for part in (first, last) if part), category_id,
                 category_name, status, invited, created)
        for rid, first, last, category_id, category_name, status, invited, created in rows
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
            if capacity is not None and approved >= capacity:
                reason = "the event is full"
            else:
                reason = f"the {person.category_name} quota is full"
                limit = limits.get(person.category_id)
                if limit is not None:
                    reason += f" ({limit} place{'' if limit == 1 else 's'})"
            report.waitlisted_full.append(
                Outcome(person.registration_id, person.name, person.status, result, reason))
        else:
            report.other.append(outcome)
    return report
