from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db

# A site administrator creates events and sees and manages every one; everyone else is an
# ordinary account, and reaches an event's organizer pages through its team (teams/).
ROLE_ADMIN = "admin"
ROLE_PARTICIPANT = "participant"
ROLES = (ROLE_ADMIN, ROLE_PARTICIPANT)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'participant')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every backend.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_PARTICIPANT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None until the owner follows the link in the confirmation e-mail.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Copied into each login session; raising it ends every session made before (logout,
    # password change), because a cookie carrying an older number is no longer accepted.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Interface and mail language ('en', 'fr', 'es'); None until the owner chooses one.
    language: Mapped[str | None] = mapped_column(String(5), default=None)

    person: Mapped[Person | None] = relationship(  # noqa: F821
        "Person", back_populates="user", uselist=False
    )
    # Read only by is_organizer; the access checks ask teams.access, once per request.
    team_memberships: Mapped[list[EventMember]] = relationship(  # noqa: F821
        "EventMember", viewonly=True, lazy="select"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def is_organizer(self) -> bool:
        """Whether the account reaches the organizer pages of some event: an administrator,
        or a member of some event's team."""
        return self.is_admin or bool(self.team_memberships)

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None


class LoginSession(db.Model):
    """One login on one device: the session cookie carries its token.

    A login session is accepted only while its row exists (and its account's session
    generation is the one it began with), so logging out deletes the row and every copy of
    that cookie stops working, while the account's other devices stay logged in.
    """

    __tablename__ = "login_sessions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginCounter(db.Model):
    """Account mails per address in one fixed time window.

    One row per key and window, raised by a single conditional UPSERT, so the limit holds
    across worker processes and under concurrent requests (see accounts/rate_limit.py).
    """

    __tablename__ = "login_counters"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # epoch seconds
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class LoginThrottle(db.Model):
    """Failed logins of one key: an account, an (address, account) pair, or an address.

    For an account or a pair, ``failures`` counts failed attempts and ``blocked_until_ms``
    is when the next one may be checked (a delay that grows with each failure). For an
    address, ``failures`` counts the accounts that failed from it and have not logged in
    from it since. ``unlock:`` rows mark unlock links already used. Each row is raised by
    one conditional UPSERT, so the rule holds across worker processes and under concurrent
    attempts (see accounts/login_throttle.py). Times are epoch milliseconds: the delay is
    added inside that statement, the same way on both databases.
    """

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_ms: Mapped[int] = mapped_column(BigInteger, index=True)
    blocked_until_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class FeedToken(db.Model):
    """The secret in a user's personal calendar subscription URL."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # A secret: the audit trail records that it changed, never its value.
    token: Mapped[str] = mapped_column(String(64), unique=True, info={"sensitive": True})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
