"""Reading the trail back in tests."""

from __future__ import annotations

import json

from sqlalchemy import select

from eventapp.audit.models import AuditEntry
from eventapp.extensions import db


def entries(**where) -> list[AuditEntry]:
    """Every entry, oldest first, optionally of one object type / action / event."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEntry, name) == value)
    return list(db.session.scalars(query))


def changes(entry: AuditEntry) -> dict:
    return json.loads(entry.changes)


def summary(entry: AuditEntry) -> tuple:
    return (entry.event_id, entry.actor_label, entry.object_type, entry.object_id,
            entry.object_label, entry.action, changes(entry), entry.reason)
