"""The organizer's view of an event's outbox: counts and one page, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage

PER_PAGE = 50
# What the page lists under each heading; "sending" is still waiting as far as people know.
LISTS = {"queued": ("queued", "sending"), "failed": ("failed",), "sent": ("sent",)}


@dataclass
class OutboxPage:
    status: str
    counts: dict[str, int]
    items: list[OutboxMessage]
    page: int
    pages: int


def status_counts(event_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id))
        .where(OutboxMessage.event_id == event_id)
        .group_by(OutboxMessage.status)
    ).all()
    found = dict(rows)
    return {name: sum(found.get(s, 0) for s in statuses) for name, statuses in LISTS.items()}


def outbox_page(event_id: int, status: str, page: int = 1,
                per_page: int = PER_PAGE) -> OutboxPage:
    """Counts per list and one page of the chosen list, newest first: two queries."""
    status = status if status in LISTS else "queued"
    counts = status_counts(event_id)
    pages = max((counts[status] + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    items = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.event_id == event_id, OutboxMessage.status.in_(LISTS[status]))
        .order_by(OutboxMessage.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return OutboxPage(status, counts, list(items), page, pages)


def retry_failed(event_id: int, message_id: int | None = None) -> int:
    """Queue failed messages of the event again, at once and with a fresh set of attempts.

    Only failed messages move, so a repeated click (or a message a worker has meanwhile
    taken) changes nothing. Returns how many were queued. The caller commits.
    """
    table = OutboxMessage.__table__
    statement = update(table).where(table.c.event_id == event_id, table.c.status == "failed")
    if message_id is not None:
        statement = statement.where(table.c.id == message_id)
    result = db.session.execute(
        statement.values(status="queued", attempts=0, next_attempt_at=utcnow())
    )
    return result.rowcount
