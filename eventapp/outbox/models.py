"""One row per message to deliver; the worker's claim and retry state lives on the row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db

# queued: waiting (possibly for a retry time); sending: claimed by a worker until
# claimed_until; sent: delivered; failed: gave up after the last attempt (an organizer
# can queue it again).
OUTBOX_STATUSES = ("queued", "sending", "sent", "failed")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed')", name="status"
        ),
        CheckConstraint("attempts >= 0", name="attempts"),
        # The worker's question: what is due, oldest first.
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
        # The organizer page: one event's messages by status, newest first.
        Index("ix_outbox_messages_event_status", "event_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept when the event is deleted: the message may still be due to someone.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    # JSON list of {"filename", "content_type", "content" (base64)}; "[]" when none.
    attachments: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
