"""Sent mail is kept for a while (the organizers' Mail page shows it), then deleted.

`OUTBOX_SENT_RETENTION_DAYS` (30 by default) is how long a sent message stays; queued and
failed messages are never deleted here. The mail worker prunes once an hour, and
`flask prune-outbox` does it on demand. Deleted in batches, so no transaction grows with the
size of the backlog.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.sql_sets import in_set

BATCH = 5000


def retention() -> timedelta:
    return timedelta(days=current_app.config["OUTBOX_SENT_RETENTION_DAYS"])


def prune_sent(now: datetime | None = None) -> int:
    """Delete messages sent longer ago than the retention; how many went (committed)."""
    cutoff = (now or utcnow()) - retention()
    table = OutboxMessage.__table__
    removed = 0
    while True:
        ids = list(db.session.scalars(
            select(table.c.id).where(table.c.status == "sent", table.c.sent_at < cutoff)
            .order_by(table.c.id).limit(BATCH)))
        if not ids:
            return removed
        db.session.execute(delete(table).where(in_set(table.c.id, ids),
                                               table.c.status == "sent"))
        db.session.commit()
        removed += len(ids)
