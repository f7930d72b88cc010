"""Accreditation: who gets a place, who waits, and who is promoted when a place frees.

Rules (written once, here):

* A place is an *approved* registration that is not an invited speaker. Invited speakers are
  the programme's own guests: they are approved by the organizers and never take a place
  from a participant, so adding a panelist can never push someone onto the waiting list.
* Pending registrations (manual accreditation) take no place until an organizer approves them.
  Nor do "unverified" ones, waiting for their person's e-mail confirmation (unverified.py).
* Approving when the event (or the person's category quota) is full puts the registration on
  the waiting list instead of refusing: the organizer's "yes" is kept, and the person is
  promoted automatically, in arrival order, as soon as a place frees. The caller sees the
  resulting status on the returned registration (and in the counts of a bulk change).
* A category quota is a number of places ("Civil society at most 30 places") or a share of
  the capacity: "Government at most 40%" of 25 places is floor(25 * 40 / 100) = 10 places.
  Without a capacity the event has no limit and a percentage quota none either; a quota in
  places still holds (see quotas.py).
* When an approval ends on the waiting list, the decision says why (``WaitReason``): the
  event is full, or the person's category quota is; messages to the organizer and the
  participant name it.
* Waiting-list order is arrival order on the list: the moment the registration became
  waitlisted (then its id). Promotion takes the first waitlisted registration whose category
  still has room, so a full quota never blocks people of other categories behind it.

Concurrency: every decision that counts places runs inside one database transaction that
first serializes on the event: ``SELECT ... FOR UPDATE`` on the event row on PostgreSQL, and
``BEGIN IMMEDIATE`` (the database write lock) on SQLite. Counting happens after the lock is
held, so two workers can never both see the last free place. No in-process locks: the app
runs in several worker processes.

Each public function except ``ensure_invited_registration`` commits the session (first what
the caller had pending, then its own locked transaction). Notifications are outbox rows
queued inside that same transaction: nobody is told about a change that was rolled back, and
no committed change goes untold. A caller may hold ``accreditation_lock`` itself to make
several changes one transaction (an import): the functions then join it and leave the
commit to the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.mail import Attachment
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration import notifications
from eventapp.registration.models import (
    DELEGATION_ROLES,
    ORGANIZER_STATUSES,
    CategoryQuota,
    Registration,
)
from eventapp.registration.quotas import WaitReason, quota_places
from eventapp.row_lock import locked_row
from eventapp.sql_sets import in_set
from eventapp.versioning import bump, registrations_scope

log = logging.getLogger(__name__)

DELEGATION_ROLE_KEYS = tuple(key for key, _ in DELEGATION_ROLES)
# Statuses an organizer (or the participant, for "cancelled") can move a registration to.
TARGET_STATUSES = ORGANIZER_STATUSES


class RegistrationError(ValueError):
    """A registration request that cannot be carried out; the message is for the user."""


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration: Registration) -> None:
        super().__init__(_("You are already registered for this event."))
        self.registration = registration


# --- pure rules -----------------------------------------------------------------------


def registration_window_state(event: Event, now: datetime) -> str:
    """'open', 'not-yet-open' or 'closed' for this moment."""
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return "not-yet-open"
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return "closed"
    return "open"


@dataclass
class CategoryPlaces:
    category_id: int
    name: str
    used: int
    limit: int | None
    max_percent: int | None
    max_places: int | None = None

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)


@dataclass
class PlacesSummary:
    """Places of one event: capacity None means unlimited (and then ``left`` is None too)."""

    capacity: int | None
    approved: int
    waitlisted: int
    pending: int
    categories: list[CategoryPlaces] = field(default_factory=list)
    unverified: int = 0

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.approved, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.approved >= self.capacity


@dataclass
class _Places:
    """Mutable tally used while deciding inside the locked transaction."""

    capacity: int | None
    approved: int
    used: dict[int, int]
    # category id -> (max_percent, max_places, category name, its names in other languages)
    quotas: dict[int, tuple[int | None, int | None, str, tuple[tuple[str, str], ...]]] = field(
        default_factory=dict)

    def limit(self, category_id: int) -> int | None:
        percent, max_places, *_names = self.quotas.get(category_id, (None, None, "", ()))
        return quota_places(self.capacity, percent, max_places)

    def wait_reason(self, category_id: int) -> WaitReason | None:
        """What is full for a person of this category; None when they would get a place."""
        if self.capacity is not None and self.approved >= self.capacity:
            return WaitReason(self.capacity)
        limit = self.limit(category_id)
        if limit is not None and self.used.get(category_id, 0) >= limit:
            _percent, _places, name, names = self.quotas[category_id]
            return WaitReason(limit, name, names)
        return None

    def has_place(self, category_id: int) -> bool:
        return self.wait_reason(category_id) is None

    def take(self, category_id: int) -> None:
        self.approved += 1
        self.used[category_id] = self.used.get(category_id, 0) + 1

    def free(self, category_id: int) -> None:
        self.approved -= 1
        self.used[category_id] = self.used.get(category_id, 0) - 1


def fresh_status(event: Event, places: _Places, category_id: int
                 ) -> tuple[str, WaitReason | None]:
    """What a participant's own registration gets now: pending for review, approved while a
    place is free, else waitlisted (with what is full). Takes the place in ``places``."""
    if not event.auto_approve:
        return "pending", None
    reason = places.wait_reason(category_id)
    if reason is None:
        places.take(category_id)
        return "approved", None
    return "waitlisted", reason


def _takes_place(registration: Registration) -> bool:
    return registration.status == "approved" and not registration.is_invited_speaker


# --- locking --------------------------------------------------------------------------


_LOCK_KEY = "eventapp_accreditation_lock"


@contextmanager
def accreditation_lock(event_id: int) -> Iterator[Event]:
    """One transaction holding the event's accreditation lock; commits on success.

    Nested use for the same event joins the outer transaction (no commit of its own), so an
    import can make its status changes in the transaction that writes its rows.
    """
    session = db.session
    if session.info.get(_LOCK_KEY) == event_id:
        yield session.get(Event, event_id)
        return
    with locked_row(Event, event_id) as event:
        session.info[_LOCK_KEY] = event_id
        try:
            yield event
        finally:
            session.info.pop(_LOCK_KEY, None)


def _load_places(event: Event) -> _Places:
    rows = db.session.execute(
        select(Registration.category_id, func.count(Registration.id))
        .where(
            Registration.event_id == event.id,
            Registration.status == "approved",
            Registration.is_invited_speaker.is_(False),
        )
        .group_by(Registration.category_id)
    ).all()
    used = {category_id: n for category_id, n in rows}
    quotas = {
        category_id: (percent, max_places, name, (("fr", name_fr), ("es", name_es)))
        for category_id, percent, max_places, name, name_fr, name_es in db.session.execute(
            select(CategoryQuota.category_id, CategoryQuota.max_percent,
                   CategoryQuota.max_places, StakeholderCategory.name,
                   StakeholderCategory.name_fr, StakeholderCategory.name_es)
            .join(StakeholderCategory, StakeholderCategory.id == CategoryQuota.category_id)
            .where(CategoryQuota.event_id == event.id)
        )
    }
    return _Places(event.capacity, sum(used.values()), used, quotas)


def _set_status(registration: Registration, status: str, now: datetime) -> None:
    registration.status = status
    registration.status_changed_at = now


def _write_statuses(event_id: int, targets: dict[int, str], now: datetime,
                    message: str) -> None:
    """Set-based: one UPDATE per resulting status (per 5,000 ids), whatever the count.

    Decisions are made on plain rows and written here, so a bulk change of thousands of
    registrations is a handful of statements rather than one per registration.
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
                .values(status=status, status_changed_at=now, organizer_message=message,
                        updated_at=now)
            )
    if targets:
        # Statements bypass the flush hooks that tell caches registrations changed, and
        # registrations already loaded in this session must not show the old status.
        bump(db.session, {registrations_scope(event_id)})
        for obj in list(db.session.identity_map.values()):
            if isinstance(obj, Registration) and obj.id in targets:
                db.session.expire(obj)


def _promote(
    event: Event, places: _Places, now: datetime, *, exclude: frozenset[int] = frozenset()
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
    _write_statuses(event.id, dict.fromkeys(promoted, "approved"), now, "")
    return promoted


def _notify(kind: str, registration_ids: list[int],
            attachments: tuple[Attachment, ...] | None = None,
            reasons: dict[int, WaitReason] | None = None) -> None:
    """Queue the messages inside the locked transaction: they commit with the change.

    ``reasons`` names what is full for those put on the waiting list.
    """
    reasons = reasons or {}
    if kind == "confirmation":
        for registration in _load_for_mail(registration_ids):
            notifications.queue_confirmation(registration, attachments=attachments,
                                             reason=reasons.get(registration.id))
    else:
        notifications.queue_status_changes_of(registration_ids, reasons)


# --- public API -----------------------------------------------------------------------


def register(
    event: Event,
    person: Person,
    category: StakeholderCategory,
    *,
    organization: Organization | None = None,
    delegation_role: str = "delegate",
    proposed_delegation_role: str | None = None,
    wishes_to_speak: bool = False,
    speaking_topic: str = "",
    accessibility_needs: str = "",
    consent_public_list: bool = False,
    public_list_asked: bool = False,
    awaiting_email: bool = False,
) -> Registration:
    """Register a person and decide at once: approved, waitlisted or pending.

    ``awaiting_email``: the person's address is not confirmed yet; if the event requires it,
    the registration waits as "unverified" and takes no place.

    A cancelled registration is reopened (the person arrives anew, at the end of any
    waiting list); any other existing registration raises AlreadyRegistered.
    """
    if {delegation_role, proposed_delegation_role or "delegate"} - set(DELEGATION_ROLE_KEYS):
        raise RegistrationError(_("Choose a delegation role from the list."))
    event_id, person_id, category_id = event.id, person.id, category.id
    organization_id = organization.id if organization is not None else None
    # The event's calendar for the confirmation, built before the lock is taken: it does not
    # depend on this registration, and the lock serializes every registration of the event.
    attachments = notifications.confirmation_attachments(event)
    try:
        with accreditation_lock(event_id) as locked:
            now = utcnow()
            state = registration_window_state(locked, now)
            if not locked.is_published or state != "open":
                raise RegistrationClosed(
                    _("Registration for this event has not opened yet.")
                    if state == "not-yet-open"
                    else _("Registration for this event is closed.")
                )
            registration = db.session.scalar(
                select(Registration).where(
                    Registration.event_id == event_id, Registration.person_id == person_id
                )
            )
            if registration is not None and registration.status != "cancelled":
                raise AlreadyRegistered(registration)
            if awaiting_email and locked.require_verified_email:
                status, reason = "unverified", None  # takes no place: see unverified.py
            else:
                status, reason = fresh_status(locked, _load_places(locked), category_id)
            if registration is None:
                registration = Registration(event_id=event_id, person_id=person_id,
                                            created_at=now)
                db.session.add(registration)
            registration.category_id = category_id
            registration.organization_id = organization_id
            registration.delegation_role = delegation_role
            registration.proposed_delegation_role = proposed_delegation_role
            registration.wishes_to_speak = wishes_to_speak
            registration.speaking_topic = speaking_topic if wishes_to_speak else ""
            registration.accessibility_needs = accessibility_needs
            registration.consent_public_list = consent_public_list
            registration.public_list_asked = public_list_asked or consent_public_list
            registration.is_invited_speaker = False
            registration.organizer_message = ""
            _set_status(registration, status, now)
            db.session.flush()
            registration_id = registration.id
            _notify("confirmation", [registration_id], attachments,
                    {registration_id: reason} if reason else None)
    except IntegrityError as exc:
        # Belt and braces: the unique constraint catches what the lock should already have.
        existing = db.session.scalar(
            select(Registration).where(
                Registration.event_id == event_id, Registration.person_id == person_id
            )
        )
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from exc
    return _load_for_mail([registration_id])[0]


def change_status(
    registration: Registration, new_status: str, *, message: str = ""
) -> Registration:
    """Move one registration to a new status; see the module rules for approving when full.

    Setting the status it already has changes nothing and sends nothing, so a repeated
    form submission is harmless.
    """
    change_statuses(registration.event_id, [registration.id], new_status, message=message)
    return _load_for_mail([registration.id])[0]


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
        places = _load_places(locked)
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
            if _takes_place(registration):
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
        _write_statuses(event_id, targets, now, message.strip())
        promoted = _promote(locked, places, now, exclude=frozenset(changed))
        result.promoted = promoted
        changed.extend(i for i in promoted if i not in targets)
        _notify("status", changed, reasons=reasons)
    return result


def waitlist_reasons(registrations: list[Registration]) -> dict[int, WaitReason]:
    """Why each waitlisted registration waits now: the event or its category quota is full.

    A registration an organizer put on the list while places are free gets no reason. Two
    queries per event involved, whatever the number of registrations.
    """
    by_event: dict[int, list[Registration]] = {}
    for registration in registrations:
        if registration.status == "waitlisted" and not registration.is_invited_speaker:
            by_event.setdefault(registration.event_id, []).append(registration)
    reasons: dict[int, WaitReason] = {}
    for event_id, waiting in by_event.items():
        places = _load_places(db.session.get(Event, event_id))
        for registration in waiting:
            reason = places.wait_reason(registration.category_id)
            if reason is not None:
                reasons[registration.id] = reason
    return reasons


def promote_waitlisted(event: Event) -> list[Registration]:
    """Give free places to the waiting list; call after raising capacity or a quota."""
    with accreditation_lock(event.id) as locked:
        promoted_ids = _promote(locked, _load_places(locked), utcnow())
        _notify("status", promoted_ids)
    return _load_for_mail(promoted_ids)


def places_summary(event: Event) -> PlacesSummary:
    """Capacity, places taken and left, per category; two queries whatever the size."""
    status_rows = db.session.execute(
        select(
            Registration.status,
            Registration.category_id,
            Registration.is_invited_speaker,
            func.count(Registration.id),
        )
        .where(Registration.event_id == event.id)
        .group_by(Registration.status, Registration.category_id, Registration.is_invited_speaker)
    ).all()
    quota_rows = db.session.execute(
        select(StakeholderCategory, CategoryQuota.max_percent, CategoryQuota.max_places)
        .outerjoin(
            CategoryQuota,
            (CategoryQuota.category_id == StakeholderCategory.id)
            & (CategoryQuota.event_id == event.id),
        )
        .order_by(StakeholderCategory.sort_order, StakeholderCategory.name)
    ).all()
    used: dict[int, int] = {}
    by_status: dict[str, int] = {}
    for status, category_id, invited, n in status_rows:
        if status == "approved" and not invited:
            used[category_id] = used.get(category_id, 0) + n
        if not invited:
            by_status[status] = by_status.get(status, 0) + n
    categories = [
        CategoryPlaces(
            category_id=category.id,
            name=category.name,
            used=used.get(category.id, 0),
            limit=quota_places(event.capacity, percent, max_places),
            max_percent=percent,
            max_places=max_places,
        )
        for category, percent, max_places in quota_rows
    ]
    return PlacesSummary(
        capacity=event.capacity,
        approved=sum(used.values()),
        waitlisted=by_status.get("waitlisted", 0),
        pending=by_status.get("pending", 0),
        categories=categories,
        unverified=by_status.get("unverified", 0),
    )


def ensure_invited_registration(event: Event, person: Person) -> Registration | None:
    """Make sure a programme speaker is an approved, invited registration of the event.

    Runs inside the caller's transaction (flush, no commit): it is called while editing the
    programme and by dry-run imports that may roll back, and it needs no capacity lock
    because invited speakers take no participant place. If this turns a participant's own
    approved place into an invited one, the place is given to the waiting list at the next
    accreditation change or ``promote_waitlisted`` call.

    Returns None when the person has no category yet (no organization and no category of
    their own): a registration needs one, and guessing would distort the balance figures.
    """
    return ensure_invited_registrations(event, [person]).get(person.id)


def ensure_invited_registrations(
    event: Event, persons: list[Person]
) -> dict[int, Registration]:
    """The bulk form for imports: a fixed number of statements for any number of speakers.

    Persons should come with organization and categories loaded. Flushes, no commit.
    """
    wanted = {p.id: p for p in persons}
    if not wanted:
        return {}
    existing = _registrations_of(event, list(wanted))
    now = utcnow()
    new_rows = []
    for person_id, person in wanted.items():
        registration = existing.get(person_id)
        if registration is None:
            category = person.effective_category
            if category is None:
                continue
            new_rows.append({
                "event_id": event.id, "person_id": person_id, "category_id": category.id,
                "organization_id": person.organization_id, "status": "approved",
                "is_invited_speaker": True, "created_at": now, "updated_at": now,
                "status_changed_at": now,
            })
        else:
            registration.is_invited_speaker = True
            if registration.status != "approved":
                _set_status(registration, "approved", now)
    if new_rows:
        # One executemany: the ORM would insert row by row on SQLite to learn each id.
        db.session.execute(insert(Registration), new_rows)
        # Bulk inserts bypass the flush hooks that tell caches registrations changed.
        bump(db.session, {registrations_scope(event.id)})
        existing.update(_registrations_of(event, [row["person_id"] for row in new_rows]))
    db.session.flush()
    return {pid: existing[pid] for pid in wanted if pid in existing}


def _registrations_of(event: Event, person_ids: list[int]) -> dict[int, Registration]:
    return {
        r.person_id: r
        for r in db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id, Registration.person_id.in_(person_ids)
            )
        )
    }


def _load_for_mail(ids: list[int]) -> list[Registration]:
    """Registrations with everything a message or a page needs, in one round trip."""
    if not ids:
        return []
    found = db.session.scalars(
        select(Registration)
        .where(Registration.id.in_(ids))
        .options(
            selectinload(Registration.event),
            selectinload(Registration.person).selectinload(Person.user),
            selectinload(Registration.category),
            selectinload(Registration.organization),
        )
    ).all()
    by_id = {r.id: r for r in found}
    return [by_id[i] for i in ids if i in by_id]
