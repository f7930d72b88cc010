"""One row per recorded change; append-only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        # The event's page, newest first, one page at a time (keyset on the id).
        Index("ix_audit_entries_event_id_id", "event_id", "id"),
        # A registration's or a session's own history.
        Index("ix_audit_entries_event_subject", "event_id", "subject", "id"),
        # The trail filtered by an object's number ("object=12"), newest first.
        Index("ix_audit_entries_event_object", "event_id", "object_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # No foreign keys: an entry outlives the account, the event and the object it names,
    # which is why the labels are kept as text beside the ids.
    event_id: Mapped[int | None] = mapped_column()
    actor_user_id: Mapped[int | None] = mapped_column()
    # The account's address, "CLI: <os user>", "system" or "anonymous".
    actor_label: Mapped[str] = mapped_column(String(300))
    # Where the change came from besides the actor: an import's file name, say.
    context: Mapped[str] = mapped_column(String(300), default="")
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    object_label: Mapped[str] = mapped_column(String(300), default="")
    # The registration or session whose history shows the entry ("session:12").
    subject: Mapped[str | None] = mapped_column(String(60))
    # created / changed / deleted, or a named action ("approved", "floor given", "moved").
    action: Mapped[str] = mapped_column(String(60))
    # JSON: {"field": {"from": old, "to": new}}, or {"field": {"changed": true}} for a
    # personal-sensitive field, whose values are never written.
    changes: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")
    # One request, command or bulk action: its entries share this id.
    batch_id: Mapped[str] = mapped_column(String(32), index=True)


class AuditEntryImmutable(RuntimeError):
    """Raised when the app tries to change or delete an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse(mapper: Mapper, connection: Connection, target: AuditEntry) -> None:
    raise AuditEntryImmutable("audit entries are never changed nor deleted")
