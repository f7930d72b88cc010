"""Login rate limiting backed by the database, so it holds across worker processes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from eventapp.accounts.models import LoginAttempt
from eventapp.db_types import utcnow
from eventapp.extensions import db


def attempt_key(email: str, remote_addr: str | None) -> str:
    return f"{(email or '').strip().lower()}|{remote_addr or '-'}"


def is_locked_out(key: str, *, max_failures: int, window_seconds: int) -> bool:
    since = utcnow() - timedelta(seconds=window_seconds)
    count = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.key == key, LoginAttempt.attempted_at >= since
        )
    )
    return (count or 0) >= max_failures


def record_failure(key: str, *, window_seconds: int) -> None:
    # Old rows are pruned as we go: the table never grows beyond the window's traffic.
    cutoff = utcnow() - timedelta(seconds=window_seconds)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < cutoff))
    db.session.add(LoginAttempt(key=key))
    db.session.commit()


def clear_failures(key: str) -> None:
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
    db.session.commit()
