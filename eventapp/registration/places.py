"""Places of an event: the accreditation lock, and counting who holds a place.

A place is an *approved* registration that is not an invited speaker (the rules are written
in accreditation.py). Counting that decides anything happens inside ``accreditation_lock``,
so two workers can never both see the last free place; the summaries for pages count
without it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Integer, String, cast, func, literal, null, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eventapp.extensions import db
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration.models import CategoryQuota, Registration
from eventapp.registration.quotas import WaitReason, quota_places
from eventapp.row_lock import locked_row
from eventapp.versioning import ContentVersion, raised_in_transaction, registrations_scope


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
    # Approved invited speakers: participants like any other, who take no place.
    invited_approved: int = 0

    @property
    def approved_participants(self) -> int:
        """Everyone approved, as the table per category and the reports count them."""
        return self.approved + self.invited_approved

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.approved, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.approved >= self.capacity


@dataclass
class Places:
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


def takes_place(registration: Registration) -> bool:
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
    with locked_row(Event, event_id, take=lambda: _lock_and_raise_version(event_id)) as event:
        session.info[_LOCK_KEY] = event_id
        try:
            yield event
        finally:
            session.info.pop(_LOCK_KEY, None)


def _lock_and_raise_version(event_id: int) -> Event:
    """Take the event's lock and raise its registrations version with it, then the event.

    Every decision under the lock changes the event's registrations, so its version is
    raised here rather than by the decision's flush: on PostgreSQL one statement (the row
    locked FOR UPDATE in a CTE, the version written from the locked row, so after the lock
    is held), on SQLite two (the version's upsert, the first write of the transaction,
    takes the database's write lock, so no BEGIN IMMEDIATE is needed; then the event).
    The order is the one every transaction that touches both keeps: the event, then the
    version, as a flush that changes the event writes them.
    """
    session = db.session
    scope = registrations_scope(event_id)
    token = uuid.uuid4().hex
    raised_in_transaction(session(), scope)
    events = Event.__table__
    if session.get_bind().dialect.name == "postgresql":
        locked = select(events).where(events.c.id == event_id).with_for_update().cte("locked")
        upsert = pg_insert(ContentVersion).from_select(
            ["scope", "version"], select(literal(scope), literal(token)).select_from(locked))
        raised = upsert.on_conflict_do_update(
            index_elements=[ContentVersion.scope], set_={"version": upsert.excluded.version}
        ).returning(ContentVersion.scope).cte("raised")
        statement = select(Event).from_statement(select(locked).add_cte(raised))
    else:
        upsert = sqlite_insert(ContentVersion).values(scope=scope, version=token)
        session.execute(upsert.on_conflict_do_update(
            index_elements=[ContentVersion.scope], set_={"version": upsert.excluded.version}))
        statement = select(Event).where(Event.id == event_id)
    return session.execute(
        statement.execution_options(populate_existing=True)).scalar_one()


def load_places(event: Event) -> Places:
    """The event's tally of places and quotas, in one statement; hold the lock to decide on it.

    The approved places per category and the event's quotas come as two kinds of rows of one
    UNION ALL: one round trip inside the lock instead of two.
    """
    none_int, none_text = cast(null(), Integer), cast(null(), String)
    used_rows = (
        select(literal(0).label("quota"), Registration.category_id,
               func.count(Registration.id).label("n"), none_int, none_int, none_text,
               none_text, none_text)
        .where(
            Registration.event_id == event.id,
            Registration.status == "approved",
            Registration.is_invited_speaker.is_(False),
        )
        .group_by(Registration.category_id)
    )
    quota_rows = (
        select(literal(1), CategoryQuota.category_id, none_int, CategoryQuota.max_percent,
               CategoryQuota.max_places, StakeholderCategory.name, StakeholderCategory.name_fr,
               StakeholderCategory.name_es)
        .join(StakeholderCategory, StakeholderCategory.id == CategoryQuota.category_id)
        .where(CategoryQuota.event_id == event.id)
    )
    used: dict[int, int] = {}
    quotas = {}
    for is_quota, category_id, n, percent, max_places, name, name_fr, name_es in (
            db.session.execute(union_all(used_rows, quota_rows))):
        if is_quota:
            quotas[category_id] = (percent, max_places, name,
                                   (("fr", name_fr), ("es", name_es)))
        else:
            used[category_id] = n
    return Places(event.capacity, sum(used.values()), used, quotas)


# --- summaries for pages --------------------------------------------------------------


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
        places = load_places(db.session.get(Event, event_id))
        for registration in waiting:
            reason = places.wait_reason(registration.category_id)
            if reason is not None:
                reasons[registration.id] = reason
    return reasons


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
    invited_approved = 0
    for status, category_id, invited, n in status_rows:
        if status == "approved" and not invited:
            used[category_id] = used.get(category_id, 0) + n
        if status == "approved" and invited:
            invited_approved += n
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
        invited_approved=invited_approved,
    )
