"""Reading the trail: one page of an event's entries, a registration's or a session's own
history, and every entry for an export; each one query, whatever the trail's length.

Pages go by the entry id (keyset): "older" is the entries below the page's last id, so a
page at the end of 100,000 entries costs what the first one does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Row, Select, func, select

from eventapp.audit.models import AuditEntry
from eventapp.extensions import db

PER_PAGE = 50
HISTORY_LENGTH = 10


@dataclass(frozen=True)
class AuditFilters:
    """What the page's query parameters ask for; empty means "any"."""

    who: str = ""
    action: str = ""
    object_type: str = ""
    # An object's id (digits) or words of its label.
    object: str = ""
    subject: str = ""
    batch: str = ""
    since: date | None = None
    until: date | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query parameters, for links that keep them."""
        names = {"object_type": "type", "since": "from", "until": "to"}
        out = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value:
                out[names.get(item.name, item.name)] = \
                    value.isoformat() if isinstance(value, date) else value
        return out

    @property
    def any(self) -> bool:
        return bool(self.as_args())


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def conditions(event_id: int, filters: AuditFilters,
               zone: ZoneInfo) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [AuditEntry.event_id == event_id]
    if filters.who:
        found.append(func.lower(AuditEntry.actor_label).contains(
            filters.who.lower(), autoescape=True))
    if filters.action:
        found.append(AuditEntry.action == filters.action)
    if filters.object_type:
        found.append(AuditEntry.object_type == filters.object_type)
    if filters.object:
        if filters.object.isdigit() and len(filters.object) < 10:
            found.append(AuditEntry.object_id == int(filters.object))
        else:
            found.append(func.lower(AuditEntry.object_label).contains(
                filters.object.lower(), autoescape=True))
    if filters.subject:
        found.append(AuditEntry.subject == filters.subject)
    if filters.batch:
        found.append(AuditEntry.batch_id == filters.batch)
    # Days of the event's calendar: from the start of `since` to the end of `until`.
    if filters.since is not None:
        found.append(AuditEntry.at >= _local_midnight(filters.since, zone))
    if filters.until is not None:
        found.append(AuditEntry.at < _local_midnight(filters.until + timedelta(days=1), zone))
    return found


# Plain rows, not ORM objects: entries are only ever read, and rows cost a fraction to load.
_COLUMNS = tuple(AuditEntry.__table__.c)


def _rows(query: Select) -> list[Row]:
    return list(db.session.execute(query))


@dataclass
class AuditPage:
    entries: list[Row]
    # The keys of the links to the neighbouring pages (None: no such page).
    older_than: int | None
    newer_than: int | None


def audit_page(event_id: int, filters: AuditFilters, zone: ZoneInfo, *,
               before: int | None = None, after: int | None = None,
               per_page: int = PER_PAGE) -> AuditPage:
    """Newest first: the page below `before`, or the page just above `after`; one query."""
    query: Select = select(*_COLUMNS).where(*conditions(event_id, filters, zone))
    if after is not None:
        rows = _rows(
            query.where(AuditEntry.id > after).order_by(AuditEntry.id).limit(per_page + 1))
        more_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        return AuditPage(rows, rows[-1].id if rows else None,
                         rows[0].id if rows and more_newer else None)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    rows = _rows(query.order_by(AuditEntry.id.desc()).limit(per_page + 1))
    more_older = len(rows) > per_page
    rows = rows[:per_page]
    return AuditPage(rows, rows[-1].id if rows and more_older else None,
                     rows[0].id if rows and before is not None else None)


def history(event_id: int, subject: str, limit: int = HISTORY_LENGTH) -> list[Row]:
    """The latest entries of one registration or session ("registration:12")."""
    return _rows(
        select(*_COLUMNS).where(AuditEntry.event_id == event_id, AuditEntry.subject == subject)
        .order_by(AuditEntry.id.desc()).limit(limit))


def export_entries(event_id: int, filters: AuditFilters, zone: ZoneInfo) -> Iterator[Row]:
    """Every matching entry, newest first, read from the cursor as the file is written."""
    return iter(db.session.execute(
        select(*_COLUMNS).where(*conditions(event_id, filters, zone))
        .order_by(AuditEntry.id.desc()).execution_options(yield_per=1000)))
