"""Writing entries: one INSERT for any number of them, in the caller's transaction.

`record` is for what the flush listener cannot tell by itself: a named action, its reason,
each person of a bulk action, a change made by a set-based statement. Nothing here commits.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from eventapp.audit.context import current_actor, current_batch, current_source
from eventapp.audit.models import AuditEntry
from eventapp.db_types import as_utc, utcnow
from eventapp.extensions import db

# Longer texts are cut: the trail says what changed, the object keeps the full text.
MAX_VALUE_LENGTH = 500
LABEL_LENGTH = 300
SENSITIVE_MARK = {"changed": True}


@dataclass(frozen=True)
class Entry:
    """One change to record. ``changes``: field -> (old, new), written from -> to."""

    event_id: int | None
    object_type: str
    object_id: int | None
    label: str
    action: str
    changes: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    reason: str = ""
    subject: str | None = None
    # Fields whose values must never be written: only that they changed.
    sensitive: frozenset[str] = frozenset()


JsonValue = None | bool | int | float | str


def plain(value: object) -> JsonValue:
    """A value as JSON can hold it, short enough for the trail."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    text = str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[:MAX_VALUE_LENGTH - 1] + "…"


def encode_changes(changes: Mapping[str, tuple[Any, Any]],
                   sensitive: Iterable[str] = ()) -> str:
    hidden = set(sensitive)
    out: dict[str, Any] = {}
    for name, (old, new) in sorted(changes.items()):
        out[name] = dict(SENSITIVE_MARK) if name in hidden \
            else {"from": plain(old), "to": plain(new)}
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


_BATCH_KEY = "audit_batch"


def rows_for(entries: Iterable[Entry], batch: str) -> list[dict[str, Any]]:
    actor = current_actor()
    context = current_source()
    now = utcnow()
    return [
        {
            "at": now, "event_id": entry.event_id, "actor_user_id": actor.user_id,
            "actor_label": actor.label[:LABEL_LENGTH], "context": context,
            "object_type": entry.object_type, "object_id": entry.object_id,
            "object_label": " ".join((entry.label or "").split())[:LABEL_LENGTH],
            "subject": entry.subject, "action": entry.action,
            "changes": encode_changes(entry.changes, entry.sensitive),
            "reason": (entry.reason or "").strip(), "batch_id": batch,
        }
        for entry in entries
    ]


def write(session: Session, entries: Sequence[Entry]) -> int:
    """Insert the entries with one statement on the session's connection."""
    if not entries:
        return 0
    # Outside a request or command, the transaction is the batch.
    batch = current_batch() or session.info.setdefault(_BATCH_KEY, uuid.uuid4().hex)
    rows = rows_for(entries, batch)
    session.connection().execute(insert(AuditEntry.__table__), rows)
    return len(rows)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _end_batch(session: Session) -> None:
    session.info.pop(_BATCH_KEY, None)


def record(event_id: int | None, object_type: str, object_id: int | None, label: str,
           action: str, *, changes: Mapping[str, tuple[Any, Any]] | None = None,
           reason: str = "", subject: str | None = None) -> None:
    """Record one named action in the current transaction."""
    write(db.session, [Entry(event_id, object_type, object_id, label, action,
                             dict(changes or {}), reason, subject)])


def record_many(entries: Sequence[Entry]) -> int:
    """Record many entries (each person of a bulk action) with one statement."""
    return write(db.session, entries)
