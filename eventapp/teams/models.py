"""An event's team members and the invitations to join it.

The tables refer to events and users by name only ("events.id", "users.id"), so this
package sits below the programme and the access check of its blueprints can read them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.accounts.models import User
from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db

ROLE_CHECK = "role IN ('owner', 'organizer', 'chair', 'desk', 'viewer')"


class EventMember(db.Model):
    """One account's role on one event; deleting the event or the account removes it."""

    __tablename__ = "event_members"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_event_members_event_user"),
        CheckConstraint(ROLE_CHECK, name="role"),
        # The access check's question: this account's events and roles.
        Index("ix_event_members_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(User, lazy="joined")


class TeamInvitation(db.Model):
    """An invitation mailed to an address; its link carries the row's id and nonce, and
    works once (accepted_at) until it expires or is cancelled (the row is deleted)."""

    __tablename__ = "team_invitations"
    __table_args__ = (
        CheckConstraint(ROLE_CHECK, name="role"),
        Index("ix_team_invitations_event", "event_id", "accepted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # Stored lower-cased, as accounts store theirs.
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    # The language of the mail and of the page it links to ('en', 'fr', 'es').
    language: Mapped[str] = mapped_column(String(5))
    nonce: Mapped[str] = mapped_column(String(43), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
