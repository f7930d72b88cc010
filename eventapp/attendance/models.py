"""Check-ins: a person present on one day of the event, recorded by a desk.

A check-in is per event-local day, so a two-day dialogue counts each day. A mistaken one is
undone, not deleted: it keeps who undid it and when, and no longer counts. Among the check-ins
not undone there is one per registration and day (a partial unique index), so two desks
scanning the same badge at the same instant record one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.accounts.models import User
from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db
from eventapp.programme.models import Session
from eventapp.registration.models import Registration

ACTIVE_WHERE = "undone_at IS NULL"
DESK_LABEL_MAX = 60


class CheckIn(db.Model):
    __tablename__ = "check_ins"
    __table_args__ = (
        Index("ix_check_ins_one_per_day", "registration_id", "day", unique=True,
              sqlite_where=text(ACTIVE_WHERE), postgresql_where=text(ACTIVE_WHERE)),
        Index("ix_check_ins_event_day", "event_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    # The event's local date of the check-in: attendance counts per day of the event.
    day: Mapped[date] = mapped_column(Date)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The desk's own name for itself ("Door A", "Phone 2"), as typed there.
    desk: Mapped[str] = mapped_column(String(DESK_LABEL_MAX), default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship()
    by_user: Mapped[User | None] = relationship(foreign_keys=[by_user_id])
    undone_by_user: Mapped[User | None] = relationship(foreign_keys=[undone_by_user_id])


class SessionPresence(db.Model):
    """A person present in one session, scanned at its door.

    Like a check-in, a mistaken one is undone, not deleted; among those not undone there is
    one per session and registration, so two doors scanning one badge at once record one.
    """

    __tablename__ = "session_presences"
    __table_args__ = (
        Index("ix_session_presences_one_per_session", "session_id", "registration_id",
              unique=True, sqlite_where=text(ACTIVE_WHERE), postgresql_where=text(ACTIVE_WHERE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The door's own name for itself ("Room B, left door"), as typed there.
    desk: Mapped[str] = mapped_column(String(DESK_LABEL_MAX), default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship()
    session: Mapped[Session] = relationship()
    by_user: Mapped[User | None] = relationship(foreign_keys=[by_user_id])
    undone_by_user: Mapped[User | None] = relationship(foreign_keys=[undone_by_user_id])
