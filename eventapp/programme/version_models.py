"""A published version of an event's programme: what it was at that moment, kept as data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db


class ScheduleVersion(db.Model):
    __tablename__ = "schedule_versions"
    __table_args__ = (
        # Two organizers publishing at once must never get the same number: the event's row
        # lock orders them, and this refuses what would slip past it.
        UniqueConstraint("event_id", "number", name="uq_schedule_versions_event_number"),
        CheckConstraint("number > 0", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    note: Mapped[str] = mapped_column(String(500), default="")
    # The programme as published (see eventapp.programme.schedule_versions.snapshot): the
    # changelog is computed from two of these, so it never drifts from what was shown.
    snapshot: Mapped[str] = mapped_column(Text)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Whether the participants who starred a changed session were written to.
    notified: Mapped[bool] = mapped_column(default=False)
