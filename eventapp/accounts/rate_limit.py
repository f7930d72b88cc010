"""Login limits per account and per client address, held in the database.

Each login attempt first claims a place in a counter row (one per key and fixed window)
with a single conditional UPSERT: the row is raised only while it is below the limit, and
RETURNING tells whether it was. Checking and recording are one statement, so 30 concurrent
attempts cannot all see "4 so far" and slip through; on PostgreSQL the row lock serialises
them, on SQLite the database's single writer does. The claim is committed before the
password is checked, so every worker process sees it at once.

Fixed windows are cheap and exact to count; their cost is that an attacker can use the
end of one window and the start of the next, so at most twice the limit in a short burst.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eventapp.accounts.models import LoginCounter, normalise_email
from eventapp.extensions import db

ACCOUNT = "account"
ADDRESS = "address"
MAIL = "mail"


def account_key(email: str) -> str:
    return f"{ACCOUNT}:{normalise_email(email)}"[:300]


def address_key(remote_addr: str | None) -> str:
    return f"{ADDRESS}:{remote_addr or '-'}"[:300]


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming one login attempt: refused names the key that is full."""

    window_start: int
    refused: str | None = None  # ACCOUNT or ADDRESS


def window_start(window_seconds: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(now // window_seconds) * window_seconds


def _raise_below(key: str, window: int, limit: int) -> bool:
    """Add one attempt to the key's counter unless it has reached the limit, atomically."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(LoginCounter).values(key=key, window_start=window, attempts=1)
    statement = statement.on_conflict_do_update(
        index_elements=[LoginCounter.key, LoginCounter.window_start],
        set_={"attempts": LoginCounter.attempts + 1},
        where=LoginCounter.attempts < limit,
    ).returning(LoginCounter.attempts)
    attempts = db.session.execute(statement).scalar()
    return attempts is not None


def claim_attempt(email: str, remote_addr: str | None, *, account_limit: int,
                  address_limit: int, window_seconds: int, now: float | None = None) -> Claim:
    """Claim one attempt for the account and the address, both or neither; committed."""
    window = window_start(window_seconds, now)
    # Start from a fresh transaction: on SQLite a transaction that has already read cannot
    # wait for the write lock, it fails at once.
    db.session.commit()
    # Always the account first, then the address: one order, so no two claims deadlock.
    for kind, key, limit in ((ACCOUNT, account_key(email), account_limit),
                             (ADDRESS, address_key(remote_addr), address_limit)):
        if not _raise_below(key, window, limit):
            db.session.rollback()
            return Claim(window, refused=kind)
    # Old windows go as new ones start; the table holds about one window's traffic.
    db.session.execute(delete(LoginCounter).where(LoginCounter.window_start < window))
    db.session.commit()
    return Claim(window)


def release_after_success(claim: Claim, email: str, remote_addr: str | None) -> None:
    """A good password clears the account's count and gives the address its place back.

    The address is not cleared: logging in to one's own account must not reset the count
    of a password sprayed over other people's.
    """
    db.session.execute(delete(LoginCounter).where(LoginCounter.key == account_key(email)))
    db.session.execute(
        update(LoginCounter)
        .where(LoginCounter.key == address_key(remote_addr),
               LoginCounter.window_start == claim.window_start, LoginCounter.attempts > 0)
        .values(attempts=LoginCounter.attempts - 1)
    )
    db.session.commit()


def claim_account_mail(email: str, *, limit: int, window_seconds: int,
                       now: float | None = None) -> bool:
    """True when one more account mail (reset, confirmation) may go to this address now.

    Bounds how often anyone can make the app write to someone's inbox; committed.
    """
    db.session.commit()
    allowed = _raise_below(f"{MAIL}:{normalise_email(email)}"[:300],
                           window_start(window_seconds, now), limit)
    db.session.commit()
    return allowed
