"""Login sessions: one row per login on one device, named by a token in the session cookie.

The session lives in a signed cookie, which the server cannot take back; the row can be. A
request's cookie is accepted only while its row exists and is younger than the longest a
login lasts, so logging out (deleting the row) makes every copy of that cookie useless while
the account's other devices stay logged in. "Log out everywhere" and a new password raise
the account's session generation instead (accounts/service.py), which ends them all.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache

from flask import current_app
from sqlalchemy import Select, bindparam, delete, select

from eventapp.accounts.models import LoginSession, User
from eventapp.db_types import utcnow
from eventapp.extensions import db

SESSION_KEY = "_login"


def _max_age() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_SESSION_MAX_AGE_SECONDS"])


def begin(user: User) -> str:
    """A new login session for the user (committed); its token, for the session cookie.

    The user's login sessions older than the longest a login lasts go at the same time, so
    the table holds no more than the logins of that period.
    """
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.created_at < now - _max_age()))
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(token=token, user_id=user.id, created_at=now))
    db.session.commit()
    return token


def user_of(user_id: int, token: object) -> User | None:
    """The user of a request's login session, in one query; None when it has ended."""
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(_user_of_session(), {
        "user_id": user_id, "token": token, "since": utcnow() - _max_age()})


@cache
def _user_of_session() -> Select:
    # Built once: every request runs it, and building the statement cost more Python than
    # running it (its cache key is then kept with it).
    return (select(User).join(LoginSession, LoginSession.user_id == User.id)
            .where(User.id == bindparam("user_id"), LoginSession.token == bindparam("token"),
                   LoginSession.created_at >= bindparam("since")))


def end(token: object) -> None:
    """This login session ends (not committed)."""
    if isinstance(token, str) and token:
        db.session.execute(delete(LoginSession).where(LoginSession.token == token))


def end_all(user: User, *, keep: object = None) -> None:
    """Every login session of the user ends, but `keep` (not committed)."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if isinstance(keep, str) and keep:
        query = query.where(LoginSession.token != keep)
    db.session.execute(query)
