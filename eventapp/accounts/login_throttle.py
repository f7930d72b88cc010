"""Login throttling: a delay that grows with each failure, and an unlock link instead of a lock.

Rules (written once, here):

* Per account: the first ``free_failures`` failures cost nothing; after failure n > free the
  next attempt is checked only ``first_delay * 2 ** (n - free - 1)`` seconds later, at most
  ``max_delay``. Attempts refused during a delay are not counted and do not lengthen it.
  Guessing stays slow, but nobody can lock an owner out for long by failing on purpose.
* Per client address: the number of *accounts* that failed from it and have not logged in
  from it since. A new account failing from an address that already has
  ``max_accounts_per_address`` of them is refused. Fifty people behind one NAT with a few
  typos each count once each and leave the count when they log in; one address trying
  password after password over many accounts stops at the limit.
* An unlock link mailed to the account lets the browser that opens it past both limits for
  that account: the owner reads their mail, an attacker who only knows the address cannot.
* A successful login clears the account's failures and takes the account off its address.
* Every row is forgotten ``memory`` seconds after its last counted attempt.

Each claim is committed before the password is checked, and every counter is raised by one
conditional UPSERT (checking and recording in one statement), so thirty concurrent attempts
cannot all see "3 so far" and slip through; on PostgreSQL the row lock serialises them, on
SQLite the database's single writer does. Always account, then pair, then address: one
order, so no two claims deadlock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, case, delete, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eventapp.accounts.models import LoginThrottle, normalise_email
from eventapp.extensions import db

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class Rules:
    free_failures: int = 3
    first_delay: float = 1.0  # seconds
    max_delay: float = 900.0
    max_accounts_per_address: int = 20
    memory: float = 3600.0

    @classmethod
    def from_config(cls, config: Mapping) -> Rules:
        return cls(config["LOGIN_FREE_FAILURES"], config["LOGIN_FIRST_DELAY_SECONDS"],
                   config["LOGIN_MAX_DELAY_SECONDS"], config["LOGIN_MAX_ACCOUNTS_PER_ADDRESS"],
                   config["LOGIN_FAILURE_MEMORY_SECONDS"])

    def delay_after(self, failures: int) -> float:
        """Seconds before the next attempt may be checked, after this many failures."""
        if failures <= self.free_failures:
            return 0.0
        return min(self.first_delay * 2 ** (failures - self.free_failures - 1), self.max_delay)

    def delay_ms_sql(self, failures: ColumnElement[int]) -> ColumnElement[int]:
        """``delay_after`` as SQL, for the count a statement is about to write."""
        whens: list[tuple[ColumnElement[bool], int]] = [(failures <= self.free_failures, 0)]
        n = self.free_failures + 1
        while self.delay_after(n) < self.max_delay and n <= self.free_failures + 64:
            whens.append((failures == n, _ms(self.delay_after(n))))
            n += 1
        return case(*whens, else_=_ms(self.max_delay))


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming one attempt: ``refused`` names the limit, ``wait`` its seconds."""

    refused: str | None = None  # ACCOUNT or ADDRESS
    wait: int = 0


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def _now_ms(now: float | None) -> int:
    return _ms(time.time() if now is None else now)


def account_key(email: str) -> str:
    return f"{ACCOUNT}:{normalise_email(email)}"[:300]


def address_key(remote_addr: str | None) -> str:
    return f"{ADDRESS}:{remote_addr or '-'}"[:300]


def pair_key(email: str, remote_addr: str | None) -> str:
    return f"pair:{remote_addr or '-'}|{normalise_email(email)}"[:300]


def _insert() -> Callable[..., Any]:
    """The dialect's insert, which has ON CONFLICT."""
    return pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _raise_account(key: str, now_ms: int, rules: Rules) -> bool:
    """Count one failure unless the account is inside its delay; atomically."""
    counted = LoginThrottle.failures + 1
    statement = _insert()(LoginThrottle).values(
        key=key, failures=1, last_attempt_ms=now_ms,
        blocked_until_ms=now_ms + _ms(rules.delay_after(1)))
    statement = statement.on_conflict_do_update(
        index_elements=[LoginThrottle.key],
        set_={"failures": counted, "last_attempt_ms": now_ms,
              # Typed: PostgreSQL would take a bare parameter for a 32-bit integer.
              "blocked_until_ms": literal(now_ms, BigInteger) + rules.delay_ms_sql(counted)},
        # The free attempts are never refused: two logins of one account in the same
        # millisecond (two tabs) must not read each other's instant as a delay.
        where=or_(LoginThrottle.blocked_until_ms <= now_ms,
                  LoginThrottle.failures < rules.free_failures),
    ).returning(LoginThrottle.failures)
    return db.session.execute(statement).scalar() is not None


def _raise_pair(key: str, now_ms: int) -> int:
    """Count one failure of this account from this address; the count after it."""
    statement = _insert()(LoginThrottle).values(key=key, failures=1, last_attempt_ms=now_ms)
    statement = statement.on_conflict_do_update(
        index_elements=[LoginThrottle.key],
        set_={"failures": LoginThrottle.failures + 1, "last_attempt_ms": now_ms},
    ).returning(LoginThrottle.failures)
    return db.session.execute(statement).scalar_one()


def _raise_address(key: str, now_ms: int, limit: int) -> bool:
    """Add one failing account to the address unless it has reached the limit; atomically."""
    statement = _insert()(LoginThrottle).values(key=key, failures=1, last_attempt_ms=now_ms)
    statement = statement.on_conflict_do_update(
        index_elements=[LoginThrottle.key],
        set_={"failures": LoginThrottle.failures + 1, "last_attempt_ms": now_ms},
        where=LoginThrottle.failures < limit,
    ).returning(LoginThrottle.failures)
    return db.session.execute(statement).scalar() is not None


def _wait_seconds(key: str, now_ms: int, rules: Rules, kind: str) -> int:
    row = db.session.execute(
        select(LoginThrottle.blocked_until_ms, LoginThrottle.last_attempt_ms)
        .where(LoginThrottle.key == key)).first()
    if row is None:
        return 1
    until = row.blocked_until_ms if kind == ACCOUNT else row.last_attempt_ms + _ms(rules.memory)
    return max(math.ceil((until - now_ms) / 1000), 1)


def claim_attempt(email: str, remote_addr: str | None, rules: Rules, *,
                  unlocked: bool = False, now: float | None = None) -> Claim:
    """Count one attempt for the account, its address pair and the address, or refuse it.

    Committed before the password is checked. ``unlocked``: this browser opened the
    account's unlock link, so neither limit applies to it (nothing is counted).
    """
    if unlocked:
        return Claim()
    now_ms = _now_ms(now)
    # Start from a fresh transaction: on SQLite a transaction that has already read cannot
    # wait for the write lock, it fails at once.
    db.session.commit()
    db.session.execute(delete(LoginThrottle)
                       .where(LoginThrottle.last_attempt_ms < now_ms - _ms(rules.memory)))
    account = account_key(email)
    if not _raise_account(account, now_ms, rules):
        wait = _wait_seconds(account, now_ms, rules, ACCOUNT)
        db.session.rollback()
        return Claim(ACCOUNT, wait)
    address = address_key(remote_addr)
    if (_raise_pair(pair_key(email, remote_addr), now_ms) == 1
            and not _raise_address(address, now_ms, rules.max_accounts_per_address)):
        wait = _wait_seconds(address, now_ms, rules, ADDRESS)
        db.session.rollback()
        return Claim(ADDRESS, wait)
    db.session.commit()
    return Claim()


def forget_failures(email: str, remote_addr: str | None) -> None:
    """A good password: the account's failures go, and it no longer counts on its address.

    The address keeps its other accounts: logging in to one's own account must not reset
    the count of a password sprayed over other people's. Committed.
    """
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == account_key(email)))
    gone = db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.key == pair_key(email, remote_addr))
        .returning(LoginThrottle.key)).first()
    if gone is not None:
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == address_key(remote_addr), LoginThrottle.failures > 0)
            .values(failures=LoginThrottle.failures - 1))
    db.session.commit()


def use_unlock(nonce: str, email: str, *, now: float | None = None) -> bool:
    """Spend an unlock link (False when it was spent before) and clear the account's delay.

    The spent mark is a row like the others, kept for ``memory`` seconds; links live no
    longer than that (see tokens.unlock_max_age). Committed.
    """
    now_ms = _now_ms(now)
    db.session.commit()
    statement = _insert()(LoginThrottle).values(
        key=f"unlock:{nonce}"[:300], failures=0, last_attempt_ms=now_ms
    ).on_conflict_do_nothing(index_elements=[LoginThrottle.key]).returning(LoginThrottle.key)
    if db.session.execute(statement).scalar() is None:
        db.session.rollback()
        return False
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == account_key(email)))
    db.session.commit()
    return True
