"""Changing registrations' statuses, one or many, and promoting from the waiting list.

Registrations are handled in arrival order, so when only some can be approved the earliest
arrivals get the places; an approval that finds the event or the person's category quota
full ends on the waiting list with the reason (see accreditation.py for the rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.registration.audit_entries import record_decisions
from eventapp.registration.errors import RegistrationError
from eventapp.registration.models import ORGANIZER_STATUSES, Registration
from eventapp.registration.notify import load_for_mail, notify
from eventapp.registration.places import (
    Places,
    accreditation_lock,
    load_places,
    takes_place,
)
from eventapp.registration.quotas import WaitReason
from eventapp.sql_sets import in_set
from eventapp.versioning import bump, registrations_scope

# Statuses an organizer (or the participant, for "cancelled") can move a registration to.
TARGET_STATUSES = ORGANIZER_STATUSES


def set_status(registration: Registration, status: str, now: datetime) -> None:
    """Give a loaded registration its status and the moment it changed (its place in line)."""
    registration.status = status
    registration.status_changed_at = now


def _write_statuses(event_id: int, targets: dict[int, str], now: datetime,
                    message: str, olds: dict[int, str], *,
                    message_status: str | None = None,
                    reasons: dict[int, WaitReason] | None = None,
                    promoted: bool = False) -> None:
    """Set-based: one UPDATE per resulting status (per 5,000 ids), whatever the count.

    Decisions are made on plain rows and written here, so a bulk change of thousands of
    registrations is a handful of statements rather than one per registration. The
    organizer's message goes only with ``message_status``, the status it was written for:
    someone an approval put on the waiting list must not read "Welcome, see you there".
    Each decision goes on the audit trail with the same few statements (audit_entries).
    """
    by_status: dict[str, list[int]] = {}
    for registration_id, status in targets.items():
        by_status.setdefault(status, []).append(registration_id)
    table = Registration.__table__
    for status, ids in sorted(by_status.items()):
        for start in range(0, len(ids), 5000):
            db.session.execute(
                update(table)
                .where(table.c.event_id == event_id, in_set(table.c.id, ids[start:start + 5000]))
                .values(status=status, status_changed_at=now,
                        organizer_message=message if status == message_status else "",
                        updated_at=now)
            )
    record_decisions(event_id, targets, olds, message, reasons or {}, promoted=promoted)
    if targets:
        # Statements bypass the flush hooks that tell caches registrations changed, and
        # registrations already loaded in this session must not show the old status.
        bump(db.session, {registrations_scope(event_id)})
        for obj in list(db.session.identity_map.values()):
            if isinstance(obj, Registration) and obj.id in targets:
                db.session.expire(obj)


def _promote(
    event: Event, places: Places, now: datetime, *, exclude: frozenset[int] = frozenset()
) -> list[int]:
    """Fill free places from the waiting list, in arrival order, respecting quotas; returns
    the ids promoted.

    ``exclude``: registrations an organizer has just put on the list themselves stay there.
    """
    if places.capacity is not None and places.approved >= places.capacity:
        return []
    waiting = db.session.execute(
        select(Registration.id, Registration.category_id, Registration.is_invited_speaker)
        .where(Registration.event_id == event.id, Registration.status == "waitlisted")
        .order_by(Registration.status_changed_at, Registration.id)
        .with_for_update()
    ).all()
    promoted = []
    for registration in waiting:
        if places.capacity is not None and places.approved >= places.capacity:
            break
        if registration.id in exclude:
            continue
        if registration.is_invited_speaker or places.has_place(registration.category_id):
            if not registration.is_invited_speaker:
                places.take(registration.category_id)
            promoted.append(registration.id)
    _write_statuses(event.id, dict.fromkeys(promoted, "approved"), now, "",
                    dict.fromkeys(promoted, "waitlisted"), promoted=True)
    return promoted


def change_status(
    registration: Registration, new_status: str, *, message: str = ""
) -> Registration:
    """Move one registration to a new status; see accreditation.py for approving when full.

    Setting the status it already has changes nothing and sends nothing, so a repeated
    form submission is harmless.
    """
    change_statuses(registration.event_id, [registration.id], new_status, message=message)
    return load_for_mail([registration.id])[0]


@dataclass(frozen=True)
class Outcome:
    """What a status change did to one registration.

    ``reason`` is set when an approval ended on the waiting list because the event or the
    person's category quota is full.
    """

    registration_id: int
    old_status: str
    new_status: str
    reason: WaitReason | None = None

    @property
    def changed(self) -> bool:
        return self.old_status != self.new_status


@dataclass
class StatusChanges:
    """The result of a (bulk) status change: counts per final status, one outcome per person."""

    counts: dict[str, int] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    promoted: list[int] = field(default_factory=list)

    def outcome(self, registration_id: int) -> Outcome | None:
        return next((o for o in self.outcomes if o.registration_id == registration_id), None)


def change_statuses(
    event: Event | int, registration_ids: list[int], new_status: str, *, message: str = ""
) -> dict[str, int]:
    """Bulk change; returns how many of the given registrations ended in each status.

    Ids of other events are ignored. Registrations are handled in arrival order, so when
    only some can be approved, the earliest arrivals get the places.
    """
    return change_statuses_detailed(event, registration_ids, new_status, message=message).counts


def change_statuses_detailed(
    event: Event | int, registration_ids: list[int], new_status: str, *, message: str = ""
) -> StatusChanges:
    """``change_statuses`` that also tells, per registration, what happened and why."""
    if new_status not in TARGET_STATUSES:
        raise RegistrationError(_("Unknown status %(status)s.", status=repr(new_status)))
    event_id = event if isinstance(event, int) else event.id
    ids = sorted(set(registration_ids))
    changed: list[int] = []
    result = StatusChanges()
    counts = result.counts
    reasons: dict[int, WaitReason] = {}
    targets: dict[int, str] = {}
    with accreditation_lock(event_id) as locked:
        now = utcnow()
        places = load_places(locked)
        # Plain rows, not ORM objects: decided here, written set-based below.
        selected = [
            row
            for start in range(0, len(ids), 5000)
            for row in db.session.execute(
                select(Registration.id, Registration.status, Registration.category_id,
                       Registration.is_invited_speaker, Registration.created_at)
                .where(Registration.event_id == event_id,
                       in_set(Registration.id, ids[start:start + 5000]))
            )
        ]
        selected.sort(key=lambda row: (row.created_at, row.id))
        for registration in selected:
            old = registration.status
            target = new_status
            reason = None
            if old == target:
                counts[old] = counts.get(old, 0) + 1
                result.outcomes.append(Outcome(registration.id, old, old))
                continue
            if takes_place(registration):
                places.free(registration.category_id)
            if target == "approved" and not registration.is_invited_speaker:
                reason = places.wait_reason(registration.category_id)
                if reason is None:
                    places.take(registration.category_id)
                else:
                    target = "waitlisted"
                    reasons[registration.id] = reason
            if target != old:
                targets[registration.id] = target
                changed.append(registration.id)
            counts[target] = counts.get(target, 0) + 1
            result.outcomes.append(Outcome(registration.id, old, target, reason))
        _write_statuses(event_id, targets, now, message.strip(),
                        {row.id: row.status for row in selected}, message_status=new_status,
                        reasons=reasons)
        promoted = _promote(locked, places, now, exclude=frozenset(changed))
        result.promoted = promoted
        changed.extend(i for i in promoted if i not in targets)
        notify("status", changed, reasons=reasons)
    return result


def promote_waitlisted(event: Event) -> list[Registration]:
    """Give free places to the waiting list; call after raising capacity or a quota."""
    with accreditation_lock(event.id) as locked:
        promoted_ids = _promote(locked, load_places(locked), utcnow())
        notify("status", promoted_ids)
    return load_for_mail(promoted_ids)
