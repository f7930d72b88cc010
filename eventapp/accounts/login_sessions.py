"""Login sessions: one row per login on one device, named by a token in the session cookie.

The session lives in a signed cookie, which the server cannot take back; the row can be. A
request's cookie is accepted only while its row exists and is younger than the longest a
login lasts, so logging out (deleting the row) makes every copy of that cookie useless while
the account's other devices stay logged in. "Log out everywhere" and a new password raise
the account's session generation instead (accounts/service.py), which ends them all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import cache

from flask import current_app
from sqlalchemy import ColumnElement, Select, bindparam, delete, select

from eventapp.accounts.models import LoginSession, User
from eventapp.db_types import utcnow
from eventapp.extensions import db

SESSION_KEY = "_login"

# Facts about the account that most pages ask (is it on an event's team, for the menu),
# read in the login's own statement. Packages above accounts fill it at start-up with a
# column over `users.id`, so a page needs no statement of its own for them.
_facts: dict[str, Callable[[], ColumnElement]] = {}


def add_login_fact(name: str, column: Callable[[], ColumnElement]) -> None:
    """Read `column()` (correlated to the users row) with every request's login."""
    _facts[name] = column


def login_fact(user: object, name: str) -> object:
    """A fact read with the login; AttributeError-free: a missing one is `LookupError`."""
    facts = getattr(user, "_login_facts", None)
    if facts is None or name not in facts:
        raise LookupError(name)
    return facts[name]


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
    """The user of a request's login session, with its login facts, in one query; None when
    it has ended."""
    if not isinstance(token, str) or not token:
        return None
    names = tuple(_facts)
    row = db.session.execute(_user_of_session(names), {
        "user_id": user_id, "token": token, "since": utcnow() - _max_age()}).first()
    if row is None:
        return None
    user = row[0]
    # Kept on the instance for this request only: the loader runs again on the next one.
    user._login_facts = dict(zip(names, row[1:], strict=True))
    return user


@cache
def _user_of_session(names: tuple[str, ...]) -> Select:
    # Built once (per set of facts, fixed at start-up): every request runs it, and building
    # the statement cost more Python than running it (its cache key is then kept with it).
    return (select(User, *(_facts[name]().label(f"fact_{n}") for n, name in enumerate(names)))
            .join(LoginSession, LoginSession.user_id == User.id)
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
