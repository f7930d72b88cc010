"""How often the app writes account mail to one address, held in the database.

Each mail first claims a place in a counter row (one per key and fixed window) with a single
conditional UPSERT: the row is raised only while it is below the limit, and RETURNING tells
whether it was. Checking and recording are one statement, so concurrent requests cannot all
see "2 so far" and slip through. Login attempts have rules of their own (login_throttle.py).

Fixed windows are cheap and exact to count; their cost is that a sender can use the end of
one window and the start of the next, so at most twice the limit in a short burst.
"""

from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eventapp.accounts.models import LoginCounter, normalise_email
from eventapp.extensions import db

MAIL = "mail"


def window_start(window_seconds: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(now // window_seconds) * window_seconds


def _raise_below(key: str, window: int, limit: int) -> bool:
    """Add one to the key's counter unless it has reached the limit, atomically."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(LoginCounter).values(key=key, window_start=window, attempts=1)
    statement = statement.on_conflict_do_update(
        index_elements=[LoginCounter.key, LoginCounter.window_start],
        set_={"attempts": LoginCounter.attempts + 1},
        where=LoginCounter.attempts < limit,
    ).returning(LoginCounter.attempts)
    attempts = db.session.execute(statement).scalar()
    return attempts is not None


def claim_account_mail(email: str, *, limit: int, window_seconds: int,
                       now: float | None = None) -> bool:
    """True when one more account mail (reset, confirmation, unlock) may go to this address.

    Bounds how often anyone can make the app write to someone's inbox; committed.
    """
    window = window_start(window_seconds, now)
    db.session.commit()
    allowed = _raise_below(f"{MAIL}:{normalise_email(email)}"[:300], window, limit)
    # Old windows go as new ones start; the table holds about one window's traffic.
    db.session.execute(delete(LoginCounter).where(LoginCounter.window_start < window))
    db.session.commit()
    return allowed


def account_mail_allowed(email: str) -> bool:
    """``claim_account_mail`` with the app's configured limit and window."""
    cfg = current_app.config
    return claim_account_mail(email, limit=cfg["ACCOUNT_MAILS_PER_WINDOW"],
                              window_seconds=cfg["LOGIN_WINDOW_SECONDS"])
